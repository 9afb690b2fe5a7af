/**
 * Colour only for a person at a terminal: never into a file or pipe, and never with
 * NO_COLOR set to a non-empty value (no-color.org: an empty NO_COLOR does not count).
 */
export function colorEnabled(stream: {isTTY?: boolean}, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(stream.isTTY) && !env.NO_COLOR
}
