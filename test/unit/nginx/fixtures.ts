/** Paths of the recorded real nginx outputs (see test/fixtures/nginx/record.sh). */
import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

export const fixtureDir = fileURLToPath(new URL('../../fixtures/nginx/', import.meta.url))
export const readFixture = (rel: string): string => readFileSync(fixtureDir + rel, 'utf8')
export const dump = (name: string): string => readFixture(`dumps/${name}.txt`)

/** 1-based line of the first line of `text` containing `needle` (fails loudly if absent). */
export function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle))
  if (i < 0) throw new Error(`"${needle}" not in fixture`)
  return i + 1
}
