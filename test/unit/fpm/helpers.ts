import {readFileSync, readdirSync, statSync} from 'node:fs'
import {join, relative, sep} from 'node:path'
import {fileURLToPath} from 'node:url'

export const FIXTURES = fileURLToPath(new URL('../../fixtures/fpm/', import.meta.url))

export function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8')
}

/** A recorded /etc tree as the probe would ship it: absolute host paths + contents. */
export function hostFiles(tree: string): Array<{path: string; content: string}> {
  const root = join(FIXTURES, 'files', tree)
  const out: Array<{path: string; content: string}> = []
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name)
      if (statSync(full).isDirectory()) walk(full)
      else out.push({path: '/' + relative(root, full).split(sep).join('/'), content: readFileSync(full, 'utf8')})
    }
  }
  walk(root)
  return out
}
