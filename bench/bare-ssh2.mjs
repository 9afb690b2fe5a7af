// The floor fleet is measured against: ssh2 connect + one exec of the same probe on
// every host at once, output collected and thrown away. No inventory, no parsing, no checks.
// Usage: node bench/bare-ssh2.mjs HOSTS_JSON KEY PROBE_SH
import {readFileSync} from 'node:fs'
import {randomBytes} from 'node:crypto'

import ssh2 from 'ssh2'

const [hostsFile, keyFile, probeFile] = process.argv.slice(2)
const hosts = JSON.parse(readFileSync(hostsFile, 'utf8'))
const privateKey = readFileSync(keyFile)
const script = readFileSync(probeFile, 'utf8')

function probe(address) {
  return new Promise((resolve) => {
    const client = new ssh2.Client()
    let bytes = 0
    client
      .on('ready', () => {
        client.exec(`sh -s -- ${randomBytes(6).toString('hex')} 3600 262144`, (error, stream) => {
          if (error) return resolve({address, error: error.message})
          stream.on('data', (chunk) => (bytes += chunk.length))
          stream.stderr.on('data', () => undefined)
          stream.on('close', (code) => {
            client.end()
            resolve({address, code, bytes})
          })
          stream.end(script)
        })
      })
      .on('error', (error) => resolve({address, error: error.message}))
      // Accepting any key keeps the floor honest about what it skips; fleet verifies every key.
      .connect({host: address, port: 22, username: 'root', privateKey, hostVerifier: () => true, readyTimeout: 10_000})
  })
}

const results = await Promise.all(hosts.map((host) => probe(host.address)))
const failed = results.filter((result) => result.error || result.code !== 0)
if (failed.length > 0) console.error(`bare-ssh2: ${failed.length} host(s) failed: ${JSON.stringify(failed)}`)
