// Property test: over random feeds, the memory provider's incremental figures equal a naive model that keeps
// every event and rescans history on each read.
import { type AgentState, STATISTICS as CATALOGUE } from '@routewright/strategy-dsl'
import type { StatEvent, StatRequest, StatSubject } from '@routewright/strategy-runtime'
import { createMemoryStatProvider } from '@routewright/strategy-runtime'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { directory, manualClock, T0 } from './stats-fixtures.ts'

const AGENTS = ['a1', 'a2', 'a3']
const STATES: AgentState[] = ['logged-out', 'not-ready', 'ready', 'busy', 'after-call-work']
const TARGETS: StatSubject[][] = [
  [{ kind: 'group', id: 'sales' }],
  [{ kind: 'queue', id: 'front' }],
  [
    { kind: 'group', id: 'vip' },
    { kind: 'group', id: 'support' },
  ],
]
const SUBJECTS = ['group:sales', 'group:support', 'group:vip', 'queue:front']
const groupsOf = (key: string): string[] => (key === 'queue:front' ? ['group:sales', 'group:support'] : [])
const expand = (targets: StatSubject[]) =>
  targets.flatMap((t) => [`${t.kind}:${t.id}`, ...groupsOf(`${t.kind}:${t.id}`)])

/** One step of a feed, interpreted against the life of the interactions so every event is a valid one. */
const stepsOf = (maxGapSeconds: number) =>
  fc.record({
    // whole seconds: the series fold changes within a second, and the windows start on a second
    dt: fc.integer({ min: 0, max: maxGapSeconds }).map((s) => s * 1000),
    op: fc.integer({ min: 0, max: 5 }),
    pick: fc.nat(),
    targets: fc.integer({ min: 0, max: TARGETS.length - 1 }),
    state: fc.integer({ min: 0, max: STATES.length - 1 }),
  })

interface Call {
  id: string
  phase: 'waiting' | 'left' | 'routed'
  agent?: string
  targets: StatSubject[]
}

function feedOf(steps: Array<{ dt: number; op: number; pick: number; targets: number; state: number }>) {
  const events: StatEvent[] = []
  const calls: Call[] = []
  let at = T0
  let seq = 0
  for (const s of steps) {
    at += s.dt
    const open = calls.filter((c) => c.phase !== 'routed')
    const routed = calls.filter((c) => c.phase === 'routed')
    const agent = AGENTS[s.pick % AGENTS.length]!
    if (s.op === 0) events.push({ type: 'agent-state', agent, state: STATES[s.state]!, at })
    else if (s.op === 1 || open.length === 0) {
      const call: Call = { id: `i${++seq}`, phase: 'waiting', targets: TARGETS[s.targets]! }
      calls.push(call)
      events.push({
        type: 'interaction-queued',
        interaction: call.id,
        targets: call.targets,
        media: 'voice',
        at,
      })
    } else if (s.op === 2) {
      const call = open[s.pick % open.length]!
      events.push({ type: 'interaction-left-queue', interaction: call.id, targets: call.targets, at })
      call.phase = 'left'
    } else if (s.op === 3) {
      const call = open[s.pick % open.length]!
      call.phase = 'routed'
      call.agent = agent
      events.push({
        type: 'interaction-routed',
        interaction: call.id,
        agent,
        targets: call.targets,
        media: 'voice',
        at,
      })
    } else if (s.op === 4) {
      const call = open[s.pick % open.length]!
      calls.splice(calls.indexOf(call), 1)
      events.push({ type: 'interaction-abandoned', interaction: call.id, targets: [], at })
    } else if (routed.length > 0) {
      const call = routed[s.pick % routed.length]!
      calls.splice(calls.indexOf(call), 1)
      events.push({
        type: 'interaction-completed',
        interaction: call.id,
        agent: call.agent!,
        media: 'voice',
        at,
      })
    }
  }
  return { events, end: at }
}

/** The naive model: replays the whole feed for every question. */
function model(events: StatEvent[], now: number) {
  const state = new Map<string, AgentState>()
  const load = new Map<string, number>()
  const waiting = new Map<string, { since: number; keys: string[] }>()
  const queuedAt = new Map<string, number>()
  const where = new Map<string, string[]>()
  const answers: Array<{ at: number; key: string; wait: number }> = []
  const abandons: Array<{ at: number; key: string }> = []
  for (const e of events) {
    if (e.type === 'agent-state') state.set(e.agent, e.state)
    else if (e.type === 'interaction-queued') {
      if (!queuedAt.has(e.interaction)) queuedAt.set(e.interaction, e.at)
      waiting.set(e.interaction, { since: queuedAt.get(e.interaction)!, keys: expand([...e.targets]) })
      where.set(e.interaction, expand([...e.targets]))
    } else if (e.type === 'interaction-left-queue') waiting.delete(e.interaction)
    else if (e.type === 'interaction-routed') {
      waiting.delete(e.interaction)
      for (const key of new Set(where.get(e.interaction))) {
        answers.push({ at: e.at, key, wait: e.at - queuedAt.get(e.interaction)! })
      }
      load.set(e.agent, (load.get(e.agent) ?? 0) + 1)
    } else if (e.type === 'interaction-abandoned') {
      waiting.delete(e.interaction)
      for (const key of new Set(where.get(e.interaction))) abandons.push({ at: e.at, key })
    } else if (e.type === 'interaction-completed') load.set(e.agent, (load.get(e.agent) ?? 0) - 1)
  }
  const membersOf = (key: string) =>
    AGENTS.filter((a) => {
      const groups = (directory.agents?.[a]?.groups ?? []).map((g) => `group:${g}`)
      return groups.includes(key) || groupsOf(key).some((g) => groups.includes(g))
    })
  return (key: string, from: number) => {
    const members = membersOf(key)
    const waits = [...waiting.values()].filter((w) => w.keys.includes(key))
    const answered = answers.filter((a) => a.key === key && a.at > from)
    const abandoned = abandons.filter((a) => a.key === key && a.at > from).length
    const within = answered.filter((a) => a.wait <= 20_000).length
    return {
      AgentsLoggedIn: members.filter((a) => (state.get(a) ?? 'logged-out') !== 'logged-out').length,
      // a3 also takes chat (capacity 2): one voice call leaves her a chat, but the router gives an agent pushed past
      // her voice limit (a feed that routes her a second call) nothing more, and the provider counts as it routes
      AgentsReady: members.filter(
        (a) => state.get(a) === 'ready' && (load.get(a) ?? 0) < (a === 'a3' ? 2 : 1),
      ).length,
      InteractionsWaiting: waits.length,
      OldestWaiting: waits.length === 0 ? 0 : (now - Math.min(...waits.map((w) => w.since))) / 1000,
      AbandonRate: answered.length + abandoned === 0 ? 0 : abandoned / (answered.length + abandoned),
      'ServiceLevel(20s)': answered.length + abandoned === 0 ? 1 : within / (answered.length + abandoned),
    }
  }
}

describe('memory provider against a naive model', () => {
  // 60 gaps of up to 12 min span hours, so rows older than 2 h are quarter-hour samples: since-midnight starts on an
  // edge and 60m within the last 2 h, so both stay exact
  for (const [name, stepArb, seed] of [
    ['any feed', stepsOf(120), 20261125],
    ['a feed over hours (old rows sampled per quarter hour)', stepsOf(720), 20261201],
  ] as const)
    it(`agrees on counts, oldest wait, abandon rate and service level after ${name}`, () => {
      fc.assert(
        fc.property(fc.array(stepArb, { minLength: 1, maxLength: 60 }), (steps) => {
          const { events, end } = feedOf(steps)
          const clock = manualClock()
          const stats = createMemoryStatProvider({ clock, directory })
          for (const e of events) {
            clock.set(e.at)
            stats.record(e)
          }
          clock.set(end)
          const figuresAt = model(events, end)
          for (const key of SUBJECTS) {
            const [kind, id] = key.split(':') as ['group', string]
            // windows wider than the 1 s fold resolution, away from the fold's edge
            for (const [window, from] of [
              ['since-midnight', Date.UTC(2026, 10, 25)],
              ['60m', end - 3_600_000],
            ] as const) {
              const expected = figuresAt(key, from)
              for (const [statistic, value] of Object.entries(expected)) {
                const got = stats.read({ subject: { kind, id }, statistic, window }).value
                expect([key, window, statistic, got]).toEqual([
                  key,
                  window,
                  statistic,
                  expect.closeTo(value, 9),
                ])
              }
            }
          }
        }),
        { numRuns: 150, seed },
      )
    })

  it("gives the same figures when events carry refs, reused, missing or another feeder's", () => {
    // the whole catalogue, in every window, for every subject: a statistic a subject does not have fails alike
    const STATISTICS = CATALOGUE.map((info) => (info.parameter ? `${info.name}(20s)` : info.name))
    const answer = (provider: ReturnType<typeof createMemoryStatProvider>, request: StatRequest) => {
      try {
        return provider.read(request).value
      } catch (error) {
        return (error as Error).message
      }
    }
    fc.assert(
      fc.property(
        fc.array(stepsOf(120), { minLength: 1, maxLength: 60 }),
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 60, maxLength: 60 }),
        (steps, modes) => {
          const { events, end } = feedOf(steps)
          // refs as routers give them: on an interaction's first event, given back after its last one; two
          // feeders (one provider shared by two routers) number theirs alike, so one's refs name the other's
          // interactions too; some events carry no ref (a host's own feed)
          const feeders = [
            { refOf: new Map<string, number>(), free: [] as number[], next: 0 },
            { refOf: new Map<string, number>(), free: [] as number[], next: 0 },
          ]
          const feederOf = new Map<string, number>()
          const withRefs = events.map((e, k): StatEvent => {
            if (e.type === 'agent-state' || e.type === 'agent-reservation') return e
            const mode = modes[k % modes.length]!
            let which = feederOf.get(e.interaction)
            if (which === undefined) {
              which = mode % 2
              feederOf.set(e.interaction, which)
            }
            const feeder = feeders[which]!
            let ref = feeder.refOf.get(e.interaction)
            if (ref === undefined) {
              ref = feeder.free.pop() ?? feeder.next++
              feeder.refOf.set(e.interaction, ref)
            }
            if (e.type === 'interaction-completed' || e.type === 'interaction-abandoned') {
              feeder.refOf.delete(e.interaction)
              feeder.free.push(ref)
            }
            return mode === 0 ? e : { ...e, ref }
          })
          const clock = manualClock()
          const plain = createMemoryStatProvider({ clock, directory })
          const reffed = createMemoryStatProvider({ clock, directory })
          for (let k = 0; k < events.length; k++) {
            clock.set(events[k]!.at)
            plain.record(events[k]!)
            reffed.record(withRefs[k]!)
          }
          clock.set(end)
          for (const key of [...SUBJECTS, ...AGENTS.map((a) => `agent:${a}`)]) {
            const [kind, id] = key.split(':') as ['group', string]
            for (const window of ['since-midnight', '60m', 'current'] as const)
              for (const statistic of STATISTICS) {
                const request = { subject: { kind, id }, statistic, window }
                expect([key, window, statistic, answer(reffed, request)]).toEqual([
                  key,
                  window,
                  statistic,
                  answer(plain, request),
                ])
              }
          }
        },
      ),
      { numRuns: 150, seed: 20261130 },
    )
  })
})
