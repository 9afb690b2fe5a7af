/**
 * fleet reload on a host whose local users are hostile, and whose /bin/sh is bash (RHEL family):
 * values read on the host (an error_log path, a process title) must stay data.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {bootLab, labUnavailable, reloadLab, served, type ReloadLab} from '../e2e/reload/reload-lab.js'

const SITE = '/etc/nginx/sites-available/app'
const unavailable = labUnavailable()

describe.skipIf(unavailable !== null)(`fleet reload against hostile host data${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let lab: ReloadLab
  let original = ''
  const write = (content: string) => lab.sh('rh1', `cat > ${SITE} <<'FLEET_EOF'\n${content}FLEET_EOF`)
  const marked = (marker: string, extra = '') => original.replace(/^(\tindex index\.php;)$/m, `$1\n\tadd_header X-Fleet-Push ${marker};${extra}`)

  beforeAll(async () => {
    lab = await bootLab(['rh1'], {rh1: ['sh-is-bash']})
    original = await lab.sh('rh1', `cat ${SITE}`)
  })
  afterAll(async () => {
    await lab?.down()
  })

  it('an error_log path holding a command substitution never runs it, under bash', async () => {
    expect(await lab.sh('rh1', 'readlink -f /bin/sh')).toBe('/usr/bin/bash\n')
    expect((await reloadLab(lab, ['--dry-run'])).code).toBe(0)
    // Valid nginx paths (the directories exist, nginx opens the files); the part before "|" is a
    // file too, as a split on "|" would read it.
    const paths = ['/var/log/nginx/x|IFS[`touch /tmp/pwned-bt`]/e.log', '/var/log/nginx/y|IFS[$(touch /tmp/pwned)]/e.log']
    await lab.sh('rh1', paths.map((p) => `mkdir -p '${p.replace(/\/e\.log$/, '')}' && touch '${p.split('|')[0]}'`).join(' && '))
    await write(marked('hostile', paths.map((p) => `\n\terror_log "${p}";`).join('')))
    const r = await reloadLab(lab, ['--settle', '1'])
    expect(r.report?.hosts.map((h) => h.outcome), r.stdout + r.stderr).toEqual(['reloaded'])
    expect(await served(lab.hosts[0].address)).toBe('200 hostile')
    expect(await lab.sh('rh1', 'ls /tmp/pwned /tmp/pwned-bt 2>&1 || true')).not.toMatch(/^\/tmp\/pwned/m)
    await write(marked('clean'))
    expect((await reloadLab(lab, ['--settle', '1'])).report?.hosts[0].outcome).toBe('reloaded')
  })

  it('the master is the host nginx: not a user process titled like it, nor a root nginx in another PID namespace', async () => {
    // Impostors started first get lower pids than the real master once nginx restarts, so a
    // "first nginx: master in ps" would pick one of them.
    await lab.sh(
      'rh1',
      [
        "printf 'daemon off; pid /tmp/impostor.pid; error_log /tmp/impostor.err; events {} http { access_log off; server { listen 127.0.0.1:8099; } }\\n' > /tmp/impostor.conf",
        // www-data (uid 33) runs a process titled as the master.
        "setsid -f setpriv --reuid=33 --regid=33 --clear-groups bash -c 'echo $$ > /tmp/impostor1.pid; exec -a \"nginx: master process /usr/sbin/nginx -g daemon on; master_process on;\" sleep 600' </dev/null >/dev/null 2>&1",
        // A real nginx, as root, in a PID namespace of its own (a container's).
        "setsid -f sh -c 'echo $$ > /tmp/impostor2.pid; exec unshare --pid --fork --kill-child /usr/sbin/nginx -c /tmp/impostor.conf' </dev/null >/dev/null 2>&1",
        'sleep 1',
        'systemctl restart nginx',
      ].join('\n'),
    )
    const titles = await lab.sh('rh1', "ps -eo pid=,user=,args= | awk '$3==\"nginx:\" && $4==\"master\"'")
    expect(titles.trim().split('\n').length, titles).toBe(3)
    const real = (await lab.sh('rh1', 'cat /run/nginx.pid')).trim()
    expect(Number(titles.trim().split(/\s+/)[0]), titles).toBeLessThan(Number(real))
    try {
      const dry = await reloadLab(lab, ['--dry-run'])
      expect(dry.code, dry.stdout + dry.stderr).toBe(0)
      await lab.sh('rh1', 'sleep 1')
      await write(marked('after-impostors'))
      const r = await reloadLab(lab, ['--settle', '1'])
      expect(r.report?.hosts.map((h) => h.outcome), r.stdout + r.stderr).toEqual(['reloaded'])
      expect(r.report!.hosts[0].reload!.masterBefore).toBe(Number(real))
      expect(await served(lab.hosts[0].address)).toBe('200 after-impostors')
    } finally {
      await lab.sh('rh1', 'kill $(cat /tmp/impostor1.pid /tmp/impostor2.pid); true')
    }
  })
})
