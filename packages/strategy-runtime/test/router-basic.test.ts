import { RouterConfigError } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { makeStrategy, setup } from './fixtures.ts'

describe('router basics', () => {
  it('routes to the longest idle ready agent of a group and finishes on confirmation', () => {
    const s = makeStrategy({
      pick: { type: 'target', targets: [{ group: 'sales' }], wait: '30s', next: { timeout: 'bye' } },
      bye: { type: 'end', outcome: 'default-route' },
    })
    const { router, clock, of, ready } = setup([s])
    ready('a2')
    clock.advance(5000)
    ready('a1')
    router.submit({ id: 'c1', strategy: 'test' })
    const routed = of('routed', 'c1')
    expect(routed).toHaveLength(1)
    expect(routed[0]?.agent).toBe('a2')
    expect(routed[0]?.target).toBe('group:sales')
    expect(routed[0]?.explanation.candidates.map((c) => [c.agent, c.rank])).toEqual([
      ['a2', 1],
      ['a1', 2],
    ])
    expect(of('finished', 'c1')).toHaveLength(0)
    router.confirmReservation('c1')
    expect(of('finished', 'c1')[0]?.outcome).toBe('routed')
    const a2 = () => router.snapshot().agents.find((a) => a.id === 'a2')
    expect([a2()?.load, a2()?.reservations, a2()?.reserved]).toEqual([{ voice: 1 }, {}, 0])
    // completing frees the place: the snapshot lists no media at 0
    router.complete('c1')
    expect([a2()?.load, a2()?.reservations]).toEqual([{}, {}])
    // a2's idle time starts at its completion: a1, ready since before it, has waited longer
    router.submit({ id: 'c2', strategy: 'test' })
    expect(of('routed', 'c2')[0]?.agent).toBe('a1')
  })

  it('waits when nobody is ready and is served when an agent becomes ready', () => {
    const s = makeStrategy({
      pick: { type: 'target', targets: [{ group: 'sales' }], wait: '30s', next: { timeout: 'bye' } },
      bye: { type: 'end', outcome: 'default-route' },
    })
    const { router, clock, of, ready } = setup([s])
    router.submit({ id: 'c1', strategy: 'test' })
    expect(of('queued', 'c1')).toHaveLength(1)
    clock.advance(12_000)
    ready('a1')
    expect(of('routed', 'c1')[0]?.agent).toBe('a1')
  })

  it('takes the timeout output when nobody comes', () => {
    const s = makeStrategy({
      pick: { type: 'target', targets: [{ group: 'sales' }], wait: '30s', next: { timeout: 'bye' } },
      bye: { type: 'end', outcome: 'reject' },
    })
    const { router, clock, of } = setup([s])
    router.submit({ id: 'c1', strategy: 'test' })
    clock.advance(29_999)
    expect(of('timeout', 'c1')).toHaveLength(0)
    clock.advance(1)
    expect(of('timeout', 'c1')).toHaveLength(1)
    expect(of('finished', 'c1')[0]?.outcome).toBe('reject')
    expect(router.trace('c1')?.map((t) => t.kind)).toContain('finish')
  })

  it('refuses documents that do not validate, with their diagnostics, before routing anything', () => {
    const loop = makeStrategy({
      a: { type: 'assign', set: {}, next: 'b' },
      b: { type: 'assign', set: {}, next: 'a' },
    })
    let refused: unknown
    try {
      setup([loop])
    } catch (error) {
      refused = error
    }
    expect(refused).toBeInstanceOf(RouterConfigError)
    const diagnostics = (refused as RouterConfigError).diagnostics
    expect(diagnostics.map((d) => d.code)).toContain('RW105')
    expect(diagnostics.every((d) => d.severity === 'error' && d.file === 'strategy test')).toBe(true)
    expect((refused as Error).message).toMatch(/createRouter: the documents do not validate .*\n.*RW10/s)
    // not a document at all, and one id twice
    expect(() => setup([null as never])).toThrow(/Strategy #1 must be a strategy document/)
    const ok = makeStrategy({ e: { type: 'end', outcome: 'default-route' } }, { start: 'e' })
    expect(() => setup([ok, ok])).toThrow(/Strategy "test" is given twice/)
  })
})
