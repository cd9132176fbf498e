// Where the slow submits wait: joins a serve process's per-stage times (ROUTEWRIGHT_SUBMIT_TIMING=<file>, written
// at its exit) with the load generator's send and arrival times (ROUTEWRIGHT_LOAD_TIMES=<file>, serve-load.mjs), and
// prints, for every interaction and for the slowest 1 % and 0.1 %, the middle time spent between stages: sent ->
// request parsed -> routed by the router -> commit sent to Redis -> commit answered -> routed event queued on the
// streams -> routed event received. Both files hold epoch ms; processes on one machine share the clock.
// Usage: node submit-stages.mjs <serve timing.json> <load times.json>
import { readFileSync } from 'node:fs'

const [serveFile, loadFile] = process.argv.slice(2)
if (!serveFile || !loadFile) {
  process.stderr.write('submit-stages: pass the serve timing file and the load times file\n')
  process.exit(2)
}
const serve = JSON.parse(readFileSync(serveFile, 'utf8'))
const load = JSON.parse(readFileSync(loadFile, 'utf8'))
const names = ['sent', ...serve.stages, 'received']
const rows = []
for (const [id, [sent, received]] of Object.entries(load)) {
  const stages = serve.times[id]
  if (sent === null || received === null || !stages) continue
  rows.push([sent, ...stages, received])
}
rows.sort((a, b) => a.at(-1) - a[0] - (b.at(-1) - b[0]))

const middle = (values) => {
  const sorted = values.filter((v) => v !== null && !Number.isNaN(v)).sort((a, b) => a - b)
  return sorted.length === 0 ? Number.NaN : sorted[Math.floor(sorted.length / 2)]
}
/** Per step (stage i-1 -> stage i, skipping stages a process does not have), its middle duration. */
function steps(part) {
  const out = []
  for (let i = 1; i < names.length; i++) {
    const values = part.map((row) => {
      let before = i - 1
      while (before > 0 && row[before] === null) before--
      return row[i] === null ? null : row[i] - row[before]
    })
    out.push(middle(values))
  }
  return out
}
const format = (n) => (Number.isNaN(n) ? '   -  ' : n.toFixed(3).padStart(7))
process.stdout.write(
  `${'part'.padEnd(16)}${names
    .slice(1)
    .map((n) => n.padStart(11))
    .join('')}      total\n`,
)
for (const [label, share] of [
  ['all', 1],
  ['slowest 10 %', 0.1],
  ['slowest 1 %', 0.01],
  ['slowest 0.1 %', 0.001],
]) {
  const part = rows.slice(rows.length - Math.max(1, Math.round(rows.length * share)))
  const total = middle(part.map((row) => row.at(-1) - row[0]))
  process.stdout.write(
    `${`${label} (${part.length})`.padEnd(16)}${steps(part)
      .map((v) => format(v).padStart(11))
      .join('')}${format(total).padStart(11)}\n`,
  )
}
