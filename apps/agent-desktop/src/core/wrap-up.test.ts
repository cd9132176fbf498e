// The wrap-up card's pure parts: the seconds left (clamped: two machines' clocks), when Done may be pressed, and the
// desktop state's list of running wrap-ups with why the last one closed.
import { describe, expect, it } from 'vitest'
import { INITIAL, transition } from './desktop-state.ts'
import type { WrapUpView } from './types.ts'
import { canFinish, wrapUpSecondsLeft } from './wrap-up.ts'

const wrap: WrapUpView = {
  callId: 'c1',
  interaction: 'i1',
  agent: 'ann',
  startedAt: 10_000,
  endsAt: 40_000,
  dispositions: [{ code: 'sale', label: 'Sale' }],
}

describe('the wrap-up card', () => {
  it('counts whole seconds left, never below 0 nor above its length', () => {
    expect(wrapUpSecondsLeft(wrap, 10_000)).toBe(30)
    expect(wrapUpSecondsLeft(wrap, 39_001)).toBe(1)
    expect(wrapUpSecondsLeft(wrap, 50_000)).toBe(0)
    // a browser clock behind the bridge's
    expect(wrapUpSecondsLeft(wrap, 0)).toBe(30)
  })

  it('needs a disposition for Done where some are configured, none where none are', () => {
    expect(canFinish(wrap, undefined)).toBe(false)
    expect(canFinish(wrap, 'sale')).toBe(true)
    expect(canFinish({ dispositions: [] }, undefined)).toBe(true)
  })

  it('lists a running wrap-up, drops it at its end, and says why only when its time ran out', () => {
    const running = transition(INITIAL, { type: 'wrap-up', wrapUp: wrap })
    expect(running.wrapUps).toEqual([wrap])
    const done = transition(running, {
      type: 'wrap-up',
      wrapUp: { ...wrap, outcome: 'done', disposition: 'sale' },
    })
    expect([done.wrapUps, done.wrapUpNotice]).toEqual([[], undefined])
    const out = transition(running, { type: 'wrap-up', wrapUp: { ...wrap, outcome: 'timed-out' } })
    expect([out.wrapUps, out.wrapUpNotice]).toEqual([
      [],
      'Wrap-up time ran out: the call was completed with no disposition.',
    ])
    // the next wrap-up's start clears that word
    expect(
      transition(out, { type: 'wrap-up', wrapUp: { ...wrap, interaction: 'i2' } }).wrapUpNotice,
    ).toBeUndefined()
  })
})
