// Recycled runs, frames and waits (engine/spares.ts): an interaction that reuses the records of one that finished
// sees nothing of it (trace, path, variables, data, events, place in line), and a stale queue entry of the old one
// never serves the new one.
import {
  createSeededRandom,
  createSimulatedClock,
  type RouterEvent,
  type RouterOptions,
} from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { buildRouter } from '../src/api/router.ts'
import { createProbe } from '../src/testing/probe.ts'
import { makeDirectory, makeStrategy, T0 } from './fixtures.ts'

const queued = makeStrategy(
  {
    mark: { type: 'assign', set: { tries: 'tries + 1', who: 'data.name' }, next: 't' },
    t: {
      type: 'target',
      targets: [{ group: 'sales' }],
      wait: '60s',
      escalate: [{ after: '10s', add: [{ group: 'support' }], raise: 5 }],
      treatments: [{ music: 'music/hold', duration: '30s' }],
      next: { timeout: 'late' },
    },
    late: { type: 'end', outcome: 'reject' },
  },
  {
    variables: { tries: { type: 'int', default: 0 }, who: { type: 'string' } },
    inputs: { name: { type: 'string' } },
  },
)

/** Both lines: sales or support, served by priority. */
const both = makeStrategy(
  { t: { type: 'target', targets: [{ group: 'sales' }, { group: 'support' }], wait: '1h' } },
  { strategy: 'both' },
)
const supportOnly = makeStrategy(
  { t: { type: 'target', targets: [{ group: 'support' }], wait: '1h' } },
  { strategy: 'support-only' },
)
const salesOnly = makeStrategy(
  { t: { type: 'target', targets: [{ group: 'sales' }], wait: '1h' } },
  { strategy: 'sales-only' },
)

function options(extra: Partial<RouterOptions>, events: RouterEvent[]): RouterOptions {
  return {
    strategies: [queued, both, salesOnly, supportOnly],
    directory: makeDirectory(),
    clock: createSimulatedClock(T0),
    random: createSeededRandom(3),
    onEvent: (e) => events.push(e),
    ...extra,
  }
}

/** A day of traffic: waits, escalations, hang-ups, timeouts, reservations rejected and confirmed, completions. */
function traffic(keptFinished: number) {
  const events: RouterEvent[] = []
  const opts = options({ limits: { keptFinished } }, events)
  const clock = opts.clock as ReturnType<typeof createSimulatedClock>
  const views: unknown[] = []
  const { router, probe } = createProbe({
    ...opts,
    onEvent: (e) => {
      events.push(e)
      if (e.type === 'finished') views.push({ id: e.interaction, view: probe.interaction(e.interaction) })
    },
  })
  const random = createSeededRandom(11)
  const agents = ['a1', 'a2', 'a3']
  const withAgent: string[] = []
  for (let i = 0; i < 300; i++) {
    clock.advance(Math.floor(random.next() * 4000))
    const id = `c${i % 40}` // ids come back once their interaction is done
    router.submit({ id, strategy: 'test', data: { name: `caller ${i}` } })
    const r = random.next()
    if (r < 0.3) router.agentEvent({ agent: agents[i % 3]!, state: 'ready' })
    const routed = events.at(-1)?.type === 'routed' ? events.at(-1)!.interaction : undefined
    if (routed !== undefined) {
      if (r < 0.1) router.rejectReservation(routed)
      else {
        router.confirmReservation(routed)
        withAgent.push(routed)
      }
    }
    if (r > 0.85) router.abandon(`c${(i + 7) % 40}`)
    if (withAgent.length > 2 || r > 0.9) {
      const done = withAgent.shift()
      if (done !== undefined) router.complete(done)
    }
  }
  return { events, views }
}

describe('recycled runs, frames and waits', () => {
  it('give every interaction the events, traces and views it gets from new records', () => {
    // one kept finished run: records are reused at once; 10,000: none is reused in this test
    const reused = traffic(1)
    const fresh = traffic(10_000)
    expect(fresh.events.length).toBeGreaterThan(500)
    // the one difference keeping fewer finished runs makes: a late call names the id unknown, not finished
    const same = (events: RouterEvent[]) =>
      events.map((e) =>
        e.type === 'error'
          ? {
              ...e,
              reason: e.reason.replace(/unknown interaction "(\w+)"/, 'interaction "$1" already finished'),
              ...(e.reason.includes('unknown interaction') ? { code: 'run-finished' as const } : {}),
            }
          : e,
      )
    const late = (events: RouterEvent[]) =>
      events.map((e) => (e.type === 'error' ? { ...e, reason: e.reason.replace(/ \(\w+(-\w+)?\)$/, '') } : e))
    expect(reused.events.filter((e) => e.type === 'routed').length).toBeGreaterThan(50)
    expect(late(same(reused.events))).toEqual(late(same(fresh.events)))
    expect(reused.views).toEqual(fresh.views)
  })

  it('reuse a finished run with its frame and wait once it leaves the finished ring', () => {
    const events: RouterEvent[] = []
    const { router, engine } = buildRouter(options({ limits: { keptFinished: 1 } }, events))
    router.submit({ id: 'x', strategy: 'sales-only' })
    const run = engine.runs.get('x')!
    const wait = run.wait!
    router.agentEvent({ agent: 'a1', state: 'ready' })
    router.confirmReservation('x')
    router.submit({ id: 'y', strategy: 'sales-only' })
    router.abandon('y') // x leaves the ring of one
    expect(router.trace('x')).toBeUndefined()
    router.submit({ id: 'z', strategy: 'test', data: { name: 'zed' } })
    const z = engine.runs.get('z')!
    expect(z).toBe(run)
    expect(z.wait).toBe(wait)
    expect(z.path).toEqual(['mark', 't'])
    expect(z.frames[0]!.variables).toEqual({ tries: 1, who: 'zed' })
    expect(router.trace('z')!.map((e) => `${e.kind} ${e.node}`)).toEqual([
      'enter mark',
      'value mark',
      'value mark',
      'exit mark',
      'enter t',
      'selection t',
      'wait t',
      'treatment t',
    ])
  })

  it('keep a wait generation across reuse: a stale entry in another line never serves its next interaction', () => {
    const events: RouterEvent[] = []
    const { router, engine } = buildRouter(options({ limits: { keptFinished: 1 } }, events))
    const routedTo = (id: string) =>
      events
        .filter((e) => e.type === 'routed' && e.interaction === id)
        .map((e) => (e as { agent: string }).agent)
    // y is first in support's line, so x's entry there stays behind it when x is served from sales
    router.submit({ id: 'y', strategy: 'support-only' })
    router.submit({ id: 'x', strategy: 'both' })
    const wait = engine.runs.get('x')!.wait!
    router.agentEvent({ agent: 'a1', state: 'ready' })
    expect(routedTo('x')).toEqual(['a1'])
    router.confirmReservation('x')
    router.submit({ id: 'w', strategy: 'sales-only' })
    router.abandon('w') // x leaves the ring and its wait is free
    router.submit({ id: 'z', strategy: 'sales-only' })
    expect(engine.runs.get('z')!.wait).toBe(wait)
    // a3 (support) takes y, then frees up: x's old entry is first in support's line; z waits for sales alone
    router.agentEvent({ agent: 'a3', state: 'ready' })
    expect(routedTo('y')).toEqual(['a3'])
    router.confirmReservation('y')
    router.complete('y')
    expect(routedTo('z')).toEqual([])
    // not even asked: its one selection is its arrival's
    expect(
      router
        .trace('z')!
        .filter((e) => e.kind === 'selection')
        .map((e) => e.name),
    ).toEqual(['arrival'])
    expect(router.waiting().map((w) => w.interaction)).toEqual(['z'])
  })
})
