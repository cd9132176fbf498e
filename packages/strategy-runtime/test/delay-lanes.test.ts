// A router's delays share one clock timer per delay length: order, cancellation, stale frames and compaction.
import { createSimulatedClock } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { DelayLane } from '../src/engine/delay-lanes.ts'
import type { Frame } from '../src/engine/run.ts'
import { makeStrategy, setup } from './fixtures.ts'

/** A stand-in frame: the lane reads only its token and hands it back. */
function frame(name: string): Frame {
  return { token: 1, strategy: name } as unknown as Frame
}

describe('delay lanes', () => {
  it('fires records in order at their due times with one clock timer, skipping cancelled ones', () => {
    const clock = createSimulatedClock(0)
    const fired: string[] = []
    const lane: DelayLane<Frame> = new DelayLane(clock, (f, token) =>
      fired.push(`${f.strategy}@${clock.now()}#${token}`),
    )
    const a = frame('a')
    lane.add(a, 1, 100)
    clock.advance(10)
    const b = lane.add(frame('b'), 1, 110)!
    clock.advance(5)
    lane.add(frame('c'), 1, 115)
    expect(clock.pending()).toBe(1)
    lane.cancel(b)
    clock.advance(84)
    expect(fired).toEqual([])
    clock.advance(1)
    expect(fired).toEqual(['a@100#1'])
    clock.advance(100)
    expect(fired).toEqual(['a@100#1', 'c@115#1'])
    expect(lane.size).toBe(0)
    expect(clock.pending()).toBe(0)
  })

  it('reuses a cancelled record once it is out of the lane, never one that fell due', () => {
    const clock = createSimulatedClock(0)
    const fired: string[] = []
    const lane: DelayLane<Frame> = new DelayLane(clock, (f, token) => fired.push(`${f.strategy}#${token}`))
    const a = lane.add(frame('a'), 1, 10)!
    const b = lane.add(frame('b'), 2, 20)!
    lane.cancel(a)
    clock.advance(20) // a, cancelled, leaves the lane from its front; b falls due
    expect(fired).toEqual(['b#2'])
    // b's owner still holds it and cancels it late: harmless, and b is not handed out again
    lane.cancel(b)
    const c = lane.add(frame('c'), 3, 30)!
    const d = lane.add(frame('d'), 4, 40)!
    expect(c).toBe(a)
    expect(d).not.toBe(b)
    lane.cancel(b)
    expect(c).toMatchObject({ token: 3, due: 30 })
    clock.advance(20)
    expect(fired).toEqual(['b#2', 'c#3', 'd#4'])
  })

  it('drops a cancelled oldest record at once and reuses it (the first in line served makes no record)', () => {
    const clock = createSimulatedClock(0)
    const fired: string[] = []
    const lane: DelayLane<Frame> = new DelayLane(clock, (f, token) => fired.push(`${f.strategy}#${token}`))
    const a = lane.add(frame('a'), 1, 3_600_000)!
    lane.add(frame('b'), 2, 3_600_001)
    lane.cancel(a)
    // no clock time passed: a is out of the lane already and the next record is a itself
    const c = lane.add(frame('c'), 3, 3_600_002)!
    expect(c).toBe(a)
    expect(lane.size).toBe(2)
    expect(clock.pending()).toBe(1)
    clock.advance(3_600_002)
    expect(fired).toEqual(['b#2', 'c#3'])
    expect(clock.pending()).toBe(0)
  })

  it('leaves no clock timer once every record is cancelled (a stopped router lets its process end)', () => {
    const clock = createSimulatedClock(0)
    const fired: string[] = []
    const lane: DelayLane<Frame> = new DelayLane(clock, (f) => fired.push(f.strategy))
    const a = lane.add(frame('a'), 1, 3_600_000)!
    const b = lane.add(frame('b'), 1, 3_600_001)!
    lane.cancel(a)
    expect(clock.pending()).toBe(1)
    lane.cancel(b)
    expect(clock.pending()).toBe(0)
    lane.add(frame('c'), 1, 3_600_002)
    clock.advance(4_000_000)
    expect(fired).toEqual(['c'])
  })

  it('keeps its clock timer between records when told to (reservations confirmed at once), until released', () => {
    const clock = createSimulatedClock(0)
    const fired: string[] = []
    const lane: DelayLane<Frame> = new DelayLane(
      clock,
      (f) => fired.push(`${f.strategy}@${clock.now()}`),
      true,
    )
    for (let i = 0; i < 3; i++) {
      clock.advance(10)
      lane.cancel(lane.add(frame(`r${i}`), 1, clock.now() + 15_000)!)
      // emptied, the lane keeps the one timer it armed first: nothing set or cleared per record
      expect(clock.pending()).toBe(1)
    }
    lane.add(frame('late'), 1, clock.now() + 15_000)
    expect(clock.pending()).toBe(1)
    // the kept timer falls due first, finds nothing due and arms for the record left
    clock.advance(14_990)
    expect([fired, clock.pending()]).toEqual([[], 1])
    clock.advance(10)
    expect(fired).toEqual(['late@15030'])
    expect(clock.pending()).toBe(0)
    // a record due before a kept timer gets a timer of its own time
    lane.cancel(lane.add(frame('x'), 1, clock.now() + 15_000)!)
    lane.add(frame('soon'), 1, clock.now() + 5)
    clock.advance(5)
    expect(fired).toEqual(['late@15030', 'soon@15035'])
    lane.cancel(lane.add(frame('y'), 1, clock.now() + 15_000)!)
    expect(clock.pending()).toBe(1)
    lane.releaseTimer()
    expect(clock.pending()).toBe(0)
  })

  it('refuses a record due before its last one (the caller takes a timer of its own)', () => {
    const clock = createSimulatedClock(0)
    const lane: DelayLane<Frame> = new DelayLane(clock, () => {})
    expect(lane.add(frame('a'), 1, 50)).toBeDefined()
    expect(lane.add(frame('b'), 1, 40)).toBeUndefined()
    expect(lane.add(frame('c'), 1, 50)).toBeDefined()
    expect(lane.size).toBe(2)
  })

  it('drops cancelled records once they outnumber the live ones, keeping the live in order', () => {
    const clock = createSimulatedClock(0)
    const fired: string[] = []
    const lane: DelayLane<Frame> = new DelayLane(clock, (f) => fired.push(f.strategy))
    const entries = Array.from({ length: 1000 }, (_, i) => lane.add(frame(`f${i}`), 1, 1000 + i)!)
    for (let i = 0; i < 1000; i++) if (i % 10 !== 0) lane.cancel(entries[i]!)
    expect(lane.size).toBe(100)
    // cancelling twice counts once
    lane.cancel(entries[1]!)
    expect(lane.size).toBe(100)
    clock.advance(5000)
    expect(fired).toEqual(Array.from({ length: 100 }, (_, k) => `f${k * 10}`))
  })

  it('takes a record added while it fires at its own due time', () => {
    const clock = createSimulatedClock(0)
    const fired: number[] = []
    const lane: DelayLane<Frame> = new DelayLane(clock, () => {
      fired.push(clock.now())
      if (fired.length < 3) lane.add(frame('again'), 1, clock.now() + 10)
    })
    lane.add(frame('first'), 1, 10)
    clock.advance(100)
    expect(fired).toEqual([10, 20, 30])
    expect(clock.pending()).toBe(0)
  })

  it('in a router: waits and reservations time out on their lanes, and a stopped router leaves no timer', () => {
    const s = makeStrategy({
      pick: { type: 'target', targets: [{ group: 'sales' }], wait: '30s', next: { timeout: 'bye' } },
      bye: { type: 'end', outcome: 'default-route' },
    })
    const { router, clock, of, ready } = setup([s])
    router.submit({ id: 'c1', strategy: 'test' })
    clock.advance(1000)
    router.submit({ id: 'c2', strategy: 'test' })
    router.submit({ id: 'c3', strategy: 'test' })
    router.abandon('c2')
    clock.advance(29_000)
    expect(of('timeout', 'c1')).toHaveLength(1)
    expect(of('timeout', 'c3')).toHaveLength(0)
    clock.advance(1000)
    expect(of('timeout', 'c3')).toHaveLength(1)
    expect(of('timeout', 'c2')).toHaveLength(0)
    ready('a1')
    router.submit({ id: 'c4', strategy: 'test' })
    expect(of('routed', 'c4')).toHaveLength(1)
    clock.advance(15_000)
    expect(of('reservation-rejected', 'c4')[0]?.reason).toBe('not confirmed within 15000 ms')
    router.submit({ id: 'c5', strategy: 'test' })
    expect(clock.pending()).toBeGreaterThan(0)
    router.stop()
    expect(clock.pending()).toBe(0)
  })
  it('in a router: waits of one length share one lane across nodes and strategies, each timed from its own entry', () => {
    const s = makeStrategy({
      first: { type: 'target', targets: [{ group: 'sales' }], wait: '30s', next: { timeout: 'second' } },
      second: { type: 'target', targets: [{ group: 'sales' }], wait: '30s', next: { timeout: 'bye' } },
      bye: { type: 'end', outcome: 'default-route' },
    })
    const other = makeStrategy(
      {
        pick: { type: 'target', targets: [{ group: 'support' }], wait: '30s', next: { timeout: 'bye' } },
        bye: { type: 'end', outcome: 'default-route' },
      },
      { strategy: 'other' },
    )
    const { router, clock, of } = setup([s, other])
    const t0 = clock.now()
    router.submit({ id: 'c1', strategy: 'test' })
    clock.advance(10_000)
    router.submit({ id: 'c2', strategy: 'other' })
    // one clock timer for both waits, whatever node or strategy armed them
    expect(clock.pending()).toBe(1)
    clock.advance(20_000)
    // c1 left `first` at its due time and waits at `second` from now: the stale entry of `first` fires nothing more
    expect(of('timeout', 'c1').map((e) => [e.node, e.at - t0])).toEqual([['first', 30_000]])
    clock.advance(10_000)
    expect(of('timeout', 'c2').map((e) => [e.node, e.at - t0])).toEqual([['pick', 40_000]])
    clock.advance(19_999)
    expect(of('timeout', 'c1')).toHaveLength(1)
    clock.advance(1)
    expect(of('timeout', 'c1').map((e) => [e.node, e.at - t0])).toEqual([
      ['first', 30_000],
      ['second', 60_000],
    ])
    expect(of('finished', 'c1')[0]).toMatchObject({ outcome: 'default-route' })
    router.stop()
    expect(clock.pending()).toBe(0)
  })
  it('in a router: interactions routed at once set no clock timer each, and the kept wait timer goes with stop', () => {
    const s = makeStrategy({
      pick: { type: 'target', targets: [{ group: 'sales' }], wait: '30s', next: { timeout: 'bye' } },
      bye: { type: 'end', outcome: 'default-route' },
    })
    const sim = createSimulatedClock(Date.parse('2026-01-05T10:00:00Z'))
    let timersSet = 0
    const clock = {
      ...sim,
      setTimeout: (callback: () => void, ms: number) => {
        timersSet++
        return sim.setTimeout(callback, ms)
      },
    }
    const { router, of, ready } = setup([s], { clock })
    ready('a1')
    const answered = (id: string) => {
      router.submit({ id, strategy: 'test' })
      router.confirmReservation(id)
      router.complete(id)
      sim.advance(1000)
    }
    answered('c1')
    // the wait's lane and the reservations' lane armed one timer each, kept while they are empty
    expect(timersSet).toBe(2)
    for (let i = 2; i <= 20; i++) answered(`c${i}`)
    expect(of('finished').filter((e) => e.outcome === 'routed')).toHaveLength(20)
    // one per lane and period of its delay, not one per interaction: the reservations' kept timer fell due at 15 s,
    // found nothing, and the next reservation armed one (the wait's, 30 s, has not fallen due yet)
    expect(timersSet).toBe(3)
    // a kept timer falling due finds nothing; a wait armed after it still times out at its own time
    sim.advance(30_000)
    router.submit({ id: 'late', strategy: 'test' })
    router.submit({ id: 'later', strategy: 'test' })
    expect(of('routed', 'late')).toHaveLength(1)
    sim.advance(29_999)
    expect(of('timeout', 'later')).toHaveLength(0)
    sim.advance(1)
    expect(of('timeout', 'later')).toHaveLength(1)
    router.stop()
    expect(sim.pending()).toBe(0)
  })
  it('in a router: the reservation timer kept between confirmations goes when the router stops', () => {
    const s = makeStrategy({
      pick: { type: 'target', targets: [{ group: 'sales' }], wait: '30s', next: { timeout: 'bye' } },
      bye: { type: 'end', outcome: 'default-route' },
    })
    const { router, clock, of, ready } = setup([s])
    ready('a1')
    router.submit({ id: 'c1', strategy: 'test' })
    router.confirmReservation('c1')
    expect(of('finished', 'c1')[0]).toMatchObject({ outcome: 'routed' })
    // nothing waits: only the timers the reservations' and the wait's lanes kept are left, and they time nothing out
    expect(clock.pending()).toBe(2)
    router.stop()
    expect(clock.pending()).toBe(0)
  })
})
