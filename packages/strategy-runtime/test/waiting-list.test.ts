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
})
