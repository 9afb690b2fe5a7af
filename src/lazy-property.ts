/**
 * Defines `key` on `target` as computed on its first read and kept from then on as a plain
 * property; an assignment before that replaces it without computing. `onSettle` hears when
 * the property becomes a plain value either way (a registry of what it would have been
 * computed from can drop its entry). For what most runs never read: a busy host's kernel
 * log, decoded and split only if something asks.
 */
export function defineLazy<T extends object, K extends keyof T>(target: T, key: K, compute: () => T[K], onSettle?: () => void): void {
  const settle = (value: T[K]): T[K] => {
    onSettle?.()
    Object.defineProperty(target, key, {value, enumerable: true, writable: true, configurable: true})
    return value
  }
  Object.defineProperty(target, key, {enumerable: true, configurable: true, get: () => settle(compute()), set: settle})
}
