import {execFileSync, spawn, spawnSync} from 'node:child_process'
import {createHash} from 'node:crypto'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {createConnection, createServer, type Server, type Socket} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {HostSpec} from '../../../src/inventory/types.js'
import {sha256Fingerprint} from '../../../src/transport/key-blob.js'
import {createSshConnector, type SshConnectorOptions} from '../../../src/transport/ssh.js'
import {TransportError, type Transport} from '../../../src/transport/types.js'
import {makeKey, readPublicKey, sshdAvailable, startSshd, type Sshd} from './sshd-harness.js'

const run = sshdAvailable() ? describe : describe.skip

let dir: string
let target: Sshd
let other: Sshd
let bastion: Sshd

function host(sshd: Pick<Sshd, 'address' | 'port'>, extra: Partial<HostSpec> = {}): HostSpec {
  return {
    name: `t${sshd.port}`,
    address: sshd.address,
    port: sshd.port,
    user: 'root',
    identityFiles: [],
    sudo: false,
    connection: 'ssh',
    groups: [],
    vars: {},
    ...extra,
  }
}

function knownHosts(name: string, lines: string[]): string {
  const file = join(dir, name)
  writeFileSync(file, lines.join('\n') + '\n')
  return file
}

function connector(options: Partial<SshConnectorOptions> & {knownHostsFiles: string[]}) {
  // agent: '' keeps a developer's own SSH_AUTH_SOCK out of the tests.
  return createSshConnector({acceptNew: false, agent: '', identityFiles: [target.clientKey], keepaliveIntervalMs: 5000, ...options})
}

async function failure(promise: Promise<unknown>): Promise<TransportError> {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(TransportError)
    return error as TransportError
  }
  throw new Error('expected a TransportError, got success')
}

async function withTransport<T>(t: Transport, body: (t: Transport) => Promise<T>): Promise<T> {
  try {
    return await body(t)
  } finally {
    await t.close()
  }
}

const fingerprintOf = (base64: string) => sha256Fingerprint(Buffer.from(base64, 'base64'))

run('ssh connector against a real sshd on loopback', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fleet-ssh-e2e-'))
    ;[target, other, bastion] = await Promise.all([
      startSshd({hostKeyTypes: ['ed25519', 'rsa']}),
      startSshd(),
      startSshd(),
    ])
    // One client key opens all three servers.
    other.authorize(readPublicKey(target.clientKey).line)
    bastion.authorize(readPublicKey(target.clientKey).line)
  })
  afterAll(async () => {
    await Promise.all([target?.stop(), other?.stop(), bastion?.stop()])
    rmSync(dir, {recursive: true, force: true})
  })

  describe('host keys', () => {
    it('connects when known_hosts has the key ([127.0.0.1]:PORT entry) and runs a command', async () => {
      const c = connector({knownHostsFiles: [knownHosts('kh-ok', [target.knownHostsLine('ssh-ed25519')])]})
      const result = await withTransport(await c.connect(host(target), {timeoutMs: 10_000}), (t) =>
        t.exec('echo hello; id -u', {timeoutMs: 10_000}),
      )
      expect(result).toMatchObject({stdout: 'hello\n0\n', stderr: '', code: 0})
      await c.close()
    })

    it('prefers the algorithm of the known key: an RSA-only entry matches a host that also has ed25519', async () => {
      const c = connector({knownHostsFiles: [knownHosts('kh-rsa', [target.knownHostsLine('ssh-rsa')])]})
      const t = await c.connect(host(target), {timeoutMs: 10_000})
      await t.close()
    })

    it('refuses an unknown host without accept-new, naming the offered fingerprint', async () => {
      const c = connector({knownHostsFiles: [knownHosts('kh-empty', [])]})
      const error = await failure(c.connect(host(target), {timeoutMs: 10_000}))
      expect(error.kind).toBe('host-key-unknown')
      expect(error.host).toBe(`t${target.port}`)
      expect(error.message).toContain(fingerprintOf(target.hostKeys[0].base64))
    })

    it('accept-new records the key as OpenSSH would, and a strict connection then passes', async () => {
      const file = join(dir, 'accept', 'new', 'known_hosts')
      const c1 = connector({knownHostsFiles: [file], acceptNew: true})
      await (await c1.connect(host(target), {timeoutMs: 10_000})).close()
      const text = readFileSync(file, 'utf8')
      expect(text).toBe(`${target.knownHostsLine('ssh-ed25519')}\n`)
      // OpenSSH itself must find the entry.
      expect(execFileSync('ssh-keygen', ['-F', `[127.0.0.1]:${target.port}`, '-f', file], {encoding: 'utf8'})).toContain('found: line 1')
      const c2 = connector({knownHostsFiles: [file]})
      await (await c2.connect(host(target), {timeoutMs: 10_000})).close()
    })

    it('refuses a changed key, showing both fingerprints and the known_hosts file:line', async () => {
      const impostor = readPublicKey(makeKey(dir, 'impostor'))
      const file = knownHosts('kh-changed', ['# old key', `[127.0.0.1]:${target.port} ${impostor.type} ${impostor.base64}`])
      const error = await failure(connector({knownHostsFiles: [file]}).connect(host(target), {timeoutMs: 10_000}))
      expect(error.kind).toBe('host-key-changed')
      expect(error.message).toContain(fingerprintOf(impostor.base64))
      expect(error.message).toContain(fingerprintOf(target.hostKeys[0].base64))
      expect(error.message).toContain(`${file}:2`)
    })

    it('accepts a hashed entry written by ssh-keygen -H', async () => {
      const file = knownHosts('kh-hashed', [target.knownHostsLine('ssh-ed25519')])
      execFileSync('ssh-keygen', ['-H', '-f', file], {stdio: 'ignore'})
      expect(readFileSync(file, 'utf8')).not.toContain('127.0.0.1')
      await (await connector({knownHostsFiles: [file]}).connect(host(target), {timeoutMs: 10_000})).close()
    })

    it('refuses a key marked @revoked even though another line accepts it', async () => {
      const key = target.hostKeys[0]
      const file = knownHosts('kh-revoked', [target.knownHostsLine('ssh-ed25519'), `@revoked * ${key.type} ${key.base64}`])
      const error = await failure(connector({knownHostsFiles: [file]}).connect(host(target), {timeoutMs: 10_000}))
      expect(error.kind).toBe('host-key-revoked')
      expect(error.message).toContain(`${file}:2`)
    })
  })

  describe('authentication', () => {
    let kh: string
    beforeAll(() => {
      kh = knownHosts('kh-auth', [target.knownHostsLine('ssh-ed25519'), other.knownHostsLine()])
    })

    it('a key the server does not know fails as auth, listing what was offered', async () => {
      const stranger = makeKey(dir, 'stranger')
      const c = connector({knownHostsFiles: [kh], identityFiles: [stranger]})
      const error = await failure(c.connect(host(target), {timeoutMs: 10_000}))
      expect(error.kind).toBe('auth')
      expect(error.message).toContain(stranger)
    })

    it('an encrypted key asks for its passphrase once for all hosts', async () => {
      const locked = makeKey(dir, 'locked', 'ed25519', 'correct horse')
      target.authorize(readPublicKey(locked).line)
      other.authorize(readPublicKey(locked).line)
      const asked: string[] = []
      const c = connector({
        knownHostsFiles: [kh],
        identityFiles: [locked],
        passphrase: async (file) => {
          asked.push(file)
          return 'correct horse'
        },
      })
      expect(await c.preloadKeys()).toEqual([])
      const transports = await Promise.all([c.connect(host(target), {timeoutMs: 10_000}), c.connect(host(other), {timeoutMs: 10_000})])
      await Promise.all(transports.map((t) => t.close()))
      expect(asked).toEqual([locked])
    })

    it('a wrong passphrase is an auth error naming the key file, never the passphrase', async () => {
      const locked = makeKey(dir, 'locked2', 'ed25519', 'right one')
      target.authorize(readPublicKey(locked).line)
      const c = connector({knownHostsFiles: [kh], identityFiles: [locked], passphrase: async () => 'hunter2-wrong'})
      const problems = await c.preloadKeys()
      expect(problems).toHaveLength(1)
      expect(problems[0]).toContain(locked)
      expect(problems[0]).not.toContain('hunter2-wrong')
      const error = await failure(c.connect(host(target), {timeoutMs: 10_000}))
      expect(error.kind).toBe('auth')
      expect(error.message).toContain(locked)
      expect(error.message).toMatch(/passphrase/)
      expect(error.message).not.toContain('hunter2-wrong')
    })

    it('uses keys held by a running ssh-agent before identity files', async () => {
      const agentKey = makeKey(dir, 'agent-only')
      target.authorize(readPublicKey(agentKey).line)
      const socket = join(dir, 'agent.sock')
      const out = execFileSync('ssh-agent', ['-s', '-a', socket], {encoding: 'utf8'})
      const pid = Number(/SSH_AGENT_PID=(\d+)/.exec(out)![1])
      try {
        execFileSync('ssh-add', [agentKey], {env: {...process.env, SSH_AUTH_SOCK: socket}, stdio: 'ignore'})
        // The only identity file is unknown to the server: success proves the agent key was used.
        const c = createSshConnector({knownHostsFiles: [kh], acceptNew: false, agent: socket, identityFiles: [makeKey(dir, 'nobody-knows')]})
        await (await c.connect(host(target), {timeoutMs: 10_000})).close()
      } finally {
        process.kill(pid, 'SIGTERM')
      }
    })
  })

  describe('reachability', () => {
    it('a closed port is refused', async () => {
      const server = createServer()
      const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as {port: number}).port)))
      await new Promise((resolve) => server.close(resolve))
      const error = await failure(connector({knownHostsFiles: []}).connect(host({address: '127.0.0.1', port}), {timeoutMs: 10_000}))
      expect(error.kind).toBe('refused')
    })

    it('a server that accepts and never speaks times out at the deadline', async () => {
      const sockets: Socket[] = []
      const server: Server = createServer((socket) => sockets.push(socket))
      const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as {port: number}).port)))
      try {
        const error = await failure(connector({knownHostsFiles: []}).connect(host({address: '127.0.0.1', port}), {timeoutMs: 1500}))
        expect(error.kind).toBe('timeout')
        expect(sockets.length).toBe(1)
      } finally {
        sockets.forEach((s) => s.destroy())
        server.close()
      }
    })

    it('an AbortSignal aborts a connection attempt', async () => {
      const server: Server = createServer(() => {})
      const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as {port: number}).port)))
      try {
        const controller = new AbortController()
        const pending = connector({knownHostsFiles: []}).connect(host({address: '127.0.0.1', port}), {timeoutMs: 60_000, signal: controller.signal})
        setTimeout(() => controller.abort(), 100)
        expect((await failure(pending)).kind).toBe('aborted')
      } finally {
        server.close()
      }
    })
  })

  describe('exec', () => {
    let t: Transport
    beforeAll(async () => {
      const c = connector({knownHostsFiles: [knownHosts('kh-exec', [target.knownHostsLine('ssh-ed25519')])], outputCap: 64 * 1024})
      t = await c.connect(host(target), {timeoutMs: 10_000})
    })
    afterAll(() => t?.close())

    it('delivers a 1 MB script on stdin intact', async () => {
      const filler = Array.from({length: 16_000}, (_, i) => `# filler line ${i} ${'x'.repeat(48)}`).join('\n')
      const script = `${filler}\nprintf 'ran %s\\n' "$(echo ok)"\n`
      expect(script.length).toBeGreaterThan(1_000_000)
      const result = await t.exec('sh -s', {stdin: script, timeoutMs: 30_000})
      expect(result).toMatchObject({stdout: 'ran ok\n', code: 0})
      const echoed = await t.exec('sha256sum', {stdin: script, timeoutMs: 30_000})
      expect(echoed.stdout.split(' ')[0]).toBe(createHash('sha256').update(script).digest('hex'))
    })

    it('reports exit codes and signals', async () => {
      expect(await t.exec('echo err >&2; exit 3', {timeoutMs: 10_000})).toMatchObject({code: 3, stderr: 'err\n'})
      const killed = await t.exec('kill -TERM $$', {timeoutMs: 10_000})
      expect(killed.code).toBeNull()
      expect(killed.signal).toBe('SIGTERM')
    })

    it('times out a command, closes its channel, and the session stays usable', async () => {
      const marker = `fleet-timeout-${process.pid}-${Date.now()}`
      // A command that keeps writing: once its channel is closed, its next write kills it (SIGPIPE).
      const error = await failure(t.exec(`while :; do echo ${marker}; sleep 0.2; done`, {timeoutMs: 500}))
      expect(error.kind).toBe('timeout')
      expect(error.host).toBe(`t${target.port}`)
      expect((await t.exec('echo still here', {timeoutMs: 10_000})).stdout).toBe('still here\n')
      // sshd runs on this machine: the timed-out command must be gone, not left running (polled, not timed).
      // (Root logins get no signal delivery from OpenSSH, so this relies on the closed pipes.)
      let alive = true
      for (let i = 0; i < 50 && alive; i++) {
        alive = spawnSync('pgrep', ['-f', marker]).status === 0
        if (alive) await new Promise((resolve) => setTimeout(resolve, 100))
      }
      expect(alive).toBe(false)
    })

    it('an AbortSignal aborts a running command', async () => {
      const controller = new AbortController()
      const pending = t.exec('sleep 30', {timeoutMs: 60_000, signal: controller.signal})
      setTimeout(() => controller.abort(), 100)
      expect((await failure(pending)).kind).toBe('aborted')
    })

    it('caps output and marks it truncated', async () => {
      const result = await t.exec('head -c 200000 /dev/zero | tr "\\0" a', {timeoutMs: 10_000})
      expect(result.stdout.length).toBe(64 * 1024)
      expect(result.stdoutTruncated).toBe(true)
      expect(result.code).toBe(0)
    })

    it('keeps UTF-8 intact', async () => {
      expect((await t.exec("printf 'caf\\303\\251 \\344\\270\\255\\n'", {timeoutMs: 10_000})).stdout).toBe('café 中\n')
    })

    it('skips sudo for root', async () => {
      expect((await t.exec('id -u', {sudo: true, timeoutMs: 10_000})).stdout).toBe('0\n')
    })
  })

  describe('connection loss', () => {
    it('a connection that dies mid-command fails the command instead of returning an empty result', async () => {
      const c = connector({knownHostsFiles: [knownHosts('kh-loss', [target.knownHostsLine('ssh-ed25519')])]})
      const t = await c.connect(host(target), {timeoutMs: 10_000})
      // The shell's parent is the sshd process serving this one connection (root logins run unprivileged-separated).
      const sessionPid = Number((await t.exec('echo $PPID', {timeoutMs: 10_000})).stdout)
      expect(sessionPid).toBeGreaterThan(1)
      const pending = t.exec('sleep 30', {timeoutMs: 60_000})
      setTimeout(() => process.kill(sessionPid, 'SIGKILL'), 200)
      const error = await failure(pending)
      expect(error.message).toContain('connection lost')
      await expect(t.exec('true', {timeoutMs: 1000})).rejects.toThrow(/closed/)
      await t.close()
    })
  })

  describe('ProxyJump', () => {
    it('reaches two targets through one shared bastion connection', async () => {
      const kh = knownHosts('kh-jump', [target.knownHostsLine('ssh-ed25519'), other.knownHostsLine(), bastion.knownHostsLine()])
      const before = bastion.connectionCount()
      const c = connector({knownHostsFiles: [kh]})
      const jump = `root@127.0.0.1:${bastion.port}`
      const [a, b] = await Promise.all([
        c.connect(host(target, {proxyJump: jump}), {timeoutMs: 10_000}),
        c.connect(host(other, {proxyJump: jump}), {timeoutMs: 10_000}),
      ])
      const outputs = await Promise.all([a, b].map((t) => t.exec('echo $SSH_CONNECTION', {timeoutMs: 10_000})))
      // Each target sees its client as the bastion's forwarded connection on loopback, on its own port.
      expect(outputs[0].stdout.trim().split(' ')[3]).toBe(String(target.port))
      expect(outputs[1].stdout.trim().split(' ')[3]).toBe(String(other.port))
      await Promise.all([a.close(), b.close()])
      // A third target later reuses the same bastion connection.
      await (await c.connect(host(target, {proxyJump: jump}), {timeoutMs: 10_000})).close()
      expect(c.bastionConnections()).toBe(1)
      expect(bastion.connectionCount() - before).toBe(1)
      await c.close()
    })

    it('verifies the bastion host key too', async () => {
      const kh = knownHosts('kh-jump-nobastion', [target.knownHostsLine('ssh-ed25519')])
      const error = await failure(connector({knownHostsFiles: [kh]}).connect(host(target, {proxyJump: `root@127.0.0.1:${bastion.port}`}), {timeoutMs: 10_000}))
      expect(error.kind).toBe('host-key-unknown')
      expect(error.host).toBe(`t${target.port}`)
      expect(error.message).toContain(`ProxyJump root@127.0.0.1:${bastion.port}`)
    })

    it('reports a dead bastion on every target behind it, with the bastion named', async () => {
      const server = createServer()
      const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as {port: number}).port)))
      await new Promise((resolve) => server.close(resolve))
      const c = connector({knownHostsFiles: [knownHosts('kh-dead', [target.knownHostsLine('ssh-ed25519'), other.knownHostsLine()])]})
      const jump = `127.0.0.1:${port}`
      const errors = await Promise.all([failure(c.connect(host(target, {proxyJump: jump}), {timeoutMs: 10_000})), failure(c.connect(host(other, {proxyJump: jump}), {timeoutMs: 10_000}))])
      for (const [i, error] of errors.entries()) {
        expect(error.kind).toBe('refused')
        expect(error.host).toBe(`t${[target, other][i].port}`)
        expect(error.message).toContain(jump)
      }
    })

    it('a target the bastion cannot reach is refused, naming the bastion', async () => {
      const server = createServer()
      const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as {port: number}).port)))
      await new Promise((resolve) => server.close(resolve))
      const c = connector({knownHostsFiles: [knownHosts('kh-unreach', [bastion.knownHostsLine()])]})
      const error = await failure(c.connect(host({address: '127.0.0.1', port}, {proxyJump: `root@127.0.0.1:${bastion.port}`}), {timeoutMs: 10_000}))
      expect(error.kind).toBe('refused')
      expect(error.message).toContain(`127.0.0.1:${bastion.port}`)
      await c.close()
    })
  })
})

/**
 * A host that vanishes (link down, machine gone) never answers our FIN: close() must
 * still return promptly and release the socket, or the process outlives its report by
 * minutes. A loopback proxy that stops forwarding and never closes stands in for the
 * dead link; a child process (the compiled transport, as the CLI runs it) must exit.
 */
run('a vanished peer', () => {
  let sshd: Sshd
  let proxy: Server
  let proxyPort = 0
  let frozen = false
  const held: Socket[] = []

  beforeAll(async () => {
    sshd = await startSshd()
    proxy = createServer({allowHalfOpen: true}, (inbound) => {
      held.push(inbound)
      const outbound = createConnection({host: sshd.address, port: sshd.port, allowHalfOpen: true})
      held.push(outbound)
      inbound.on('data', (chunk) => frozen || outbound.write(chunk))
      outbound.on('data', (chunk) => frozen || inbound.write(chunk))
      inbound.on('error', () => undefined)
      outbound.on('error', () => undefined)
    })
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
    proxyPort = (proxy.address() as {port: number}).port
  })

  afterAll(async () => {
    for (const socket of held) socket.destroy()
    proxy?.close()
    await sshd?.stop()
  })

  it('closes promptly, and the process exits, when the peer never answers', async () => {
    const kh = join(sshd.dir, 'kh-proxy')
    writeFileSync(kh, `${sshd.knownHostsLine().replace(`]:${sshd.port} `, `]:${proxyPort} `)}\n`)
    const transport = new URL('../../../dist/src/transport/ssh.js', import.meta.url).href
    const script = `
      const {createSshConnector} = await import(${JSON.stringify(transport)})
      const c = createSshConnector({knownHostsFiles: [${JSON.stringify(kh)}], acceptNew: false, agent: '', identityFiles: [${JSON.stringify(sshd.clientKey)}]})
      const t = await c.connect({name: 'p', address: '127.0.0.1', port: ${proxyPort}, user: 'root', identityFiles: [], sudo: false, connection: 'ssh', groups: [], vars: {}}, {timeoutMs: 10000})
      process.stdout.write((await t.exec('echo up', {timeoutMs: 10000})).stdout)
      await new Promise((resolve) => process.stdin.once('data', resolve))
      process.stdin.destroy()
      await t.close()
      await c.close()
      process.stdout.write('closed\\n')`
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {stdio: ['pipe', 'pipe', 'inherit']})
    let out = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk))
    let gone = false
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => {
        gone = true
        resolve(code)
      }),
    )
    while (!out.includes('up\n') && !gone) await new Promise((resolve) => setTimeout(resolve, 50))
    expect(out).toContain('up')
    frozen = true
    const started = Date.now()
    child.stdin.write('go\n')
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000)
    const code = await exited
    clearTimeout(killer)
    expect(out).toContain('closed')
    expect(code).toBe(0)
    expect(Date.now() - started).toBeLessThan(10_000)
  })
})
