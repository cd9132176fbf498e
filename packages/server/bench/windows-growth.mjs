// What the statistics windows' write (redis-windows.ts, about once a second) costs per interaction as a routing
// process's uptime grows: a simulated memory provider (3,300 ready agents in one group, 1,000 interactions a second,
// each completed a second later). Two writers on the same provider, second by second, in alternating order:
// `slices`, the writer's now (window-slices.ts: the time-slice parts a change touched, stringified), and `whole`, the
// one before (format 2: every changed subject's whole part, exported with reuse and stringified), whose part holds
// the subject's rows since it started (exact for the last hour), so it grows with uptime.
// Usage: node bench/windows-growth.mjs [minutes=10]   (npm run build first: it reads the built strategy-runtime)
import {
  applySliceChange,
  createMemoryStatProvider,
  createSimulatedClock,
  createWindowReuse,
  createWindowSliceState,
  mergeWindowSlices,
} from '@routewright/strategy-runtime'

const AGENTS = 3300
const RATE = 1000
const minutes = Number(process.argv[2] ?? 10)
const support = { kind: 'group', id: 'support' }
const clock = createSimulatedClock(Date.UTC(2026, 10, 30, 9))
const agents = Object.fromEntries(
  Array.from({ length: AGENTS }, (_, i) => [`a${i}`, { groups: ['support'] }]),
)
const stats = createMemoryStatProvider({
  clock,
  directory: { directory: 'bench', format: 1, groups: { support: {} }, agents },
})
for (let i = 0; i < AGENTS; i++)
  stats.record({ type: 'agent-state', agent: `a${i}`, state: 'ready', at: clock.now() })
let n = 0
function second() {
  for (let k = 0; k < RATE; k++) {
    clock.advance(1000 / RATE)
    const at = clock.now()
    const id = `i${n++}`
    stats.record({ type: 'interaction-queued', interaction: id, targets: [support], media: 'voice', at })
    stats.record({
      type: 'interaction-routed',
      interaction: id,
      agent: `a${(n - 1) % AGENTS}`,
      targets: [support],
      media: 'voice',
      at,
    })
    if (n > 1)
      stats.record({
        type: 'interaction-completed',
        interaction: `i${n - 2}`,
        agent: `a${(n - 2) % AGENTS}`,
        media: 'voice',
        at,
      })
  }
}
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
  while (s < m * 60 - 6) {
    second()
    s++
  }
  // five writes a second apart, as the writer makes them: the middle one's CPU (the first only catches up)
  const runs = { whole: [], slices: [] }
  for (let w = 0; w < 6; w++) {
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
    const mid = sorted[2]
    const cpus = sorted.map((x) => x.ms.toFixed(0)).join('/')
    return `${name} ${mid.ms.toFixed(1)} ms CPU (${cpus}), ${mid.parts} parts, ${(mid.chars / 1024).toFixed(0)} KB (${(mid.chars / RATE).toFixed(0)} B per interaction)`
  }
  process.stdout.write(
    `${String(m).padStart(3)} min, rows per agent ${(r.agentRows / r.agents).toFixed(0)}: ${line('whole')}; ${line('slices')}\n`,
  )
}
// what a full write sends (a new routing process, Redis back without its data) and a takeover reads, at the end
{
  const t0 = process.cpuUsage()
  let chars = 0
  const texts = []
  for (const change of stats.windowSliceChanges(createWindowSliceState()))
    for (const [name, part] of change.set) {
      const text = JSON.stringify(part)
      chars += name.length + text.length
      texts.push([name, text])
    }
  const cpu = process.cpuUsage(t0)
  const t1 = process.cpuUsage()
  const wholeText = JSON.stringify(stats.exportWindows())
  const cpuWhole = process.cpuUsage(t1)
  const ms = (c) => ((c.user + c.system) / 1000).toFixed(0)
  // what a takeover's restore costs: parse, join (slices), restore into a new provider with the agents ready
  const fresh = () => {
    const p = createMemoryStatProvider({
      clock,
      directory: { directory: 'bench', format: 1, groups: { support: {} }, agents },
    })
    for (let i = 0; i < AGENTS; i++)
      p.record({ type: 'agent-state', agent: `a${i}`, state: 'ready', at: clock.now() })
    return p
  }
  const a = fresh()
  const t2 = process.cpuUsage()
  a.restoreWindows(
    mergeWindowSlices(
      texts.map(([name, text]) => [name, JSON.parse(text)]),
      { at: clock.now() },
    ),
  )
  const cpuRead = process.cpuUsage(t2)
  const b = fresh()
  const t3 = process.cpuUsage()
  b.restoreWindows(JSON.parse(wholeText))
  const cpuReadWhole = process.cpuUsage(t3)
  process.stdout.write(
    `full write at ${minutes} min: slices ${texts.length} parts, ${(chars / 1024 / 1024).toFixed(1)} MB, ${ms(cpu)} ms CPU, restore ${ms(cpuRead)} ms; whole ${(wholeText.length / 1024 / 1024).toFixed(1)} MB, ${ms(cpuWhole)} ms CPU, restore ${ms(cpuReadWhole)} ms\n`,
  )
}
