// What the statistics windows' write (redis-windows.ts, about once a second) costs per interaction as a routing
// process's uptime grows: a simulated memory provider (3,300 ready agents in one group, 1,000 interactions a second,
// each completed a second later). Two writers on the same provider, second by second, in alternating order:
// `slices`, the writer's now (window-slices.ts: the time-slice parts a change touched, stringified), and `whole`, the
// one before (format 2: every changed subject's whole part, exported with reuse and stringified), whose part holds
// the subject's rows since it started (exact for the last hour), so it grows with uptime.
// Usage: node --expose-gc bench/windows-growth.mjs [minutes=10] [every]   (npm run build first: it reads the built
// strategy-runtime). With `every`, `slices` also writes every second between the marks, as the writer does, and each
// mark's line ends with those writes' mean and dearest (bytes per interaction, CPU): the joins due at any second.
import {
  applySliceChange,
  createWindowReuse,
  createWindowSliceState,
  mergeWindowSlices,
} from '@routewright/strategy-runtime'
import { RATE, windowsTraffic } from './windows-traffic.mjs'

const minutes = Number(process.argv[2] ?? 10)
const every = process.argv[3] === 'every'
const { clock, stats, second, readyProvider } = windowsTraffic()
const reuse = createWindowReuse()
const last = new Map()
/** format 2's write: the whole part of each subject that changed; its JSON characters */
function wholeWrite() {
  let chars = 0
  let parts = 0
  for (const [subject, part] of stats.windowEntries({ reuse })) {
    if (last.get(subject) === part) continue
    last.set(subject, part)
    chars += subject.length + JSON.stringify(part).length
    parts++
  }
  return { chars, parts }
}
const state = createWindowSliceState()
/** format 3's write: the parts a change touched, recorded as written */
function sliceWrite() {
  let chars = 0
  let parts = 0
  for (const change of stats.windowSliceChanges(state)) {
    for (const [name, part] of change.set) {
      chars += name.length + JSON.stringify(part).length
      parts++
    }
    for (const name of change.removed) chars += name.length
    applySliceChange(state, change)
  }
  return { chars, parts }
}
const cpuOf = (write) => {
  const t0 = process.cpuUsage()
  const out = write()
  const cpu = process.cpuUsage(t0)
  return { ...out, ms: (cpu.user + cpu.system) / 1000 }
}
let s = 0
const marks = [1, 2, 5, 10, 20, 30, 60, 90, 120].filter((m) => m <= minutes)
for (const m of marks) {
  const between = []
  while (s < m * 60 - 6) {
    second()
    s++
    if (every) between.push(cpuOf(sliceWrite))
  }
  // the first write after the mark's eleven catches up nothing when every second is written
  between.shift()
  // eleven writes a second apart, as the writer makes them, five before the minute and six after (when quarter
  // hours and five minutes are joined): the middle one's CPU and the dearest one (the first only catches up)
  const runs = { whole: [], slices: [] }
  for (let w = 0; w < 12; w++) {
    second()
    s++
    const order = w % 2 === 0 ? ['whole', 'slices'] : ['slices', 'whole']
    for (const name of order) {
      const run = cpuOf(name === 'whole' ? wholeWrite : sliceWrite)
      if (w > 0) runs[name].push(run)
    }
  }
  const r = stats.retained()
  const line = (name) => {
    const sorted = [...runs[name]].sort((a, b) => a.ms - b.ms)
    const mid = sorted[5]
    const cpus = sorted.map((x) => x.ms.toFixed(0)).join('/')
    const most = [...runs[name]].sort((a, b) => a.chars - b.chars).at(-1)
    const per = (x) => (x.chars / RATE).toFixed(0)
    return `${name} ${mid.ms.toFixed(1)} ms CPU (${cpus}), ${mid.parts} parts, ${(mid.chars / 1024).toFixed(0)} KB (${per(mid)} B per interaction; most ${per(most)} B, ${most.parts} parts)`
  }
  const spread = () => {
    if (between.length === 0) return ''
    const mean = (f) => between.reduce((sum, x) => sum + f(x), 0) / between.length
    const most = (f) => Math.max(...between.map(f))
    return `; every second before it (${between.length} writes): mean ${(mean((x) => x.chars) / RATE).toFixed(0)} B per interaction, ${mean((x) => x.ms).toFixed(1)} ms, dearest ${(most((x) => x.chars) / RATE).toFixed(0)} B, ${most((x) => x.ms).toFixed(0)} ms`
  }
  process.stdout.write(
    `${String(m).padStart(3)} min, rows per agent ${(r.agentRows / r.agents).toFixed(0)}: ${line('whole')}; ${line('slices')}${spread()}\n`,
  )
}
// what a full write sends (a new routing process, Redis back without its data) and a takeover reads, at the end:
// three rounds in alternating order, each after a full GC when node runs with --expose-gc (whichever ran first
// paid the simulation's pending major GC: 4.6 s against 1.4 s where alternating gives about 1:1)
{
  const gc = globalThis.gc ?? (() => {})
  const ms = (c) => (c.user + c.system) / 1000
  let slices
  let whole
  const writeSlices = () => {
    let chars = 0
    const texts = []
    for (const change of stats.windowSliceChanges(createWindowSliceState()))
      for (const [name, part] of change.set) {
        const text = JSON.stringify(part)
        chars += name.length + text.length
        texts.push([name, text])
      }
    slices = { texts, chars }
  }
  const writeWhole = () => {
    whole = JSON.stringify(stats.exportWindows())
  }
  // what a takeover's restore costs: parse, join (slices), restore into a new provider with the agents ready
  const fresh = readyProvider
  const readSlices = (p) =>
    p.restoreWindows(
      mergeWindowSlices(
        slices.texts.map(([name, text]) => [name, JSON.parse(text)]),
        { at: clock.now() },
      ),
    )
  const readWhole = (p) => p.restoreWindows(JSON.parse(whole))
  const cpu = { writeSlices: [], writeWhole: [], readSlices: [], readWhole: [] }
  const timed = (name, f, arg) => {
    gc()
    const t0 = process.cpuUsage()
    f(arg)
    cpu[name].push(ms(process.cpuUsage(t0)))
  }
  for (let round = 0; round < 3; round++) {
    const writes = [
      ['writeSlices', writeSlices],
      ['writeWhole', writeWhole],
    ]
    for (const [name, f] of round % 2 ? writes.reverse() : writes) timed(name, f)
    const reads = [
      ['readSlices', readSlices],
      ['readWhole', readWhole],
    ]
    for (const [name, f] of round % 2 ? reads.reverse() : reads) {
      const p = fresh()
      timed(name, f, p)
    }
  }
  const list = (name) => cpu[name].map((x) => (x / 1000).toFixed(1)).join('/')
  const mid = (name) => [...cpu[name]].sort((a, b) => a - b)[1]
  const mb = (n) => (n / 1024 / 1024).toFixed(1)
  process.stdout.write(
    `full write at ${minutes} min (3 rounds, s CPU): slices ${slices.texts.length} parts, ${mb(slices.chars)} MB, write ${list('writeSlices')}, restore ${list('readSlices')}; ` +
      `whole ${mb(whole.length)} MB, write ${list('writeWhole')}, restore ${list('readWhole')}; ` +
      `ratio slices/whole (middle runs): bytes ${(slices.chars / whole.length).toFixed(2)}, write ${(mid('writeSlices') / mid('writeWhole')).toFixed(2)}, restore ${(mid('readSlices') / mid('readWhole')).toFixed(2)}\n`,
  )
}
