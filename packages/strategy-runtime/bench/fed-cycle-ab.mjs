// The router bench's full cycle from two builds (or two modes) in one process, alternating CPU slices: an A/B that a
// loaded machine cannot skew the way separate runs minutes apart can. After `npm run build`, from this folder:
//   node bench/fed-cycle-ab.mjs <dist A> <dist B> [slices=30] [sliceMs=150] [modeA=fed] [modeB=modeA]
// mode `fed` feeds the memory provider, `alone` gives the router a read-only provider; SCALE=50 divides agents,
// groups and waiting by 50 (everything in cache: what is left of a difference is instructions and GC, not misses).
// Prints the median slice rate of each and the median of the per-slice ratios B / A (A/A: pass one dist twice).
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { benchDirectory, benchStrategies } from './router-fixture.mjs'

const [distA, distB, slicesArg = '30', sliceArg = '150', modeA = 'fed', modeB = modeA] = process.argv.slice(2)
if (!distA || !distB)
  throw new Error('usage: node bench/fed-cycle-ab.mjs <dist A> <dist B> [slices] [sliceMs] [modeA] [modeB]')
const scale = Number(process.env.SCALE ?? 1)
const AGENTS = Math.round(50_000 / scale)
const GROUPS = Math.round(500 / scale)
const WAITING = Math.round(20_000 / scale)
const T0 = Date.parse('2026-01-05T10:00:00Z')

function cpuMs() {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}

/** The bench's fullCycle set-up (router.bench.ts) from the build in `dist`, warmed; returns one cycle. */
async function setUp(dist, mode) {
  const runtime = await import(pathToFileURL(path.resolve(dist, 'index.js')).href)
  const directory = benchDirectory(AGENTS, GROUPS)
  const strategies = benchStrategies(GROUPS)
  const readOnly = {
    name: 'read-only',
    read: () => ({ value: 0, asOf: T0 }),
    agentStatus: () => undefined,
    subscribe: () => () => {},
  }
  const clock = runtime.createSimulatedClock(T0)
  let last
  const router = runtime.createRouter({
    strategies,
    directory,
    stats: mode === 'fed' ? runtime.createMemoryStatProvider({ clock, directory }) : readOnly,
    clock,
    random: runtime.createSeededRandom(1),
    onEvent: (e) => {
      if (e.type === 'routed') last = e
    },
    limits: { keptFinished: 100 },
  })
  const handling = []
  let next = 0
  for (let a = 0; a < AGENTS; a++) router.agentEvent({ agent: `a${a}`, state: 'ready' })
  for (let a = 0; a < AGENTS; a++) {
    const id = `i${next++}`
    router.submit({ id, strategy: `s${a % GROUPS}` })
    router.confirmReservation(id)
    handling[Number(last.agent.slice(1))] = id
  }
  for (let i = 0; i < WAITING; i++) router.submit({ id: `i${next++}`, strategy: `s${i % GROUPS}` })
  let agent = 0
  const cycle = () => {
    const a = agent++ % AGENTS
    clock.advance(1)
    last = undefined
    router.complete(handling[a])
    if (!last) throw new Error('the freed agent was not offered the first in line')
    router.confirmReservation(last.interaction)
    handling[a] = last.interaction
    router.submit({ id: `i${next++}`, strategy: `s${a % GROUPS}` })
  }
  for (let k = 0; k < 20_000; k++) cycle()
  return cycle
}

function slice(cycle, ms) {
  let n = 0
  const start = cpuMs()
  while (cpuMs() - start < ms) {
    for (let k = 0; k < 100; k++) cycle()
    n += 100
  }
  return (n * 1000) / (cpuMs() - start)
}

const median = (values) => [...values].sort((x, y) => x - y)[values.length >> 1]
const a = await setUp(distA, modeA)
const b = await setUp(distB, modeB)
const rates = { a: [], b: [], ratio: [] }
for (let i = 0; i < Number(slicesArg); i++) {
  // each goes first in every other slice: neither always runs right after the other's garbage
  const [ra, rb] =
    i % 2 === 0
      ? [slice(a, +sliceArg), slice(b, +sliceArg)]
      : [slice(b, +sliceArg), slice(a, +sliceArg)].reverse()
  rates.a.push(ra)
  rates.b.push(rb)
  rates.ratio.push(rb / ra)
}
console.log(
  JSON.stringify({
    a: `${distA} ${modeA}`,
    b: `${distB} ${modeB}`,
    scale,
    medianA: Math.round(median(rates.a)),
    medianB: Math.round(median(rates.b)),
    ratioBOverA: Number(median(rates.ratio).toFixed(3)),
  }),
)
