// Property tests over random event sequences: capacity is never exceeded, every interaction ends exactly
// once, and no interaction is routed to an agent while one ahead of it in line (priority, then age since its
// first queueing) could have been served by that agent (a host's connect aside: its agent has the interaction).
// Direct calls (submit's connectedTo) are mixed in: taken whole, or refused whole exactly when they should be.
// Sequences are `medium` sized: at fast-check's default (a handful of operations) no direct call met an agent with a
// pending offer in 150 runs, and a freed place re-offered inside complete() was never seen.
import type { DirectoryDocument, StrategyDocument } from '@routewright/strategy-dsl'
import {
  createProbe,
  createSeededRandom,
  createSimulatedClock,
  type RouterEvent,
} from '@routewright/strategy-runtime'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

const directory: DirectoryDocument = {
  directory: 'prop',
  format: 1,
  groups: { g1: {}, g2: {} },
  agents: {
    a1: { groups: ['g1'] },
    a2: { groups: ['g1', 'g2'], capacity: { voice: 1, chat: 2 } },
    a3: { groups: ['g2'], capacity: { chat: 3 } },
    a4: { groups: ['g2'] },
  },
}

const strategies: StrategyDocument[] = [
  {
    strategy: 'one',
    format: 1,
    inputs: { p: { type: 'int', default: 0 } },
    start: 't',
    nodes: {
      t: {
        type: 'target',
        targets: [{ group: 'g1' }],
        priority: 'data.p',
        wait: '40s',
        treatments: [{ music: 'm', duration: '5s' }],
        escalate: [{ after: '15s', add: [{ group: 'g2' }], raise: 2 }],
        next: { timeout: 'out' },
      },
      out: { type: 'end', outcome: 'default-route' },
    },
  },
  {
    strategy: 'two',
    format: 1,
    inputs: { p: { type: 'int', default: 0 } },
    start: 'w',
    nodes: {
      w: { type: 'wait', for: '2s', next: 't' },
      t: { type: 'target', targets: [{ group: 'g2' }], priority: 'data.p', pick: 'round-robin' },
    },
  },
]

const STATES = ['ready', 'not-ready', 'busy', 'after-call-work', 'logged-out'] as const
const AGENTS = ['a1', 'a2', 'a3', 'a4', 'ghost'] as const

const op = fc.oneof(
  fc.record({
    kind: fc.constant('submit' as const),
    strategy: fc.constantFrom('one', 'two', 'missing'),
    media: fc.constantFrom('voice', 'chat'),
    p: fc.integer({ min: 0, max: 3 }),
  }),
  fc.record({
    kind: fc.constant('agent' as const),
    agent: fc.constantFrom(...AGENTS),
    state: fc.constantFrom(...STATES),
  }),
  fc.record({
    kind: fc.constantFrom(
      'confirm' as const,
      'reject' as const,
      'abandon' as const,
      'complete' as const,
      'treatment' as const,
      'duplicate' as const,
    ),
    pick: fc.nat(),
  }),
  fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 20_000 }) }),
  // the host's word that an agent has it: may take a place held by other interactions' offers, never confirmed work
  fc.record({ kind: fc.constant('connect' as const), pick: fc.nat(), agent: fc.constantFrom(...AGENTS) }),
  // a call dialled straight to an agent (submit's connectedTo): taken whole or refused whole, answered `late` ms ago;
  // a `p` of 'high' is data its strategy's inputs refuse
  fc.record({
    kind: fc.constant('direct' as const),
    strategy: fc.constantFrom('one', 'two'),
    media: fc.constantFrom('voice', 'chat'),
    agent: fc.constantFrom(...AGENTS),
    p: fc.oneof(
      { arbitrary: fc.integer({ min: 0, max: 3 }), weight: 4 },
      { arbitrary: fc.constant('high'), weight: 1 },
    ),
    late: fc.integer({ min: 0, max: 5000 }),
  }),
)

function capacityOf(agent: string, media: string): number {
  return (
    directory.agents?.[agent]?.capacity?.[media] ??
    (directory.agents?.[agent]?.capacity ? 0 : media === 'voice' ? 1 : 0)
  )
}

describe('router invariants', () => {
  it('holds over random event sequences', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 120, size: 'medium' }), fc.integer(), (ops, seed) => {
        const clock = createSimulatedClock(0)
        const events: RouterEvent[] = []
        const enqueuedAt = new Map<string, number>()
        const media = new Map<string, string>()
        const problems: string[] = []
        // reservations and handled interactions per agent and media, from the events alone
        const holding = new Map<string, { agent: string; media: string; state: 'reserved' | 'handling' }>()
        const { router, probe } = createProbe({
          strategies,
          directory,
          clock,
          random: createSeededRandom(seed),
          onEvent: (e) => {
            events.push(e)
            if (e.type === 'queued' && !enqueuedAt.has(e.interaction)) enqueuedAt.set(e.interaction, e.at)
            if (e.type === 'routed') {
              holding.set(e.interaction, {
                agent: e.agent,
                media: media.get(e.interaction) ?? 'voice',
                state: 'reserved',
              })
              let used = 0
              for (const h of holding.values())
                if (h.agent === e.agent && h.media === media.get(e.interaction)) used++
              if (used > capacityOf(e.agent, media.get(e.interaction) ?? 'voice'))
                problems.push(`${e.agent} over capacity at ${e.at}`)
              // a connect is the host's fact, not the router's choice: no one in line is passed over by it
              if (!e.connected) {
                const mine = enqueuedAt.get(e.interaction) ?? 0
                for (const w of router.snapshot().waiting) {
                  const servable = w.targets.some((t) =>
                    directory.agents?.[e.agent]?.groups?.includes(t.replace('group:', '')),
                  )
                  if (!servable || capacityOf(e.agent, media.get(w.interaction) ?? 'voice') === 0) continue
                  if (media.get(w.interaction) !== media.get(e.interaction)) continue
                  const ahead =
                    w.priority > e.priority ||
                    (w.priority === e.priority && (enqueuedAt.get(w.interaction) ?? 0) < mine)
                  if (ahead)
                    problems.push(
                      `${w.interaction} (p${w.priority}) was ahead of ${e.interaction} (p${e.priority}) for ${e.agent}`,
                    )
                }
              }
            }
            if (e.type === 'reservation-rejected') holding.delete(e.interaction)
            if (e.type === 'finished' && e.outcome === 'routed') {
              const h = holding.get(e.interaction)
              if (h) h.state = 'handling'
            } else if (e.type === 'finished') holding.delete(e.interaction)
          },
        })
        const submitted: string[] = []
        // submits refused as a whole (a strategy not loaded, a direct call not taken), so they never start nor
        // finish, with the code of the error that refused each
        const refused = new Map<string, string | undefined>()
        let n = 0
        const pickId = (k: number) => submitted[k % Math.max(1, submitted.length)] ?? 'none'
        for (const o of ops) {
          switch (o.kind) {
            case 'submit': {
              const id = `i${n++}`
              submitted.push(id)
              media.set(id, o.media)
              if (o.strategy === 'missing') refused.set(id, 'unknown-strategy')
              router.submit({ id, strategy: o.strategy, media: o.media, data: { p: o.p } })
              break
            }
            case 'agent':
              router.agentEvent({ agent: o.agent, state: o.state })
              break
            case 'confirm':
              router.confirmReservation(pickId(o.pick))
              break
            case 'reject':
              router.rejectReservation(pickId(o.pick))
              break
            case 'abandon':
              router.abandon(pickId(o.pick))
              break
            case 'complete': {
              const id = pickId(o.pick)
              // freed before the call: the place it frees may be offered to the next in line inside complete
              if (holding.get(id)?.state === 'handling') holding.delete(id)
              router.complete(id)
              break
            }
            case 'treatment':
              router.treatmentDone(pickId(o.pick))
              break
            case 'duplicate': {
              // reusing the id of an interaction still being routed must be refused and change nothing
              const id = pickId(o.pick)
              if (probe.isActive(id)) router.submit({ id, strategy: 'one' })
              break
            }
            case 'advance':
              clock.advance(o.ms)
              break
            case 'connect':
              router.connectAgent(pickId(o.pick), { agent: o.agent })
              break
            case 'direct': {
              const id = `i${n++}`
              submitted.push(id)
              media.set(id, o.media)
              const before = router.snapshot().agents.find((a) => a.id === o.agent)
              const heard = events.length
              const at = clock.now() - o.late
              router.submit({
                id,
                strategy: o.strategy,
                media: o.media,
                data: { p: o.p },
                connectedTo: o.late === 0 ? { agent: o.agent } : { agent: o.agent, at },
              })
              const errors = events.slice(heard).filter((e) => e.type === 'error' && e.interaction === id)
              const code = errors[0]?.type === 'error' ? errors[0].code : undefined
              // refused whole exactly when the agent is unknown, the data wrong, or its confirmed work fills it
              const full = before !== undefined && (before.load[o.media] ?? 0) >= capacityOf(o.agent, o.media)
              const expected =
                before === undefined
                  ? 'unknown'
                  : o.p === 'high'
                    ? 'wrong-input'
                    : full
                      ? 'no-free-place'
                      : undefined
              const got = errors.length === 0 ? undefined : (code ?? 'unknown')
              if (got !== expected)
                problems.push(`direct ${id} to ${o.agent}: ${got ?? 'taken'}, not ${expected ?? 'taken'}`)
              if (got !== undefined) refused.set(id, code)
              break
            }
          }
          for (const a of router.snapshot().agents) {
            for (const m of ['voice', 'chat']) {
              const used = (a.load[m] ?? 0) + (a.reservations[m] ?? 0)
              if (used > capacityOf(a.id, m))
                problems.push(`${a.id} holds ${used} ${m} (capacity ${capacityOf(a.id, m)})`)
            }
          }
        }
        for (const id of submitted) if (probe.isActive(id)) router.abandon(id)
        // a fault inside the router (a place reserved that was not free, say) is a bug, whatever the host sent
        for (const e of events)
          if (e.type === 'error' && e.reason.includes('failed inside the router')) problems.push(e.reason)
        for (const id of submitted) {
          const ends = events.filter((e) => e.type === 'finished' && e.interaction === id).length
          if (ends !== (refused.has(id) ? 0 : 1)) problems.push(`${id} finished ${ends} times`)
          if (
            refused.has(id) &&
            !events.some((e) => e.type === 'error' && e.interaction === id && e.code === refused.get(id))
          )
            problems.push(`${id} was not refused with ${refused.get(id)}`)
        }
        expect(problems).toEqual([])
      }),
      { numRuns: 150 },
    )
  }, 120_000)
})
