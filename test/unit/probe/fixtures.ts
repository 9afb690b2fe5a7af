import {readFileSync} from 'node:fs'

/** Nonce the recorded fixtures were made with (test/fixtures/probe/record.sh). */
export const FIXTURE_NONCE = 'fx0nce7q2'

export function fixture(name: string): string {
  return readFileSync(new URL(`../../fixtures/probe/${name}`, import.meta.url), 'utf8')
}
