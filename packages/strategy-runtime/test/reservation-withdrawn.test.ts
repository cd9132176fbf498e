// A host withdraws an offer that is not the agent's fault (the phone was never rung): the reservation ends, the
// interaction goes back to its place in line, and the agent keeps its state (no RONA), unlike a decline.
import { createRunEventWriter, type RouterEvent, type RunRecordWriter } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { offeredWithOneBehind, salesTarget, setup } from './fixtures.ts'

describe('a host withdraws a reservation', () => {
  it('leaves the agent ready and offers the interaction again in its place (before y)', () => {
    const { router, of, first, agent } = offeredWithOneBehind()
    router.rejectReservation('x', {
      reservation: first.reservation,
      reason: 'withdrawn',
      note: 'the offer never reached the phone',
    })
    expect(of('reservation-rejected', 'x')).toMatchObject([
      {
        agent: 'a1',
        reservation: first.reservation,
        reason: 'withdrawn by the host: the offer never reached the phone',
        withdrawn: true,
      },
    ])
    expect(agent('a1')).toMatchObject({ state: 'ready', reserved: 1 })
    // x was first in line: reserved again (a new id) for the same agent, y still waits
    const again = of('routed', 'x')
    expect(again.map((e) => e.agent)).toEqual(['a1', 'a1'])
    expect(again[1]!.reservation).not.toBe(first.reservation)
    expect(router.waiting().map((w) => w.interaction)).toEqual(['y'])
    expect(router.trace('x')?.find((e) => e.kind === 'wait' && e.name === 'withdrawn')?.value).toEqual({
      agent: 'a1',
      reason: 'withdrawn by the host: the offer never reached the phone',
    })
    expect(of('error')).toEqual([])
  })

  it('a decline, by contrast, makes the agent not ready and both interactions wait', () => {
    const { router, of, first, agent } = offeredWithOneBehind()
    router.rejectReservation('x', { reservation: first.reservation })
    const [rejected] = of('reservation-rejected', 'x')
    expect(rejected).toMatchObject({ reason: 'rejected by the host' })
    expect(rejected).not.toHaveProperty('withdrawn')
    expect(agent('a1')).toMatchObject({ state: 'not-ready', reserved: 0 })
    expect(router.waiting().map((w) => w.interaction)).toEqual(['x', 'y'])
  })

  it('offers the freed place to whoever waits when the withdrawn interaction cannot take it back', () => {
    const h = setup([salesTarget], { limits: { reservationTimeoutMs: 20 * 60_000 } })
    h.ready('a1')
    h.router.submit({ id: 'x', strategy: 'test' })
    h.clock.advance(1000)
    h.router.submit({ id: 'y', strategy: 'test' })
    // x's wait ends (10 min) while its offer is out: withdrawn, x leaves by its timeout and a1's place goes to y
    h.clock.advance(10 * 60_000 - 1000)
    h.router.rejectReservation('x', { reason: 'withdrawn' })
    expect(h.of('finished', 'x').map((e) => e.outcome)).toEqual(['reject'])
    expect(h.of('routed', 'y').map((e) => e.agent)).toEqual(['a1'])
  })

  it('refuses an unknown reason or an overlong note without changing anything', () => {
    const { router, of, first, agent } = offeredWithOneBehind()
    router.rejectReservation('x', { reservation: first.reservation, reason: 'rescinded' as never })
    router.rejectReservation('x', { reason: 'withdrawn', note: 'n'.repeat(201) })
    expect(of('error', 'x').map((e) => e.reason)).toEqual([
      'rejectReservation: "reason" must be "declined", "no-answer" or "withdrawn" (got "rescinded"); nothing changed',
      'rejectReservation: "note" must be a string of at most 200 characters; nothing changed',
    ])
    expect(of('reservation-rejected')).toEqual([])
    expect(agent('a1')).toMatchObject({ state: 'ready', reserved: 1 })
  })

  it('marks the withdrawal in the run record (1), a decline or a timeout 0', () => {
    const entries: unknown[][] = []
    let entry: unknown[] = []
    const writer: RunRecordWriter = {
      begin: (code) => {
        entry = [code]
      },
      id: (text) => entry.push(text),
      shared: (text) => entry.push(text),
      num: (value) => entry.push(value),
      data: (value) => entry.push(value),
      end: () => entries.push(entry),
    }
    const write = createRunEventWriter(writer)
    const event = (withdrawn: boolean): RouterEvent => ({
      type: 'reservation-rejected',
      interaction: 'x',
      at: 5,
      agent: 'a1',
      reservation: 'x#1',
      reason: 'r',
      ...(withdrawn ? { withdrawn: true as const } : {}),
    })
    write(event(true), 'test', undefined)
    write(event(false), 'test', undefined)
    expect(entries.map((e) => e.slice(1))).toEqual([
      ['x', 5, 'a1', 'r', 1],
      ['x', 5, 'a1', 'r', 0],
    ])
  })
})
