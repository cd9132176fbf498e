// A host changes a live interaction's priority (Connect's UpdateContactRoutingData, TaskRouter's task Priority): in
// line it moves at once (its age kept), an agent ready for it takes it, and the change is traced, told and exported.
import { PRIORITY_BOUNDS } from '@routewright/strategy-dsl'
import type { InteractionSnapshot } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { makeStrategy, salesTarget, setup } from './fixtures.ts'

/** x, y and z waiting in line (no agent ready), a second apart. */
function threeWaiting(strategies = [salesTarget]) {
  const h = setup(strategies)
  for (const id of ['x', 'y', 'z']) {
    h.router.submit({ id, strategy: 'test' })
    h.clock.advance(1000)
  }
  const line = () => h.router.waiting().map((w) => `${w.interaction}:${w.priority}`)
  return { ...h, line }
}

describe('router.setPriority', () => {
  it('moves a waiting interaction to its new place at once, its age kept, and tells it', () => {
    const { router, of, line } = threeWaiting()
    expect(line()).toEqual(['x:0', 'y:0', 'z:0'])
    router.setPriority('z', 10)
    expect(line()).toEqual(['z:10', 'x:0', 'y:0'])
    expect(of('priority-changed', 'z')).toMatchObject([{ from: 0, to: 10, node: 't' }])
    expect(router.trace('z')?.find((e) => e.kind === 'value')).toMatchObject({
      kind: 'value',
      name: 'priority',
      value: 10,
      node: 't',
      message: 'set by the host (was 0)',
    })
    // equal priorities again: the oldest first, as issue #7's rule (its first queueing, not the change)
    router.setPriority('y', 10)
    expect(line()).toEqual(['y:10', 'z:10', 'x:0'])
    // the same priority again: told, and its place kept
    router.setPriority('z', 10)
    expect(line()).toEqual(['y:10', 'z:10', 'x:0'])
    router.setPriority('y', { by: -15 })
    expect(line()).toEqual(['z:10', 'x:0', 'y:-5'])
    expect(of('error')).toEqual([])
  })

  it('is served in its new order by the next agent that frees up', () => {
    const { router, of, ready } = threeWaiting()
    router.setPriority('y', 3)
    ready('a1')
    expect(of('routed').map((e) => [e.interaction, e.priority])).toEqual([['y', 3]])
  })

  it('moves it in every pool it waits in', () => {
    const both = makeStrategy({
      t: { type: 'target', targets: [{ group: 'sales' }, { group: 'support' }], next: {} },
    })
    const { router, of, ready } = threeWaiting([both])
    router.setPriority('z', 1)
    // a3 is in support only: z is first there too
    ready('a3')
    expect(of('routed').map((e) => [e.interaction, e.agent])).toEqual([['z', 'a3']])
  })

  it('routes it at once when an agent is ready for it now (a threshold on priority)', () => {
    const gated = makeStrategy({
      t: { type: 'target', targets: [{ group: 'sales' }], threshold: 'priority >= 50', next: {} },
    })
    const h = setup([gated])
    h.ready('a1')
    h.router.submit({ id: 'x', strategy: 'test' })
    expect(h.router.waiting().map((w) => w.interaction)).toEqual(['x'])
    h.router.setPriority('x', 50)
    expect(h.of('routed', 'x')).toMatchObject([{ agent: 'a1', priority: 50 }])
    expect(h.router.waiting()).toEqual([])
  })

  it("raises from the host's priority at a later escalation step", () => {
    const escalating = makeStrategy({
      t: {
        type: 'target',
        targets: [{ group: 'sales' }],
        escalate: [{ after: '10s', raise: 5 }],
        next: {},
      },
    })
    const h = setup([escalating])
    h.router.submit({ id: 'x', strategy: 'test' })
    h.clock.advance(5000)
    h.router.setPriority('x', 20)
    h.clock.advance(5000)
    expect(h.router.waiting().map((w) => w.priority)).toEqual([25])
  })

  it('queues with the new priority when changed before it reaches its target', () => {
    const later = makeStrategy({
      hold: { type: 'wait', for: '5s', next: 't' },
      t: { type: 'target', targets: [{ group: 'sales' }], next: {} },
    })
    const h = setup([later])
    h.router.submit({ id: 'x', strategy: 'test' })
    h.router.setPriority('x', { by: 7 })
    expect(h.of('priority-changed', 'x')).toMatchObject([{ from: 0, to: 7, node: 'hold' }])
    // a snapshot taken in the wait node carries it too (a takeover there queues with it)
    expect(h.router.exportInteraction('x')).toMatchObject({ priority: 7, frames: [{ node: 'hold' }] })
    h.clock.advance(5000)
    expect(h.of('queued', 'x')).toMatchObject([{ priority: 7 }])
  })

  it('goes back in line at the new priority when its pending offer is declined', () => {
    const h = setup([salesTarget])
    h.ready('a1')
    h.router.submit({ id: 'x', strategy: 'test' })
    h.clock.advance(1000)
    h.router.submit({ id: 'y', strategy: 'test' })
    h.router.setPriority('x', -3)
    h.router.rejectReservation('x')
    expect(h.router.waiting().map((w) => `${w.interaction}:${w.priority}`)).toEqual(['y:0', 'x:-3'])
  })

  it('carries the new priority in the exported snapshot, and the resumed wait keeps it', () => {
    const a = setup([salesTarget])
    a.router.submit({ id: 'x', strategy: 'test' })
    a.clock.advance(1000)
    a.router.setPriority('x', 12)
    const snapshot = JSON.parse(
      JSON.stringify(a.router.exportInteraction('x', { release: true })),
    ) as InteractionSnapshot
    expect(snapshot).toMatchObject({ priority: 12, wait: { priority: 12 } })
    const b = setup([salesTarget])
    b.clock.advance(1000)
    b.router.submit({ id: 'y', strategy: 'test' })
    b.router.resumeInteraction(snapshot)
    expect(b.router.waiting().map((w) => `${w.interaction}:${w.priority}`)).toEqual(['x:12', 'y:0'])
  })

  it("quotes an unknown id printable and cut: the caller's text reaches the event stream and logs", () => {
    const h = setup([salesTarget])
    h.router.setPriority('no\u202ebody\n\u001b[2J', 5)
    h.router.setPriority('x'.repeat(100_000), 5)
    const [hostile, long] = h.of('error').map(({ reason }) => reason)
    expect(hostile).toBe('setPriority: unknown interaction "no\ufffdbody\u240a\u241b[2J"')
    expect(long?.length).toBeLessThan(5000)
  })

  it('refuses an unknown or finished interaction, and a value that is no whole number or out of range', () => {
    const h = setup([salesTarget])
    h.router.setPriority('nobody', 5)
    h.ready('a1')
    h.router.submit({ id: 'done', strategy: 'test' })
    h.router.confirmReservation('done')
    h.router.setPriority('done', 5)
    h.router.submit({ id: 'x', strategy: 'test' })
    for (const wrong of [Number.NaN, Number.POSITIVE_INFINITY, 1.5, '5' as never, { by: 0.5 }, null as never])
      h.router.setPriority('x', wrong)
    h.router.setPriority('x', PRIORITY_BOUNDS.max + 1)
    h.router.setPriority('x', { by: PRIORITY_BOUNDS.min - 1 })
    const errors = h.of('error').map(({ interaction, code, reason }) => ({ interaction, code, reason }))
    expect(errors).toEqual([
      { interaction: 'nobody', code: undefined, reason: 'setPriority: unknown interaction "nobody"' },
      {
        interaction: 'done',
        code: 'run-finished',
        reason: 'setPriority: interaction "done" already finished (routed)',
      },
      ...['NaN', 'Infinity', '1.5', '"5"'].map((got) => ({
        interaction: 'x',
        code: undefined,
        reason: `setPriority: the priority must be a whole number (got ${got}); nothing changed`,
      })),
      {
        interaction: 'x',
        code: undefined,
        reason: 'setPriority: "by" must be a whole number (got 0.5); nothing changed',
      },
      {
        interaction: 'x',
        code: undefined,
        reason: 'setPriority: the priority must be a whole number (got null); nothing changed',
      },
      {
        interaction: 'x',
        code: 'over-limit',
        reason:
          'setPriority: priority 1000001 is out of range (-1000000 to 1000000, as in a strategy); nothing changed',
      },
      {
        interaction: 'x',
        code: 'over-limit',
        reason:
          'setPriority: priority -1000001 is out of range (-1000000 to 1000000, as in a strategy); nothing changed',
      },
    ])
    expect(h.of('priority-changed')).toEqual([])
    expect(h.router.waiting().map((w) => w.priority)).toEqual([0])
  })
})
