// Simulated fleet for scale benchmarks: ONE Node process with one ssh2 Server per
// simulated host, each on its own loopback address (127.0.1.1, 127.0.1.2, ... port 22)
// or, with --ports-from P, on ports P, P+1, ... of 127.0.0.1. Every host has its own
// ed25519 host key (written to --known-hosts in OpenSSH format so fleet, OpenSSH and
// Ansible all verify strictly), accepts only --authorized-key for root, and answers
// the probe with a recorded real probe output after --delay-ms.
// Failure storms: --fail-ratio of hosts refuse connections (nothing listens there),
// --hang-ratio accept TCP and never say a word. Stops on SIGTERM/SIGINT, or by itself
// after --max-seconds.
//   node bench/sim/server.mjs --hosts N --authorized-key KEY.pub --known-hosts FILE --hosts-json FILE
//        [--first-address 127.0.1.1] [--port 22 | --ports-from P] [--delay-ms 300]
//        [--fail-ratio 0] [--hang-ratio 0] [--fixtures healthy,...] [--max-seconds 3600]
import {readFileSync, writeFileSync} from 'node:fs'
import net from 'node:net'

import ssh2 from 'ssh2'

import {planHosts} from './hosts.mjs'
import {parseOptions} from './options.mjs'
import {loadFixtures, respond} from './responses.mjs'
import {serveSftp} from './sftp-sink.mjs'

const options = parseOptions(process.argv.slice(2))
const allowed = ssh2.utils.parseKey(readFileSync(options['authorized-key']))
if (allowed instanceof Error) throw new Error(`sim: --authorized-key ${options['authorized-key']}: ${allowed.message}`)
const fixtures = loadFixtures(options.fixtures)
const plan = planHosts(options)
const stats = {connections: 0, probe: 0, housekeeping: 0, unknown: 0, sftp: 0}
const sockets = new Set()
const servers = []

function authenticate(ctx) {
  const keyMatches = ctx.method === 'publickey' && ctx.username === 'root' && ctx.key.algo === allowed.type && ctx.key.data.equals(allowed.getPublicSSH())
  if (!keyMatches) return ctx.reject(['publickey'])
  // Without a signature the client only asks whether the key would do.
  if (!ctx.signature) return ctx.accept()
  return allowed.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true ? ctx.accept() : ctx.reject(['publickey'])
}

function answer(stream, reply) {
  setTimeout(() => {
    if (reply.stderr) stream.stderr.write(reply.stderr)
    stream.write(reply.stdout)
    stream.exit(reply.code)
    stream.end()
  }, reply.delayMs)
}

function onExec(accept, info, fixture) {
  const stream = accept()
  const reply = (stdin) => {
    const r = respond(info.command, fixture, options['delay-ms'], stdin)
    stats[r.kind]++
    return r
  }
  // `sh -s` reads the script from stdin first (the probe's nonce is in its first lines);
  // a command that takes no stdin answers at once.
  if (!/\bsh -s\b/.test(info.command)) return answer(stream, reply(''))
  let head = ''
  stream.on('data', (chunk) => {
    if (head.length < 4096) head += chunk.toString('utf8')
  })
  stream.once('end', () => answer(stream, reply(head)))
}

function sshHost(host, hostKey, fixture) {
  const server = new ssh2.Server({hostKeys: [hostKey]}, (client) => {
    stats.connections++
    client.on('error', () => undefined) // a client that vanishes is the client's business
    client.on('authentication', authenticate)
    client.on('session', (acceptSession) => {
      const session = acceptSession()
      session.on('pty', (accept) => accept?.()) // Ansible asks for one (-tt)
      session.on('env', (accept) => accept?.())
      session.on('exec', (accept, _reject, info) => onExec(accept, info, fixture))
      session.on('sftp', (accept) => {
        stats.sftp++
        serveSftp(accept())
      })
    })
  })
  return server
}

function hungHost() {
  // Accepts the TCP connection and never sends the SSH banner: a wedged sshd or a blackholed box.
  return net.createServer((socket) => {
    sockets.add(socket)
    socket.on('error', () => undefined)
    socket.on('close', () => sockets.delete(socket))
  })
}

function listen(server, host) {
  return new Promise((resolve, reject) => {
    server.once('error', (error) =>
      reject(new Error(`sim: cannot listen on ${host.address}:${host.port} (${host.name}): ${error.message}; try --ports-from 20000`)))
    server.listen(host.port, host.address, resolve)
  })
}

// ssh2's keygen strips leading zero bytes of an ed25519 public key, so about 1 key in 256
// cannot be parsed back (mscdex/ssh2#1390, #1513): draw again until both halves parse.
function hostKeyPair() {
  for (;;) {
    const keys = ssh2.utils.generateKeyPairSync('ed25519')
    if (!(ssh2.utils.parseKey(keys.private) instanceof Error) && !(ssh2.utils.parseKey(keys.public) instanceof Error)) return keys
  }
}

const known = []
let fixtureIndex = 0
for (const host of plan) {
  const keys = hostKeyPair()
  const [type, base64] = keys.public.split(' ')
  known.push(`${host.port === 22 ? host.address : `[${host.address}]:${host.port}`} ${type} ${base64}`)
  if (host.behaviour === 'refuse') continue // nothing listens: the kernel answers RST, "connection refused"
  let server = hungHost()
  if (host.behaviour === 'answer') {
    const fixture = fixtures[fixtureIndex++ % fixtures.length]
    host.fixture = fixture.name
    server = sshHost(host, keys.private, fixture)
  }
  servers.push(server)
  await listen(server, host)
}
writeFileSync(options['known-hosts'], `${known.join('\n')}\n`)
writeFileSync(options['hosts-json'], `${JSON.stringify(plan, null, 1)}\n`)

function stop(why) {
  process.stderr.write(`sim: stopping (${why}); ${JSON.stringify(stats)}\n`)
  for (const server of servers) server.close()
  for (const socket of sockets) socket.destroy()
  process.exit(0)
}
process.on('SIGTERM', () => stop('SIGTERM'))
process.on('SIGINT', () => stop('SIGINT'))
setTimeout(() => stop(`--max-seconds ${options['max-seconds']} reached`), options['max-seconds'] * 1000).unref()
// Statistics on demand, so a benchmark can tell what each tool really asked for.
process.on('SIGUSR1', () => process.stderr.write(`sim: ${JSON.stringify(stats)}\n`))

const count = (b) => plan.filter((h) => h.behaviour === b).length
const where = options['ports-from'] > 0 ? `127.0.0.1 ports ${plan[0].port}..${plan.at(-1).port}` : `${plan[0].address}..${plan.at(-1).address} port ${options.port}`
console.log(`sim: ready ${plan.length} hosts (answer ${count('answer')}, refuse ${count('refuse')}, hang ${count('hang')}) on ${where}, delay ${options['delay-ms']} ms`)
