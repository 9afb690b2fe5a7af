import {readFile} from 'node:fs/promises'

import {HistoryError} from './schema.js'

/**
 * A state file's parsed JSON (boxed), or null when there is no file yet. Anything else that goes wrong is a
 * HistoryError naming the file (`what`: "run history", "run timeline"): a file that cannot be read
 * is never taken as empty, so nothing overwrites it.
 */
export async function readStateJson(file: string, what: string): Promise<{value: unknown} | null> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw new HistoryError(`cannot read ${what} ${file}: ${(error as Error).message}`, {cause: error})
  }
  try {
    // Boxed: a file holding `null` is a bad file, not a missing one.
    return {value: JSON.parse(text) as unknown}
  } catch (error) {
    throw new HistoryError(`${what} ${file} is not valid JSON (${(error as Error).message}); move it away (or delete it) to start over`, {cause: error})
  }
}
