// What the statistics windows' write (redis-windows.ts, about once a second) costs per interaction as a routing
// process's uptime grows: a simulated memory provider (3,300 ready agents in one group, 1,000 interactions a second,
// each completed a second later), exported with reuse as the writer does, the parts of subjects changed in the last
// second stringified. An agent's part holds its rows since it started (exact for the last hour), so it grows.
// Usage: node bench/windows-growth.mjs [minutes=10]   (npm run build first: it reads the built strategy-runtime)
import {
  createMemoryStatProvider,
  createSimulatedClock,
  createWindowReuse,
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
let s = 0
const marks = [1, 2, 5, 10, 20, 30, 60, 90, 120].filter((m) => m <= minutes)
for (const m of marks) {
  while (s < m * 60 - 6) {
    second()
    s++
  }
  // five writes a second apart, as the writer makes them: the middle one's CPU
  const cpus = []
  let chars = 0
  let changed = 0
  for (let w = 0; w < 6; w++) {
    second()
    s++
    const t0 = process.cpuUsage()
    chars = 0
    changed = 0
    for (const [subject, part] of stats.windowEntries({ reuse })) {
      if (last.get(subject) === part) continue
      last.set(subject, part)
      chars += subject.length + JSON.stringify(part).length
      changed++
    }
    const cpu = process.cpuUsage(t0)
    // the first only catches up with the seconds played before it
    if (w > 0) cpus.push((cpu.user + cpu.system) / 1000)
  }
  cpus.sort((a, b) => a - b)
  const median = cpus[2]
  const r = stats.retained()
  process.stdout.write(
    `${String(m).padStart(3)} min: one write ${median.toFixed(0)} ms CPU (middle of 5), ${changed} subjects changed, ${(chars / 1024).toFixed(0)} KB of JSON (${(chars / RATE).toFixed(0)} B per interaction); rows per agent ${(r.agentRows / r.agents).toFixed(0)}\n`,
  )
}
