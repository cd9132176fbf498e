// Why an agent is not ready: the host's reason kept with the state (and shown in the snapshot) until the next state,
// and the router's own (`no-answer`, `declined`) when it makes the agent not ready after a RONA (its own timeout, or a
// host's reject as `declined` or `no-answer`).
import { NOT_READY_REASONS } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { offeredWithOneBehind, salesTarget, setup } from './fixtures.ts'

function withAgents() {
  const h = setup([salesTarget])
  const agent = (id: string) => h.router.snapshot().agents.find((a) => a.id === id)
  return { ...h, agent }
}

describe('not-ready reasons', () => {
  it("keeps the host's reason with the state until the agent goes ready", () => {
    const { router, clock, agent, of } = withAgents()
    router.agentEvent({ agent: 'a1', state: 'not-ready', reason: 'lunch' })
    expect(agent('a1')).toMatchObject({ state: 'not-ready', reason: 'lunch' })
    clock.advance(1000)
    // a new reason in the same state starts a new period
    router.agentEvent({ agent: 'a1', state: 'not-ready', reason: 'training' })
    expect(agent('a1')).toMatchObject({ state: 'not-ready', reason: 'training', since: clock.now() })
    router.agentEvent({ agent: 'a1', state: 'ready' })
    expect(agent('a1')).not.toHaveProperty('reason')
    expect(of('error')).toEqual([])
  })

  it('keeps a reason per media, and an agent-wide state replaces them', () => {
    const { router, agent } = withAgents()
    router.agentEvent({ agent: 'a1', state: 'ready' })
    router.agentEvent({ agent: 'a1', state: 'not-ready', media: 'voice', reason: 'coaching' })
    expect(agent('a1')?.media?.voice).toMatchObject({ state: 'not-ready', reason: 'coaching' })
    router.agentEvent({ agent: 'a1', state: 'not-ready', reason: 'break' })
    expect(agent('a1')).toMatchObject({ state: 'not-ready', reason: 'break' })
    expect(agent('a1')).not.toHaveProperty('media')
  })

  it('gives the agent `no-answer` when an offer times out, in the snapshot and the event', () => {
    const { router, clock, of, agent } = offeredWithOneBehind()
    clock.advance(60 * 60_000)
    // the router's own timeout says so as data, not only in its reason's text
    expect(of('reservation-rejected', 'x')[0]).toMatchObject({
      notReady: NOT_READY_REASONS.timedOut,
      timedOut: true,
    })
    expect(agent('a1')).toMatchObject({ state: 'not-ready', reason: 'no-answer' })
    router.agentEvent({ agent: 'a1', state: 'ready' })
    expect(agent('a1')).not.toHaveProperty('reason')
  })

  it('gives the agent `declined` when the host rejects the offer, and none when it withdraws it', () => {
    const declined = offeredWithOneBehind()
    declined.router.rejectReservation('x', { reservation: declined.first.reservation })
    expect(declined.of('reservation-rejected', 'x')[0]).toMatchObject({ notReady: 'declined' })
    expect(declined.of('reservation-rejected', 'x')[0]).not.toHaveProperty('timedOut')
    expect(declined.agent('a1')).toMatchObject({ state: 'not-ready', reason: 'declined' })
    const withdrawn = offeredWithOneBehind()
    withdrawn.router.rejectReservation('x', { reservation: withdrawn.first.reservation, reason: 'withdrawn' })
    expect(withdrawn.of('reservation-rejected', 'x')[0]).not.toHaveProperty('notReady')
    expect(withdrawn.of('reservation-rejected', 'x')[0]).not.toHaveProperty('timedOut')
    expect(withdrawn.agent('a1')).not.toHaveProperty('reason')
  })

  it('gives the agent `no-answer` when the host says the offer rang out, x back in line before y with its age', () => {
    const { router, clock, of, first, agent } = offeredWithOneBehind()
    clock.advance(500)
    router.rejectReservation('x', {
      reservation: first.reservation,
      reason: 'no-answer',
      note: '408 after 20 s',
    })
    expect(of('reservation-rejected', 'x')).toEqual([
      expect.objectContaining({
        agent: 'a1',
        reservation: first.reservation,
        reason: 'not answered (host): 408 after 20 s',
        notReady: NOT_READY_REASONS.timedOut,
      }),
    ])
    expect(of('reservation-rejected', 'x')[0]).not.toHaveProperty('withdrawn')
    // the host's no-answer is the same RONA for the agent, but not the router's timeout
    expect(of('reservation-rejected', 'x')[0]).not.toHaveProperty('timedOut')
    expect(agent('a1')).toMatchObject({ state: 'not-ready', reason: 'no-answer', reserved: 0 })
    // x keeps its age: first in line, ahead of y which came a second later
    const arrived = clock.now() - 1500
    expect(router.waiting().map((w) => [w.interaction, w.since])).toEqual([
      ['x', arrived],
      ['y', arrived + 1000],
    ])
    expect(router.trace('x')?.find((e) => e.kind === 'wait' && e.name === 'rejected')?.value).toEqual({
      agent: 'a1',
      reason: 'not answered (host): 408 after 20 s',
    })
    expect(of('error')).toEqual([])
  })

  // Genesys and Finesse make an agent not ready after a RONA so she is not offered calls she cannot take; one who
  // logged out while the offer rang (a supervisor's log out, the end of her shift) has left: she stays logged out, or
  // every report would count her as staffed again
  it.each([
    // the router's default reservation timeout (15 s) from the offer, a second ago
    ['times out', (h: ReturnType<typeof offeredWithOneBehind>) => h.clock.advance(14_000)],
    [
      'is rejected by the host as not answered',
      (h: ReturnType<typeof offeredWithOneBehind>) =>
        h.router.rejectReservation('x', { reservation: h.first.reservation, reason: 'no-answer' }),
    ],
    [
      'is declined',
      (h: ReturnType<typeof offeredWithOneBehind>) =>
        h.router.rejectReservation('x', { reservation: h.first.reservation }),
    ],
  ])('leaves an agent who logged out while offered logged out when the offer %s', (_, ends) => {
    const h = offeredWithOneBehind()
    h.router.agentEvent({ agent: 'a1', state: 'logged-out' })
    ends(h)
    const rejected = h.of('reservation-rejected', 'x')
    expect(rejected).toHaveLength(1)
    expect(rejected[0]).not.toHaveProperty('notReady')
    expect(h.agent('a1')).toMatchObject({ state: 'logged-out', reserved: 0 })
    expect(h.agent('a1')).not.toHaveProperty('reason')
    // x is back in line with its age, ahead of y; nobody is offered it
    expect(h.router.waiting().map((w) => w.interaction)).toEqual(['x', 'y'])
    expect(h.of('error')).toEqual([])
  })

  it.each([
    ['an empty reason', 'not-ready', '', '"reason" must be a non-empty string (got an empty one)'],
    ['a reason that is not text', 'not-ready', 5, '"reason" must be a non-empty string (got number)'],
    ['a reason with ready', 'ready', 'lunch', 'a ready agent has no reason'],
    [
      'an overlong reason',
      'not-ready',
      'x'.repeat(257),
      "over the router's limit of 256 (limits.maxIdChars)",
    ],
    ['a control character', 'not-ready', 'lunch\nbreak', 'control character (code 10 at position 5)'],
    // C1 as C0 (the one rule of controlAt): NEL breaks a line in a log or CSV reader as LF does
    ['a C1 control character', 'not-ready', 'lunch\u0085break', 'control character (code 133 at position 5)'],
  ])('refuses %s with an error event, the state unchanged', (_, state, reason, text) => {
    const { router, of, agent } = withAgents()
    router.agentEvent({ agent: 'a1', state: 'busy' })
    router.agentEvent({ agent: 'a1', state: state as 'ready', reason: reason as string })
    expect(of('error').map((e) => e.reason)).toEqual([expect.stringContaining(text)])
    expect(agent('a1')).toMatchObject({ state: 'busy' })
    expect(agent('a1')).not.toHaveProperty('reason')
  })
})
