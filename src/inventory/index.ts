/** Public API of the inventory layer. */
export {loadInventory, type LoadOptions} from './load.js'
export {selectHosts, evaluateLimit, validatePattern, type PatternInventory, type Selection} from './select.js'
export {InventoryError, SelectionError} from './errors.js'
export {expandHostRange} from './host-range.js'
export type {HostSpec, GroupSpec, Inventory, SourceLocation} from './types.js'
