// Growth with fleet size: a least-squares line through each tool's medians over the host
// counts of a series run (bench/scale.sh 100,500,1000,2000). Reads RECORD lines
// "HOSTS TOOL WALL CPU RSS_MB" and prints, per tool and figure, the slope per 1,000 hosts,
// the intercept, and the largest relative distance of a point from the line (linearity).
// Usage: node bench/fit.mjs RECORD
import {readFileSync} from 'node:fs'

const rows = readFileSync(process.argv[2], 'utf8').trim().split('\n').map((line) => line.split(' '))
const tools = [...new Set(rows.map((r) => r[1]))]
const fit = (points) => {
  const n = points.length
  const mx = points.reduce((s, [x]) => s + x, 0) / n
  const my = points.reduce((s, [, y]) => s + y, 0) / n
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0)
  const slope = sxx === 0 ? 0 : points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0) / sxx
  const intercept = my - slope * mx
  const worst = Math.max(...points.map(([x, y]) => Math.abs(y - (intercept + slope * x)) / Math.max(Math.abs(y), 1e-9)))
  return {slope, intercept, worst}
}
console.log('| tool          | figure        | hosts                | per 1,000 hosts | at 0 hosts | worst point off the line |')
console.log('|---------------|---------------|----------------------|-----------------|------------|--------------------------|')
for (const tool of tools) {
  const mine = rows.filter((r) => r[1] === tool).map((r) => r.map((v, i) => (i === 1 ? v : Number(v))))
  if (mine.length < 2) continue
  for (const [column, name, unit] of [[2, 'wall', 's'], [3, 'cpu', 's'], [4, 'peak RSS', 'MB']]) {
    const f = fit(mine.map((r) => [r[0], r[column]]))
    console.log(
      `| ${tool.padEnd(13)} | ${`${name} (${unit})`.padEnd(13)} | ${mine.map((r) => r[0]).join(', ').padEnd(20)} | ${(f.slope * 1000).toFixed(2).padStart(15)} | ${f.intercept.toFixed(2).padStart(10)} | ${`${(f.worst * 100).toFixed(0)} %`.padStart(24)} |`,
    )
  }
}
