// What the slowest 1 % of a serve latency run waited on: groups them into bursts (submits close in order, slowed by
// one event) and says per burst its size and latencies, the middle time of each stage step (serve's
// ROUTEWRIGHT_SUBMIT_TIMING, as bench/submit-stages.mjs reads it) and the GC pauses and loop stalls of serve and of the
// load generator that overlap its submits (bench/stall-trace.mjs). A p99 over 6,000 submits is its 60 slowest: one
// stall of 80 ms makes most of them, so the p99 counts stall events, and a step or process that holds them is found.
// Usage: node tail-bursts.mjs <load times.json> <serve timing.json> <prefix of stall-trace.mjs files>, after one
// latency run, e.g. ROUTEWRIGHT_BENCH_REDIS_LATENCY_ONLY=1 ROUTEWRIGHT_BENCH_REDIS_SUBMITS_ONLY=1
// NODE_OPTIONS=--import=$PWD/packages/server/bench/stall-trace.mjs ROUTEWRIGHT_STALL_TRACE=/tmp/t
// ROUTEWRIGHT_LOAD_TIMES=/tmp/t-load.json ROUTEWRIGHT_SUBMIT_TIMING=/tmp/t-serve.json npm run bench -- redis.bench
import { existsSync, readFileSync } from 'node:fs'

const [loadFile, serveFile, prefix] = process.argv.slice(2)
if (!loadFile || !serveFile || !prefix) {
  process.stderr.write(
    'tail-bursts: pass the load times file, the serve timing file and the stall trace prefix\n',
  )
  process.exit(2)
}
const read = (file) => JSON.parse(readFileSync(file, 'utf8'))
const traced = (role) =>
  existsSync(`${prefix}-${role}.json`) ? read(`${prefix}-${role}.json`) : { gcs: [], stalls: [] }
const load = read(loadFile)
const timing = read(serveFile)
const serve = traced('serve')
const loader = traced('loader')
const steps = [...timing.stages, 'received']

const rows = []
for (const [id, [sent, received]] of Object.entries(load)) {
  if (sent === null || received === null) continue
  rows.push({ i: Number(id.slice(1)), sent, received, ms: received - sent, stages: timing.times[id] })
}
if (rows.length === 0) {
  process.stderr.write('tail-bursts: no timed submit has both its send and its routed event\n')
  process.exit(1)
}
const sorted = rows.map((r) => r.ms).sort((a, b) => a - b)
const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
const p99 = at(0.99)
const slow = rows.filter((r) => r.ms >= p99).sort((a, b) => a.i - b.i)

/** Submits within 20 of each other in order belong to one burst. */
const bursts = []
for (const row of slow) {
  const last = bursts.at(-1)
  if (last && row.i - last.at(-1).i <= 20) last.push(row)
  else bursts.push([row])
}
const middle = (values) => {
  const list = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b)
  return list.length === 0 ? Number.NaN : list[Math.floor(list.length / 2)]
}
/** Each step's duration for one submit: from the last stage noted before it (the send first). */
const stepTimes = (row) => {
  const marks = [...(row.stages ?? timing.stages.map(() => null)), row.received]
  let before = row.sent
  return marks.map((mark) => {
    if (mark === null) return Number.NaN
    const ms = mark - before
    before = mark
    return ms
  })
}
/** ms of `list`'s [at, ms] entries overlapping [from, to]. */
const overlap = (list, from, to) =>
  list.reduce((sum, [start, ms]) => sum + Math.max(0, Math.min(to, start + ms) - Math.max(from, start)), 0)
const fixed = (n) => (Number.isNaN(n) ? '-' : n.toFixed(1))

console.log(
  `${rows.length} timed submits: p50 ${at(0.5).toFixed(2)} ms, p99 ${p99.toFixed(2)} ms; the slowest ${slow.length} in ${bursts.length} bursts`,
)
console.log(
  ['burst (submits)', 'n', 'ms', ...steps, 'serve gc', 'serve stall', 'loader gc', 'loader stall'].join('\t'),
)
for (const burst of bursts) {
  const from = Math.min(...burst.map((r) => r.sent))
  const to = Math.max(...burst.map((r) => r.received))
  const times = burst.map(stepTimes)
  console.log(
    [
      `i${burst[0].i}-i${burst.at(-1).i}`,
      burst.length,
      `${Math.min(...burst.map((r) => r.ms)).toFixed(0)}-${Math.max(...burst.map((r) => r.ms)).toFixed(0)}`,
      ...steps.map((_, s) => fixed(middle(times.map((t) => t[s])))),
      fixed(overlap(serve.gcs, from, to)),
      fixed(overlap(serve.stalls, from, to)),
      fixed(overlap(loader.gcs, from, to)),
      fixed(overlap(loader.stalls, from, to)),
    ].join('\t'),
  )
}
