// After a failure-storm run: is every bad host in fleet's JSON report, with the right kind?
// A refusing host must come out `refused`, a hung one (TCP accepted, no banner) `timeout`,
// and every answering host judged (no transport error). Prints one line; exits 1 on a miss.
// Usage: node bench/storm-check.mjs HOSTS_JSON FLEET_JSON
import {readFileSync} from 'node:fs'

const [plannedFile, reportFile] = process.argv.slice(2)
const planned = JSON.parse(readFileSync(plannedFile, 'utf8'))
let report
try {
  report = JSON.parse(readFileSync(reportFile, 'utf8'))
} catch (error) {
  console.log(`storm check: fleet's report is not JSON (${error.message})`)
  process.exit(1)
}
const byName = new Map(report.hosts.map((h) => [h.host, h]))
const want = {refuse: 'refused', hang: 'timeout', answer: null}
const counts = {refuse: 0, hang: 0, answer: 0}
const misses = []
for (const host of planned) {
  const got = byName.get(host.name)
  const kind = got ? got.error?.kind ?? null : 'missing'
  if (kind === want[host.behaviour]) counts[host.behaviour]++
  else misses.push(`${host.name} (${host.behaviour}): ${kind}${got?.error ? ` - ${got.error.message}` : ''}`)
}
const total = (b) => planned.filter((h) => h.behaviour === b).length
console.log(
  `storm check: refused ${counts.refuse}/${total('refuse')} reported refused, hung ${counts.hang}/${total('hang')} reported timeout, ` +
    `answering ${counts.answer}/${total('answer')} judged; ${misses.length === 0 ? 'no host lost or misreported' : `${misses.length} wrong: ${misses.slice(0, 5).join('; ')}`}`,
)
process.exit(misses.length === 0 ? 0 : 1)
