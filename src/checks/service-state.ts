import type {ServiceState} from '../probe/facts.js'

/** 'reloading' still serves: the old workers keep answering until the new ones are up. */
export function isRunning(service: ServiceState): boolean {
  return service.active === 'active' || service.active === 'reloading'
}

/** The raw state lines as evidence, with the manager named so operators know where to look. */
export function serviceEvidence(service: ServiceState): string[] {
  const head = `${service.manager === 'systemd' ? 'systemctl show' : 'service status'} ${service.unit}`
  return [head, ...service.raw].filter(Boolean)
}
