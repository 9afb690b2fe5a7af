/**
 * Errors of the inventory layer. Every inventory error points at FILE:LINE:COLUMN and
 * the field path, so an operator can jump straight to the line at fault.
 */
export class InventoryError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    /** Dotted path of the offending field, e.g. `hosts.web02.port`; '' for the document itself. */
    readonly field: string,
    /** The problem alone, without the location prefix. */
    readonly problem: string,
  ) {
    super(`${file}:${line}:${column}: ${field ? `${field}: ` : ''}${problem}`)
    this.name = 'InventoryError'
  }
}

/** A host selection (`--group`, `--limit`, `--host`) that names nothing or matches nothing. */
export class SelectionError extends Error {
  constructor(
    /** The command-line option at fault, e.g. `--limit`. */
    readonly option: string,
    /** The pattern or name at fault. */
    readonly pattern: string,
    message: string,
  ) {
    super(`${option} ${JSON.stringify(pattern)}: ${message}`)
    this.name = 'SelectionError'
  }
}
