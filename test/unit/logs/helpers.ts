import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

/** Lines of a recorded log, as the probe's tail would return them (no trailing empty line). */
export function logLines(name: string): string[] {
  const text = readFileSync(fileURLToPath(new URL(`../../fixtures/logs/${name}`, import.meta.url)), 'utf8')
  return text.replace(/\n$/, '').split('\n')
}

export function fpmFixtureLines(name: string): string[] {
  const text = readFileSync(fileURLToPath(new URL(`../../fixtures/fpm/${name}`, import.meta.url)), 'utf8')
  return text.replace(/\n$/, '').split('\n')
}

/** The lab container that wrote the fixtures ran in Asia/Kolkata. */
export const IST = '+0530'

export const utc = (y: number, mo: number, d: number, h: number, mi: number, s: number): number => Date.UTC(y, mo - 1, d, h, mi, s) / 1000
