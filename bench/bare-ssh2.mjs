// The floor fleet is measured against: ssh2 connect + one exec of the same probe on
// every host at once, output collected and thrown away. No inventory, no parsing, no checks.
// Usage: node bench/bare-ssh2.mjs HOSTS_JSON KEY PROBE_SH [CONCURRENCY] [TIMEOUT_S]
// CONCURRENCY caps hosts worked on at once (default: all, as run.sh uses it); TIMEOUT_S is
// the connect deadline (default 10). A host's `port` in HOSTS_JSON is used when present.
import {readFileSync} from 'node:fs'
import {randomBytes} from 'node:crypto'

import ssh2 from 'ssh2'

const [hostsFile, keyFile, probeFile, concurrencyArg, timeoutArg] = process.argv.slice(2)
const hosts = JSON.parse(readFileSync(hostsFile, 'utf8'))
const privateKey = readFileSync(keyFile)
const script = readFileSync(probeFile, 'utf8')
const concurrency = Number(concurrencyArg ?? hosts.length) || hosts.length
const readyTimeout = Number(timeoutArg ?? 10) * 1000

function probe({address, port = 22}) {
  return new Promise((resolve) => {
    const client = new ssh2.Client()
    let bytes = 0
    client
      .on('ready', () => {
        // As fleet sends it: parameters in the script on stdin, nothing on the command line.
        client.exec('sh -s', (error, stream) => {
          if (error) return resolve({address, error: error.message})
          stream.on('data', (chunk) => (bytes += chunk.length))
          stream.stderr.on('data', () => undefined)
          stream.on('close', (code) => {
            client.end()
            resolve({address, code, bytes})
          })
          stream.end(`FLEET_NONCE=${randomBytes(6).toString('hex')}\nFLEET_WINDOW=3600\nFLEET_MAXLOG=262144\n${script}`)
        })
      })
      .on('error', (error) => resolve({address, error: error.message}))
      // Accepting any key keeps the floor honest about what it skips; fleet verifies every key.
      .connect({host: address, port, username: 'root', privateKey, hostVerifier: () => true, readyTimeout})
  })
}

// A plain worker pool: CONCURRENCY probes in flight, the next host starts when one ends.
const results = []
let next = 0
async function worker() {
  while (next < hosts.length) results.push(await probe(hosts[next++]))
}
await Promise.all(Array.from({length: Math.min(concurrency, hosts.length)}, worker))
const failed = results.filter((result) => result.error || result.code !== 0)
if (failed.length > 0) console.error(`bare-ssh2: ${failed.length} host(s) failed: ${JSON.stringify(failed)}`)
