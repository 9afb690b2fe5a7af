import {createHash} from 'node:crypto'
import {existsSync, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import type {HostSpec} from '../../../src/inventory/types.js'
import {createLocalConnector} from '../../../src/transport/local.js'
import {shellQuote} from '../../../src/transport/quote.js'
import {TransportError} from '../../../src/transport/types.js'

const host: HostSpec = {name: 'localhost', address: 'localhost', port: 22, identityFiles: [], sudo: false, connection: 'local', groups: [], vars: {}}
const dir = mkdtempSync(join(tmpdir(), 'fleet-local-'))
afterAll(() => rmSync(dir, {recursive: true, force: true}))

async function transport(outputCap?: number) {
  return createLocalConnector({outputCap}).connect(host, {timeoutMs: 1000})
}

async function failure(promise: Promise<unknown>): Promise<TransportError> {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(TransportError)
    return error as TransportError
  }
  throw new Error('expected a TransportError')
}

describe('local connector', () => {
  it('runs sh -c with stdin, collecting stdout, stderr and the exit code', async () => {
    const t = await transport()
    // A 1 MB script on stdin, as the probe travels.
    const script = `${'# padding\n'.repeat(100_000)}echo "got $(echo ok)"; echo warn >&2; exit 4\n`
    const result = await t.exec('sh -s', {stdin: script, timeoutMs: 10_000})
    expect(result).toMatchObject({stdout: 'got ok\n', stderr: 'warn\n', code: 4})
    const hashed = await t.exec('sha256sum', {stdin: script, timeoutMs: 10_000})
    expect(hashed.stdout.split(' ')[0]).toBe(createHash('sha256').update(script).digest('hex'))
    // Or as chunks written in order (the probe's shared body).
    const chunks = [Buffer.from('echo one\n'), Buffer.from(script)]
    const chunked = await t.exec('sha256sum', {stdin: chunks, timeoutMs: 10_000})
    expect(chunked.stdout.split(' ')[0]).toBe(createHash('sha256').update(Buffer.concat(chunks)).digest('hex'))
  })

  it('reports a signal death', async () => {
    const t = await transport()
    expect(await t.exec('kill -KILL $$', {timeoutMs: 10_000})).toMatchObject({code: null, signal: 'SIGKILL'})
  })

  it('times out and kills the whole process group', async () => {
    const t = await transport()
    const flag = join(dir, 'survived')
    const error = await failure(t.exec(`(sleep 2; touch ${shellQuote(flag)}) & wait`, {timeoutMs: 300}))
    expect(error.kind).toBe('timeout')
    expect(error.host).toBe('localhost')
    await new Promise((resolve) => setTimeout(resolve, 2500))
    expect(existsSync(flag)).toBe(false)
  })

  it('aborts on signal', async () => {
    const t = await transport()
    const controller = new AbortController()
    const pending = t.exec('sleep 10', {timeoutMs: 60_000, signal: controller.signal})
    setTimeout(() => controller.abort(), 50)
    expect((await failure(pending)).kind).toBe('aborted')
    const aborted = new AbortController()
    aborted.abort()
    expect((await failure(t.exec('true', {timeoutMs: 1000, signal: aborted.signal}))).kind).toBe('aborted')
  })

  it('caps output and says so', async () => {
    const t = await transport(1000)
    const result = await t.exec('head -c 5000 /dev/zero | tr "\\0" x', {timeoutMs: 10_000})
    expect(result.stdout).toBe('x'.repeat(1000))
    expect(result.stdoutTruncated).toBe(true)
    expect(result.stderrTruncated).toBeUndefined()
  })

  it('a command that ignores stdin still completes', async () => {
    const t = await transport()
    expect(await t.exec('exit 0', {stdin: 'y\n'.repeat(500_000), timeoutMs: 10_000})).toMatchObject({code: 0})
  })

  it.runIf(process.getuid?.() === 0)('as root, sudo is not needed and not used', async () => {
    const t = await transport()
    expect((await t.exec('id -u', {sudo: true, timeoutMs: 10_000})).stdout).toBe('0\n')
  })
})
