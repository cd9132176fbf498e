// The router bench's fed full cycle (router.bench.ts fullCycle) from the build in a dist folder, under bare Node: shared
// by fed-cycle-ab.mjs (two builds compared) and fed-cycle-profile.mjs (one build's CPU and allocation profile).
// SCALE=50 divides agents, groups and waiting by 50 (everything in cache).
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { benchDirectory, benchStrategies } from './router-fixture.mjs'

export const scale = Number(process.env.SCALE ?? 1)
const AGENTS = Math.round(50_000 / scale)
const GROUPS = Math.round(500 / scale)
const WAITING = Math.round(20_000 / scale)
const T0 = Date.parse('2026-01-05T10:00:00Z')

/** The bench's fullCycle set-up (router.bench.ts) from the build in `dist`, warmed; returns one cycle. */
export async function setUp(dist, mode) {
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
