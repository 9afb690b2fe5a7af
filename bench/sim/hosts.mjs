// Which address (or port) each simulated host gets, and how it behaves. Behaviours are
// spread evenly and deterministically (no randomness), so every run and every tool
// meets the same refused and hung hosts.

/** N loopback addresses from `first`, skipping .0 and .255 in the last octet. */
export function loopbackAddresses(first, count) {
  let n = first.split('.').map(Number).reduce((acc, octet) => acc * 256 + octet, 0)
  const out = []
  while (out.length < count) {
    const octets = [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]
    if (octets[0] !== 127) throw new Error(`sim: ${count} hosts from ${first} leave 127.0.0.0/8`)
    if (octets[3] !== 0 && octets[3] !== 255) out.push(octets.join('.'))
    n++
  }
  return out
}

/** Host i is marked when the running count of `ratio * (i + 1)` steps up: evenly spaced. */
function spread(count, ratio, offset) {
  return Array.from({length: count}, (_, i) => Math.floor(ratio * (i + 1 + offset)) > Math.floor(ratio * (i + offset)))
}

export function planHosts(options) {
  const count = options.hosts
  const byPort = options['ports-from'] > 0
  const addresses = byPort ? Array(count).fill('127.0.0.1') : loopbackAddresses(options['first-address'], count)
  // Offsets keep refused and hung hosts from landing on the same indices.
  const refused = spread(count, options['fail-ratio'], 0)
  const hung = spread(count, options['hang-ratio'], Math.floor(count / 3))
  return addresses.map((address, i) => ({
    name: `sim${String(i + 1).padStart(4, '0')}`,
    address,
    port: byPort ? options['ports-from'] + i : options.port,
    behaviour: refused[i] ? 'refuse' : hung[i] && !refused[i] ? 'hang' : 'answer',
  }))
}
