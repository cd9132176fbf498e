// waiting(): the interactions in line now, read from the queue's own list (not a walk over every live run), so each
// way out of the line (routed, abandoned, timed out) and back into it (a rejected reservation) must keep it exact.
import { describe, expect, it } from 'vitest'
import { makeStrategy, setup } from './fixtures.ts'

const queueing = makeStrategy({
  t: { type: 'target', targets: [{ group: 'sales' }], wait: '30s', next: { timeout: 'out' } },
  out: { type: 'end', outcome: 'reject' },
})

describe('the waiting list', () => {
  it('lists exactly the interactions in line, whichever way the others left it', () => {
    const { router, clock, ready } = setup([queueing])
    const inLine = () => router.waiting().map((w) => w.interaction)
    for (const id of ['a', 'b', 'c', 'd']) router.submit({ id, strategy: 'test' })
    expect(inLine()).toEqual(['a', 'b', 'c', 'd'])
    // routed: a reservation is not waiting
    ready('a1')
    expect(inLine()).toEqual(['b', 'c', 'd'])
    // rejected: back in line in its place (first queueing kept: listed in line order, first again)
    router.rejectReservation('a')
    expect(inLine()).toEqual(['a', 'b', 'c', 'd'])
    router.abandon('c')
    expect(inLine()).toEqual(['a', 'b', 'd'])
    clock.advance(31_000)
    expect(inLine()).toEqual([])
    router.submit({ id: 'e', strategy: 'test' })
    expect(inLine()).toEqual(['e'])
  })

  it("waitingInAnyOrder() reads waiting()'s entries with their arrival: sorted by priority, age, arrival, the same line", () => {
    const { router, clock, ready } = setup([queueing])
    // one millisecond: only the arrival tells a, b, c, d apart
    for (const id of ['a', 'b', 'c', 'd']) router.submit({ id, strategy: 'test' })
    // a leaves the queue's list (d takes its slot) and comes back with its age and arrival kept
    ready('a1')
    clock.advance(5)
    router.submit({ id: 'e', strategy: 'test' })
    router.setPriority('e', 3)
    router.rejectReservation('a')
    router.abandon('b')
    const read = router.waitingInAnyOrder()
    const inLine = [...read].sort(
      (x, y) => y.priority - x.priority || x.since - y.since || x.arrival - y.arrival,
    )
    expect(inLine.map(({ arrival, ...entry }) => entry)).toEqual(router.waiting())
    expect(inLine.map((w) => w.interaction)).toEqual(['e', 'a', 'c', 'd'])
    // the list is the queue's own (in no order): this one is not the line's
    expect(read.map((w) => w.interaction)).not.toEqual(['e', 'a', 'c', 'd'])
    clock.advance(31_000)
    expect(router.waitingInAnyOrder()).toEqual([])
  })
})
