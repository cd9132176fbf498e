// A host's priority change (the router's setPriority) while the interaction waits in line reaches its history record:
// the wait's segment and the record carry the new priority (an abandon while waiting too, where no routed event
// would say it), through the in-thread encoder and the writer thread's direct packing alike.
import { describe, expect, it } from 'vitest'
import { recordedSalesRouter } from './recorded-router.ts'

describe("a host's priority change in the history record", () => {
  it('gives the waiting segment and the record of an abandoned interaction the new priority', () => {
    const { router, clock, records } = recordedSalesRouter()
    router.submit({ id: 'c1', strategy: 'sales' })
    clock.advance(5000)
    router.setPriority('c1', 40)
    clock.advance(5000)
    router.abandon('c1', { reason: 'caller-hangup' })
    const [record] = records()
    expect(record).toMatchObject({ id: 'c1', priority: 40 })
    // one wait, its priority changed: not a second segment
    expect(record!.segments).toMatchObject([
      { node: 'pick', priority: 40, targets: ['group:sales'], result: 'abandoned' },
    ])
  })

  it('keeps nothing of a change made before it queues but the priority it queues with', () => {
    const { router, clock, records } = recordedSalesRouter()
    router.agentEvent({ agent: 'a1', state: 'ready' })
    router.submit({ id: 'c1', strategy: 'sales' })
    // reserved, not in line: the change applies if it goes back in line
    router.setPriority('c1', 7)
    router.rejectReservation('c1', { reason: 'withdrawn' })
    router.confirmReservation('c1')
    clock.advance(1000)
    router.complete('c1')
    const [record] = records()
    expect(record).toMatchObject({ id: 'c1', priority: 7 })
    expect(record!.segments).toHaveLength(1)
  })
})
