// A waiting interaction leaves one router as plain JSON and resumes in another (the routing server keeps them
// in Redis): variables, place in line, treatments and remaining timers survive the trip.
import {
  createMemoryStatProvider,
  createSimulatedClock,
  type InteractionSnapshot,
} from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { makeDirectory, makeStrategy, setup, T0 } from './fixtures.ts'

const queued = makeStrategy(
  {
    mark: { type: 'assign', set: { tries: 'tries + 1' }, next: 't' },
    t: {
      type: 'target',
      targets: [{ group: 'sales' }],
      wait: '60s',
      escalate: [{ after: '10s', add: [{ group: 'support' }], raise: 5 }],
      treatments: [{ music: 'music/hold', duration: '30s' }],
      next: { timeout: 'out' },
    },
    out: { type: 'end', outcome: 'reject' },
  },
  { variables: { tries: { type: 'int', default: 0 } } },
)

/** A router and one interaction waiting in it for `ms`, exported through JSON text as a store would keep it. */
function exported(ms: number): { snapshot: InteractionSnapshot; text: string } {
  const a = setup([queued])
  a.router.submit({ id: 'x', strategy: 'test', data: {} })
  a.clock.advance(ms)
  const snapshot = a.router.exportInteraction('x', { release: true })
  expect(snapshot).toBeDefined()
  expect(a.router.snapshot().waiting).toEqual([])
  expect(a.of('finished', 'x')).toEqual([])
  const text = JSON.stringify(snapshot)
  return { snapshot: JSON.parse(text) as InteractionSnapshot, text }
}

describe('exportInteraction / resumeInteraction', () => {
  it('round-trips a waiting interaction through JSON and routes it in another router', () => {
    const { snapshot, text } = exported(5_000)
    expect(JSON.parse(text)).toEqual(snapshot)
    expect(snapshot.frames).toEqual([
      expect.objectContaining({ strategy: 'test', node: 't', waitingFor: 'target', variables: { tries: 1 } }),
    ])
    expect(snapshot.wait).toMatchObject({ priority: 0, targets: ['targets.0'] })
    const b = setup([queued])
    b.clock.advance(5_000) // the same time on the other side
    b.router.resumeInteraction(snapshot)
    expect(b.router.snapshot().waiting).toEqual([
      {
        interaction: 'x',
        node: 't',
        priority: 0,
        since: snapshot.wait!.enqueuedAt,
        targets: ['group:sales'],
      },
    ])
    // waiting() is the snapshot's list alone (the monitor reads it several times a second)
    expect(b.router.waiting()).toEqual(b.router.snapshot().waiting)
    b.ready('a1')
    expect(b.router.waiting()).toEqual([])
    expect(b.of('routed', 'x')[0]?.agent).toBe('a1')
    b.router.confirmReservation('x')
    expect(b.of('finished', 'x').map((e) => e.outcome)).toEqual(['routed'])
    expect(b.router.trace('x')?.map((t) => t.kind)).toContain('enter') // the trace came along
  })

  it('keeps the remaining timers: the escalation at 10 s and the timeout at 60 s from the original entry', () => {
    const { snapshot } = exported(5_000)
    const b = setup([queued])
    b.clock.advance(5_000)
    b.router.resumeInteraction(snapshot)
    b.clock.advance(5_000)
    expect(b.router.snapshot().waiting[0]).toMatchObject({
      priority: 5,
      targets: ['group:sales', 'group:support'],
    })
    b.clock.advance(50_000)
    expect(b.of('timeout', 'x')).toHaveLength(1)
    expect(b.of('finished', 'x').map((e) => e.outcome)).toEqual(['reject'])
  })

  it('does not apply an escalation again that already ran before the export', () => {
    const { snapshot } = exported(15_000)
    expect(snapshot.wait?.priority).toBe(5)
    const b = setup([queued])
    b.clock.advance(15_000)
    b.router.resumeInteraction(snapshot)
    b.clock.advance(1_000)
    expect(b.router.snapshot().waiting[0]?.priority).toBe(5)
  })

  it('asks the new host again for the treatment a waiting interaction was hearing, without counting it twice', () => {
    const { snapshot } = exported(5_000)
    expect(snapshot.treatments).toEqual(['music music/hold'])
    const b = setup([queued])
    b.clock.advance(5_000)
    b.router.resumeInteraction(snapshot)
    expect(b.of('treatment', 'x').map((e) => e.description)).toEqual(['music music/hold'])
    expect(b.router.exportInteraction('x')?.treatments).toEqual(['music music/hold'])
    b.ready('a1')
    b.router.confirmReservation('x')
    expect(b.of('finished', 'x').map((e) => e.outcome)).toEqual(['routed'])
  })

  it('asks the new host again for the treatment of a treatment node it was in', () => {
    const menu = makeStrategy(
      {
        ask: {
          type: 'treatment',
          collect: { max: 1, into: 'choice', timeout: '10s' },
          next: { done: 'bye', timeout: 'bye' },
        },
        bye: { type: 'end', outcome: 'default-route' },
      },
      { variables: { choice: { type: 'string', default: '' } } },
    )
    const a = setup([menu])
    a.router.submit({ id: 'm', strategy: 'test' })
    expect(a.of('treatment', 'm')).toHaveLength(1)
    a.clock.advance(2_000)
    const snapshot = JSON.parse(
      JSON.stringify(a.router.exportInteraction('m', { release: true })),
    ) as InteractionSnapshot
    const b = setup([menu])
    b.clock.advance(2_000)
    b.router.resumeInteraction(snapshot)
    expect(b.of('treatment', 'm').map((e) => e.treatment)).toEqual([a.of('treatment', 'm')[0]!.treatment])
    b.router.treatmentDone('m', { digits: '1' })
    expect(b.of('finished', 'm').map((e) => e.outcome)).toEqual(['default-route'])
  })

  it('keeps its place in line ahead of later arrivals', () => {
    const { snapshot } = exported(5_000)
    const b = setup([queued])
    b.clock.advance(5_000)
    b.router.submit({ id: 'later', strategy: 'test' })
    b.router.resumeInteraction(snapshot)
    b.ready('a2')
    expect(b.of('routed').map((e) => e.interaction)).toEqual(['x'])
  })

  /** `x` reserved for a1 in one router, exported 4 s later through JSON, and resumed in another with a1 ready. */
  function movedWhileReserved() {
    const a = setup([queued])
    a.ready('a1')
    a.router.submit({ id: 'x', strategy: 'test' })
    const offered = a.of('routed', 'x')[0]!
    a.clock.advance(4_000)
    const snapshot = JSON.parse(JSON.stringify(a.router.exportInteraction('x', { release: true })))
    const b = setup([queued])
    b.ready('a1')
    b.clock.advance(4_000)
    b.router.resumeInteraction(snapshot)
    const held = (h: typeof a) => h.router.snapshot().agents.find((agent) => agent.id === 'a1')?.reserved
    return { a, b, offered, snapshot: snapshot as InteractionSnapshot, held }
  }

  it('moves a pending reservation under its id: the host confirms it in the router that resumed it', () => {
    const { a, b, offered, snapshot, held } = movedWhileReserved()
    expect(snapshot.reservation).toEqual({
      agent: 'a1',
      target: offered.target,
      id: offered.reservation,
      at: offered.at,
      expiresAt: offered.at + 15_000,
    })
    // the place went with it: free in the first router, held in the second, offered to nobody else there
    expect([held(a), held(b)]).toEqual([0, 1])
    expect(b.of('routed')).toEqual([])
    b.router.submit({ id: 'y', strategy: 'test' })
    expect(b.of('routed', 'y')).toEqual([])
    b.router.confirmReservation('x', { reservation: offered.reservation })
    expect(b.of('error')).toEqual([])
    expect(b.of('finished', 'x')[0]).toMatchObject({ outcome: 'routed' })
    expect(held(b)).toBe(0)
  })

  it('times a resumed reservation out when it was due, under its id, and puts the interaction back in line', () => {
    const { b, offered } = movedWhileReserved()
    b.clock.advance(10_999)
    expect(b.of('reservation-rejected')).toEqual([])
    b.clock.advance(1)
    expect(b.of('reservation-rejected', 'x')).toEqual([
      expect.objectContaining({ agent: 'a1', reservation: offered.reservation, timedOut: true }),
    ])
    expect(b.router.waiting().map((w) => w.interaction)).toEqual(['x'])
  })

  it('withdraws a resumed reservation whose agent is logged out in the new router, and serves it in line', () => {
    const { snapshot, offered } = movedWhileReserved()
    const c = setup([queued])
    c.router.resumeInteraction(snapshot)
    expect(c.of('reservation-rejected', 'x')).toEqual([
      expect.objectContaining({ agent: 'a1', reservation: offered.reservation, withdrawn: true }),
    ])
    expect(c.of('reservation-rejected', 'x')[0]).not.toHaveProperty('timedOut')
    c.ready('a2')
    expect(c.of('routed', 'x')[0]?.agent).toBe('a2')
  })

  it('keeps where it last waited: an abandon after the time-out counts there in the router that resumed it', () => {
    const sorry = makeStrategy({
      t: { type: 'target', targets: [{ group: 'sales' }], wait: '5s', next: { timeout: 'sorry' } },
      sorry: { type: 'treatment', play: 'prompts/sorry', next: { done: 'out' } },
      out: { type: 'end', outcome: 'default-route' },
    })
    const a = setup([sorry])
    a.router.submit({ id: 's', strategy: 'test' })
    a.clock.advance(6_000)
    const snapshot = JSON.parse(
      JSON.stringify(a.router.exportInteraction('s', { release: true })),
    ) as InteractionSnapshot
    expect(snapshot.leftQueue).toEqual([{ kind: 'group', id: 'sales' }])
    // the new router's provider never saw the wait: only the snapshot says where it was
    const clock = createSimulatedClock(T0 + 6_000)
    const stats = createMemoryStatProvider({ clock, directory: makeDirectory() })
    const b = setup([sorry], { clock, stats })
    b.router.resumeInteraction(snapshot)
    b.router.abandon('s', { reason: 'caller-hangup' })
    const read = (statistic: string) =>
      stats.read({ subject: { kind: 'group', id: 'sales' }, statistic, window: 'current' }).value
    expect(read('AbandonRate')).toBe(1)
    expect(read('ServiceLevel(20s)')).toBe(0)
  })

  it('refuses a snapshot whose leftQueue is no list of subjects', () => {
    const { snapshot } = exported(1_000)
    const b = setup([queued])
    b.router.resumeInteraction({ ...snapshot, leftQueue: 'group:sales' } as never)
    expect(b.of('error', 'x')[0]?.reason).toBe(
      'resumeInteraction: "x" has a leftQueue that is not a list of { kind, id } subjects',
    )
  })

  it('refuses to export one calling a host function, with the code not-movable', () => {
    const calling = makeStrategy(
      {
        f: { type: 'function', call: 'lookup', into: 'v', next: { done: 'done', error: 'done' } },
        done: { type: 'end', outcome: 'abandon' },
      },
      { variables: { v: { type: 'string' } } },
    )
    const directory = makeDirectory({ functions: { lookup: { returns: 'string' as const } } })
    // an answer that never comes: the run stays in the function node
    const h = setup([calling], { directory, functions: { lookup: () => new Promise<string>(() => {}) } })
    h.router.submit({ id: 'x', strategy: 'test' })
    expect(h.router.exportInteraction('x')).toBeUndefined()
    expect(h.of('error', 'x')).toEqual([
      {
        type: 'error',
        interaction: 'x',
        at: T0,
        reason:
          'exportInteraction: "x" cannot move: it is not waiting in a queue, a wait or a treatment (function)',
        code: 'not-movable',
      },
    ])
  })

  it('refuses what cannot move, with the reason', () => {
    const b = setup([makeStrategy({ other: { type: 'wait', for: '1s' } })], { unchecked: true })
    const { snapshot } = exported(1_000)
    b.router.resumeInteraction(snapshot)
    expect(b.of('error', 'x')[0]?.reason).toBe(
      'resumeInteraction: strategy "test" has no node "t" (changed since the export?)',
    )
    b.router.resumeInteraction({ format: 'nope' } as never)
    expect(b.of('error').at(-1)?.reason).toContain('not an interaction snapshot')
  })
})
