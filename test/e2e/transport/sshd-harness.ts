/**
 * A real OpenSSH server on 127.0.0.1 for tests: its own config, host keys,
 * authorized_keys, pid file and log in a temp dir; never the system's sshd.
 *
 *   const sshd = await startSshd({hostKeyTypes: ['ed25519', 'rsa']})
 *   // sshd.port, sshd.hostKeys, sshd.clientKey (authorized, no passphrase)
 *   await sshd.stop()
 */
import {execFileSync, spawn, type ChildProcess} from 'node:child_process'
import {appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {createServer} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

export type KeyType = 'ed25519' | 'rsa' | 'ecdsa'

export interface HostKey {
  /** known_hosts key type, e.g. `ssh-ed25519`. */
  type: string
  base64: string
  file: string
}

export interface Sshd {
  address: string
  port: number
  dir: string
  hostKeys: HostKey[]
  /** Private key (no passphrase) already in authorized_keys. */
  clientKey: string
  /** A known_hosts line for this server (`[127.0.0.1]:PORT type key`), for the given host key type (default: first). */
  knownHostsLine(type?: string): string
  /** Adds a public key line (or a `.pub` file's content) to authorized_keys. */
  authorize(publicKeyLine: string): void
  /** sshd's own log so far (LogLevel VERBOSE). */
  log(): string
  /** TCP connections sshd accepted so far ("Connection from ..." lines). */
  connectionCount(): number
  stop(): Promise<void>
}

const SSHD = '/usr/sbin/sshd'

export function sshdAvailable(): boolean {
  return existsSync(SSHD) && process.getuid?.() === 0
}

/** Generates a key pair with ssh-keygen; returns the private key path. */
export function makeKey(dir: string, name: string, type: KeyType = 'ed25519', passphrase = ''): string {
  const file = join(dir, name)
  execFileSync('ssh-keygen', ['-q', '-t', type, '-N', passphrase, '-C', name, '-f', file])
  return file
}

export function readPublicKey(privateKeyFile: string): {type: string; base64: string; line: string} {
  const line = readFileSync(`${privateKeyFile}.pub`, 'utf8').trim()
  const [type, base64] = line.split(' ')
  return {type, base64, line}
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const {port} = server.address() as {port: number}
      server.close(() => resolve(port))
    })
  })
}

function waitListening(child: ChildProcess, logs: string[], port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const text = logs.join('')
      if (text.includes(`Server listening on 127.0.0.1 port ${port}`)) done(undefined)
      else if (/Bind to port .* failed|Cannot bind any address|fatal:/.test(text)) done(new Error(`sshd failed to start: ${text.trim()}`))
    }
    const onExit = (code: number | null) => done(new Error(`sshd exited (${code}) before listening: ${logs.join('').trim()}`))
    const done = (error: Error | undefined) => {
      child.stderr?.off('data', check)
      child.off('exit', onExit)
      error ? reject(error) : resolve()
    }
    child.stderr?.on('data', check)
    child.once('exit', onExit)
  })
}

export async function startSshd(options: {hostKeyTypes?: KeyType[]; extraConfig?: string[]} = {}): Promise<Sshd> {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-sshd-'))
  // sshd's privilege-separation directory; the Debian package creates it only at service start.
  mkdirSync('/run/sshd', {recursive: true, mode: 0o755})
  const hostKeys = (options.hostKeyTypes ?? ['ed25519']).map((type) => {
    const file = makeKey(dir, `ssh_host_${type}_key`, type)
    const {type: keyType, base64} = readPublicKey(file)
    return {type: keyType, base64, file}
  })
  const clientKey = makeKey(dir, 'client_ed25519')
  const authorizedKeys = join(dir, 'authorized_keys')
  writeFileSync(authorizedKeys, `${readPublicKey(clientKey).line}\n`, {mode: 0o600})

  for (let attempt = 0; ; attempt++) {
    const port = await freePort()
    const config = join(dir, 'sshd_config')
    writeFileSync(
      config,
      [
        // sshd keeps the first value it reads for most keywords: the caller's settings go first.
        ...(options.extraConfig ?? []),
        `Port ${port}`,
        'ListenAddress 127.0.0.1',
        ...hostKeys.map((key) => `HostKey ${key.file}`),
        `PidFile ${join(dir, 'sshd.pid')}`,
        `AuthorizedKeysFile ${authorizedKeys}`,
        'PermitRootLogin prohibit-password',
        'StrictModes no',
        'UsePAM no',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'AllowTcpForwarding yes',
        'LogLevel VERBOSE',
        'MaxStartups 200',
        'MaxSessions 100',
        '',
      ].join('\n'),
    )
    const logs: string[] = []
    const child = spawn(SSHD, ['-D', '-e', '-f', config], {stdio: ['ignore', 'ignore', 'pipe']})
    child.stderr!.setEncoding('utf8')
    child.stderr!.on('data', (chunk: string) => logs.push(chunk))
    try {
      await waitListening(child, logs, port)
    } catch (error) {
      child.kill('SIGTERM')
      // Another process may have taken the port between probing and binding: try a new one.
      if (attempt < 3 && /Bind to port|Cannot bind/.test(String(error))) continue
      rmSync(dir, {recursive: true, force: true})
      throw error
    }
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    return {
      address: '127.0.0.1',
      port,
      dir,
      hostKeys,
      clientKey,
      knownHostsLine(type?: string) {
        const key = type ? hostKeys.find((k) => k.type === type) : hostKeys[0]
        if (!key) throw new Error(`sshd has no ${type} host key`)
        return `[127.0.0.1]:${port} ${key.type} ${key.base64}`
      },
      authorize(publicKeyLine: string) {
        appendFileSync(authorizedKeys, `${publicKeyLine.trim()}\n`)
      },
      log: () => logs.join(''),
      connectionCount: () => (logs.join('').match(/Connection from 127\.0\.0\.1 port \d+ on/g) ?? []).length,
      async stop() {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM')
          await exited
        }
        rmSync(dir, {recursive: true, force: true})
      },
    }
  }
}
