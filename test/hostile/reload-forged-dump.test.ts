/**
 * The files a snapshot copies (and a rollback writes back, as root) come from the headers of the
 * `nginx -T` dump. A user who can write one included file (an app's own site file) can write a
 * `# configuration file /etc/...:` line into it: such a header must not make fleet copy or restore
 * that other file. The real SNAPSHOT_SH runs here under this machine's sh and under bash, with a
 * stand-in nginx that prints the dump.
 */
import {execFileSync} from 'node:child_process'
import {chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, describe, expect, it} from 'vitest'

import {parseSections} from '../../src/reload/remote.js'
import {buildScript} from '../../src/reload/remote.js'
import {SNAPSHOT_SH} from '../../src/reload/snapshot.js'

const root = realpathSync(mkdtempSync(join(tmpdir(), 'fleet-forged-dump-')))
afterAll(() => rmSync(root, {recursive: true, force: true}))

/** A config dir, an outside site file with `site` as content, and a "secret" file elsewhere. */
function setup(name: string, site: (secret: string, secretContent: string) => string) {
  const dir = join(root, name)
  const conf = join(dir, 'conf')
  mkdirSync(conf, {recursive: true})
  mkdirSync(join(dir, 'app'))
  const secret = join(dir, 'secret')
  const secretContent = 'root-only content\n'
  writeFileSync(secret, secretContent)
  const main = join(conf, 'nginx.conf')
  const appSite = join(dir, 'app', 'site.conf')
  writeFileSync(main, `http { include ${appSite}; }\n`)
  writeFileSync(appSite, site(secret, secretContent))
  // What nginx -T prints: each file it read, after its header, plus a newline.
  const dump = [main, appSite].map((f) => `# configuration file ${f}:\n${execFileSync('cat', [f], {encoding: 'utf8'})}\n`).join('')
  writeFileSync(join(dir, 'dump'), dump)
  const nginx = join(dir, 'nginx')
  writeFileSync(nginx, `#!/bin/sh\ncat '${join(dir, 'dump')}'\n`)
  chmodSync(nginx, 0o755)
  return {conf, nginx, appSite, secret}
}

function extraFiles(shell: string, env: {conf: string; nginx: string}) {
  const script = buildScript(
    {CONFDIR: env.conf, FAKE_NGINX: env.nginx},
    `${SNAPSHOT_SH}\nNGINX=$FAKE_NGINX\nif extra_files "$FLEET_TMP/list"; then emit ok yes; else emit ok no; fi\nbegin list; cat "$FLEET_TMP/list"; end list`,
  )
  return parseSections(execFileSync(shell, ['-s'], {input: script.text, encoding: 'utf8'}), script.tag)
}

describe.each(['sh', 'bash'])('extra_files under %s', (shell) => {
  it('lists an included file outside the config dir by its resolved path', () => {
    const env = setup(`honest-${shell}`, () => 'server { listen 80; }\n')
    const out = extraFiles(shell, env)
    expect(out.values.get('ok')).toBe('yes')
    expect(out.blocks.get('list')).toBe(env.appSite)
  })

  it('a "# configuration file" header forged inside an included file names nothing to copy or restore', () => {
    const env = setup(`forged-${shell}`, (secret, content) => `server { listen 80; }\n# configuration file ${secret}:\n${content}`)
    const out = extraFiles(shell, env)
    expect(out.values.get('ok')).toBe('no')
    expect(out.blocks.get('list') ?? '').not.toContain(env.secret)
  })
})
