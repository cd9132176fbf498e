// A host's confirm or reject names the reservation it answers: a late answer to one that timed out (and was made
// again for another agent) is refused and leaves the newer reservation as it is.
import { describe, expect, it } from 'vitest'
import { makeStrategy, setup } from './fixtures.ts'

const sales = makeStrategy({
  t: { type: 'target', targets: [{ group: 'sales' }], wait: '10m', next: { timeout: 'out' } },
  out: { type: 'end', outcome: 'reject' },
})

/** `x` reserved for a1, not answered within 5 s, and reserved again for a2. */
function reReserved(options: { reservationTag?: string; reservationIds?: boolean } = {}) {
  const { reservationIds, ...rest } = options
  const limits = reservationIds === undefined ? {} : { reservationIds }
  const h = setup([sales], { limits: { reservationTimeoutMs: 5000, ...limits }, ...rest })
  h.router.submit({ id: 'x', strategy: 'test' })
  h.ready('a1')
  const first = h.of('routed', 'x')[0]!
  h.clock.advance(5000)
  h.ready('a2')
  const second = h.of('routed', 'x')[1]!
  const errors = () => h.of('error', 'x').map((e) => e.reason)
  return { ...h, first, second, errors }
}

describe('confirm and reject name the reservation', () => {
  it('gives each reservation its own id, also in the reservation-rejected event', () => {
    const { first, second, of } = reReserved()
    expect([first.agent, second.agent]).toEqual(['a1', 'a2'])
    expect(first.reservation).not.toBe(second.reservation)
    expect(of('reservation-rejected', 'x').map((e) => [e.agent, e.reservation])).toEqual([
      ['a1', first.reservation],
    ])
  })

  it('a late reject of the timed-out reservation leaves the newer one pending', () => {
    const { router, of, first, second, errors } = reReserved()
    router.rejectReservation('x', { reservation: first.reservation })
    expect(errors()).toEqual([
      `rejectReservation: reservation "${first.reservation}" of interaction "x" is not current: the current one is "${second.reservation}"; nothing changed`,
    ])
    expect(of('reservation-rejected', 'x')).toHaveLength(1)
    const a2 = router.snapshot().agents.find((a) => a.id === 'a2')
    expect([a2?.state, a2?.reserved]).toEqual(['ready', 1])
    // the newer one is still the one to answer
    router.confirmReservation('x', { reservation: second.reservation })
    expect(of('finished', 'x').map((e) => e.outcome)).toEqual(['routed'])
    expect(errors()).toHaveLength(1)
  })

  it('a late confirm of the timed-out reservation does not give the interaction to either agent', () => {
    const { router, of, first, errors } = reReserved()
    router.confirmReservation('x', { reservation: first.reservation })
    expect(errors()[0]).toContain('is not current')
    expect(of('finished', 'x')).toEqual([])
    expect(
      router
        .snapshot()
        .agents.map((a) => [a.id, a.load, a.reserved])
        .slice(0, 2),
    ).toEqual([
      ['a1', {}, 0],
      ['a2', {}, 1],
    ])
  })

  it('refuses an answer when no reservation is pending, naming none as current', () => {
    const { router, clock, of, first, second, errors } = reReserved()
    clock.advance(5000) // a2 does not answer either: x waits again, with nobody ready
    expect(router.snapshot().waiting.map((w) => w.interaction)).toEqual(['x'])
    router.rejectReservation('x', { reservation: second.reservation })
    router.confirmReservation('x', { reservation: first.reservation })
    expect(errors()).toEqual([
      `rejectReservation: reservation "${second.reservation}" of interaction "x" is not current: it has no reservation pending now; nothing changed`,
      `confirmReservation: reservation "${first.reservation}" of interaction "x" is not current: it has no reservation pending now; nothing changed`,
    ])
    expect(of('reservation-rejected', 'x')).toHaveLength(2)
  })

  it('codes a stale answer as data: stale-reservation with the current one, or null when none is pending', () => {
    const { router, clock, of, first, second } = reReserved()
    router.confirmReservation('x', { reservation: 42 as never })
    router.rejectReservation('x', { reservation: first.reservation })
    clock.advance(5000)
    router.confirmReservation('x', { reservation: second.reservation })
    expect(of('error', 'x').map(({ code, current }) => ({ code, current }))).toEqual([
      { code: undefined, current: undefined },
      { code: 'stale-reservation', current: second.reservation },
      { code: 'stale-reservation', current: null },
    ])
  })

  it('without a reservation named, answers the current one (the one-argument form)', () => {
    const { router, of, second } = reReserved()
    router.confirmReservation('x')
    expect(of('finished', 'x').map((e) => e.outcome)).toEqual(['routed'])
    expect(router.trace('x')?.at(-1)?.kind).toBe('finish')
    expect(second.agent).toBe('a2')
  })

  it('refuses hostile reservation values without a throw', () => {
    const { router, errors } = reReserved()
    router.confirmReservation('x', { reservation: 42 as never })
    router.rejectReservation('x', { reservation: 'y'.repeat(100_000) })
    expect(errors()[0]).toBe(
      'confirmReservation: "reservation" must be the string id of a routed event (got number)',
    )
    expect(errors()[1]!.length).toBeLessThan(400)
  })

  it('writes reservationTag into every id, so a router that replaces another never repeats one', () => {
    const { first, second } = reReserved({ reservationTag: 'e7.' })
    expect([first.reservation, second.reservation]).toEqual(['x#e7.1', 'x#e7.2'])
    expect(() => reReserved({ reservationTag: 'a#b' })).toThrow(/reservationTag/)
  })

  it('with reservationIds false, routed events carry no id text and answers are still checked against the real ids', () => {
    const { router, of, first, second, errors } = reReserved({ reservationIds: false })
    expect([first.reservation, second.reservation]).toEqual(['', ''])
    // the router builds the id it checks an answer against: the timed-out one is still refused as stale
    router.rejectReservation('x', { reservation: 'x#1' })
    expect(errors()).toEqual([
      'rejectReservation: reservation "x#1" of interaction "x" is not current: the current one is "x#2"; nothing changed',
    ])
    router.confirmReservation('x')
    expect(of('finished', 'x').map((e) => e.outcome)).toEqual(['routed'])
  })
})
