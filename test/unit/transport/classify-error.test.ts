import {createServer, type Server, type Socket} from 'node:net'
import ssh2 from 'ssh2'
import type {ConnectConfig} from 'ssh2'
import {afterEach, describe, expect, it} from 'vitest'
import {classifyError} from '../../../src/transport/classify-error.js'
import {TransportError} from '../../../src/transport/types.js'
import {parsableKeyPair} from '../../support/ssh-keys.js'

const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((f) => f()))

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as {port: number}).port)))
}

/** The first 'error' a real ssh2 Client emits for this config (loopback only). */
function clientError(config: ConnectConfig): Promise<Error & {level?: string; code?: string}> {
  return new Promise((resolve) => {
    const client = new ssh2.Client()
    // ssh2 may emit more than one error (e.g. a parse error, then 'Connection lost'): keep listening.
    client.on('error', (err) => {
      client.destroy()
      resolve(err)
    })
    client.on('ready', () => resolve(Object.assign(new Error('unexpected ready'), {level: 'test'})))
    client.connect({host: '127.0.0.1', username: 'nobody', ...config})
  })
}

describe('classifyError on real ssh2 errors', () => {
  it('connection refused -> refused', async () => {
    const server = createServer()
    const port = await listen(server)
    await new Promise((r) => server.close(r))
    const err = await clientError({port})
    expect(err.code).toBe('ECONNREFUSED')
    expect(classifyError(err)).toBe('refused')
  })

  it('silent server -> ssh2 readyTimeout -> timeout', async () => {
    const sockets: Socket[] = []
    const server = createServer((s) => sockets.push(s))
    cleanups.push(() => {
      sockets.forEach((s) => s.destroy())
      server.close()
    })
    const err = await clientError({port: await listen(server), readyTimeout: 300})
    expect(err.level).toBe('client-timeout')
    expect(classifyError(err)).toBe('timeout')
  })

  it('a peer that is not SSH -> protocol', async () => {
    const server = createServer((s) => s.end('HTTP/1.1 400 Bad Request\r\n\r\n'))
    cleanups.push(() => server.close())
    const err = await clientError({port: await listen(server), readyTimeout: 5000})
    expect(classifyError(err)).toBe('protocol')
  })

  describe('against an in-process ssh2 Server', () => {
    async function sshServer(onAuth: (ctx: {reject(): void}) => void): Promise<number> {
      const hostKey = parsableKeyPair().private
      const server = new ssh2.Server({hostKeys: [hostKey]}, (client) => {
        client.on('authentication', onAuth)
        client.on('error', () => {})
      })
      cleanups.push(() => server.close())
      return new Promise((resolve) => server.listen(0, '127.0.0.1', function (this: {address(): {port: number}}) {
        resolve(server.address().port)
      }))
    }

    it('every method rejected -> auth', async () => {
      const port = await sshServer((ctx) => ctx.reject())
      const {private: key} = parsableKeyPair()
      const err = await clientError({port, privateKey: key, readyTimeout: 5000})
      expect(err.level).toBe('client-authentication')
      expect(classifyError(err)).toBe('auth')
    })

    it('host key refused by hostVerifier -> protocol at the ssh2 level (the connector supplies host-key-*)', async () => {
      const port = await sshServer((ctx) => ctx.reject())
      const err = await clientError({port, hostVerifier: () => false, readyTimeout: 5000})
      expect(err.message).toMatch(/Host denied/)
      expect(classifyError(err)).toBe('protocol')
    })
  })
})

describe('classifyError on resolver and Node errors (shaped like getaddrinfo; no live DNS)', () => {
  const dnsError = (code: string) =>
    Object.assign(new Error(`getaddrinfo ${code} web1.invalid`), {errno: -3008, code, syscall: 'getaddrinfo', hostname: 'web1.invalid', level: 'client-socket'})

  it.each([
    ['ENOTFOUND', 'dns'],
    ['EAI_AGAIN', 'dns'],
  ])('%s -> %s', (code, kind) => {
    expect(classifyError(dnsError(code))).toBe(kind)
  })

  it.each([
    ['EHOSTUNREACH', 'refused'],
    ['ENETUNREACH', 'refused'],
    ['ETIMEDOUT', 'timeout'],
  ])('%s -> %s', (code, kind) => {
    expect(classifyError(Object.assign(new Error(`connect ${code} 10.0.0.1:22`), {code, level: 'client-socket'}))).toBe(kind)
  })

  it('keeps the kind of an existing TransportError, and treats the unknown as protocol', () => {
    expect(classifyError(new TransportError('sudo', 'x'))).toBe('sudo')
    expect(classifyError(new Error('Unexpected packet'))).toBe('protocol')
    expect(classifyError('weird')).toBe('protocol')
  })
})
