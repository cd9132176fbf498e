// The desktop's pure state: calls arriving, moving and ending; the timer text; the screen pop's two lists.
import { describe, expect, it } from 'vitest'
import {
  callClockStart,
  callWaitMs,
  type DesktopState,
  formatDuration,
  holdTimeLabel,
  INITIAL,
  notReadyNote,
  splitAttached,
  transition,
} from './desktop-state.ts'
import type { CallView, SessionView } from './types.ts'

function makeCall(overrides: Partial<CallView> = {}): CallView {
  return {
    callId: 'c1',
    interaction: 'i1',
    agent: 'ann',
    ani: '555',
    dnis: '8000',
    state: 'ringing',
    attached: {},
    startedAt: 1_000,
    ...overrides,
  }
}

function withoutAgent({ agent: _agent, ...call }: CallView): CallView {
  return call
}

const session: SessionView = { agent: 'ann', media: [], router: null, calls: [] }
const loggedIn: DesktopState = transition(INITIAL, { type: 'logged-in', session })

describe('transition', () => {
  it("ends the session with the bridge's words when it refuses a change for a session a newer login replaced; other refusals leave it", () => {
    const message = 'You were signed out: a newer login replaced this session.'
    const withCall = transition(loggedIn, { type: 'call', call: makeCall() })
    expect(transition(withCall, { type: 'refused', code: 'signed-in-elsewhere', message })).toEqual({
      ...INITIAL,
      ended: message,
    })
    const notAnswered = { message: 'The call is not answered yet: answer it on your phone first' }
    expect(transition(withCall, { type: 'refused', ...notAnswered })).toBe(withCall)
    expect(transition(withCall, { type: 'refused', code: 'state-changed', message })).toBe(withCall)
  })

  it("does not show another login's session answer (it replaced this page's cookie); its own, or an older bridge's, it does", () => {
    const mine = transition(INITIAL, { type: 'logged-in', session: { ...session, session: 's-ann' } })
    const bobs: SessionView = {
      ...session,
      agent: 'bob',
      session: 's-bob',
      calls: [makeCall({ agent: 'bob' })],
    }
    expect(transition(mine, { type: 'session', session: bobs })).toBe(mine)
    const own = { ...session, session: 's-ann' }
    expect(transition(mine, { type: 'session', session: own }).session).toBe(own)
    expect(transition(loggedIn, { type: 'session', session: bobs }).session).toBe(bobs)
  })

  it('adds a call routed to the agent, keeps calls ordered by start and updates one in place', () => {
    let state = transition(loggedIn, { type: 'call', call: makeCall({ callId: 'late', startedAt: 5_000 }) })
    state = transition(state, { type: 'call', call: makeCall({ callId: 'early', startedAt: 2_000 }) })
    state = transition(state, {
      type: 'call',
      call: makeCall({ callId: 'late', startedAt: 5_000, state: 'talking' }),
    })
    expect(state.calls.map((c) => [c.callId, c.state])).toEqual([
      ['early', 'ringing'],
      ['late', 'talking'],
    ])
  })

  it.each([
    ['ended', makeCall({ state: 'ended' })],
    ['transferred to another agent', makeCall({ agent: 'bob' })],
    ['transferred to a routing point', withoutAgent(makeCall({ state: 'queued', dnis: '7000' }))],
  ])('drops a call %s', (_label, change) => {
    const state = transition(transition(loggedIn, { type: 'call', call: makeCall() }), {
      type: 'call',
      call: change,
    })
    expect(state.calls).toEqual([])
  })

  it('ignores a call for someone else and clears everything on logout', () => {
    const state = transition(loggedIn, { type: 'call', call: makeCall({ agent: 'bob' }) })
    expect(state.calls).toEqual([])
    const withCall = transition(loggedIn, { type: 'call', call: makeCall() })
    expect(transition(withCall, { type: 'logged-out' })).toEqual(INITIAL)
  })

  it('replaces the media states and the calls from the stream', () => {
    const media = [{ media: 'voice', state: 'ready' as const, since: 1 }]
    const state = transition(loggedIn, { type: 'states', media })
    expect(state.session?.media).toEqual(media)
    expect(transition(state, { type: 'calls', calls: [makeCall()] }).calls).toHaveLength(1)
  })
})

describe('formatDuration', () => {
  it.each([
    [0, '00:00'],
    [59_999, '00:59'],
    [61_000, '01:01'],
    [3_600_000 + 62_000, '1:01:02'],
    [-5_000, '00:00'],
  ])('%i ms reads %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text)
  })
})

describe('screen pop', () => {
  it('puts crm_ and crm. keys in the customer record, without the prefix, and the rest in attached data', () => {
    expect(splitAttached({ crm_tier: 'gold', Segment: 'VIP', 'crm.name': 'Dana', account: 'A-17' })).toEqual({
      crm: [
        ['name', 'Dana'],
        ['tier', 'gold'],
      ],
      other: [
        ['account', 'A-17'],
        ['Segment', 'VIP'],
      ],
    })
  })

  it('times a ringing call from the offer and a talking one from the answer', () => {
    expect(callClockStart(makeCall())).toBe(1_000)
    // queued 7 s (a ring-no-answer at another agent among it): this phone has rung since 8_000, not 1_000
    expect(callClockStart(makeCall({ offeredAt: 8_000 }))).toBe(8_000)
    expect(callClockStart(makeCall({ state: 'talking', offeredAt: 8_000, answeredAt: 9_500 }))).toBe(9_500)
  })

  it("gives the caller's wait before this agent's offer, when the bridge knows it", () => {
    expect(callWaitMs(makeCall({ offeredAt: 8_000 }))).toBe(7_000)
    expect(callWaitMs(makeCall())).toBeUndefined()
  })

  it('heads the hold timer "On hold" only while held: once retrieved it is the time the call was on hold', () => {
    expect(holdTimeLabel(makeCall({ held: true, heldAt: 5_000 }))).toBe('On hold')
    expect(holdTimeLabel(makeCall({ held: false, heldMs: 4_000 }))).toBe('Was on hold')
  })
})

describe('why the agent is not ready', () => {
  const since = new Date(2026, 11, 2, 10, 42, 30).getTime()
  it.each([
    [{ state: 'not-ready', reason: 'No answer to a call', setBy: 'router' }, 'No answer to a call at 10:42'],
    [{ state: 'not-ready', reason: 'Lunch' }, 'Lunch'],
    [{ state: 'not-ready' }, undefined],
    [{ state: 'ready', reason: 'Lunch' }, undefined],
  ] as const)('%j reads %j', (state, note) => {
    expect(notReadyNote({ media: 'voice', since, ...state })).toBe(note)
  })
})

describe('a session that ended', () => {
  it("keeps the bridge's why for the login, through a later 401, until the next login", () => {
    let state = transition(loggedIn, { type: 'logged-out', why: 'You logged out in this browser.' })
    expect(state).toEqual({ ...INITIAL, ended: 'You logged out in this browser.' })
    // the session read that follows is refused: it says no more, and the why stays
    state = transition(state, { type: 'logged-out' })
    expect(state.ended).toBe('You logged out in this browser.')
    expect(transition(state, { type: 'logged-in', session }).ended).toBeUndefined()
    // the agent's own Log out, with no why from the stream: nothing to show
    expect(transition(loggedIn, { type: 'logged-out' }).ended).toBeUndefined()
  })

  it('once the stream is connected it alone writes the wrap-ups: an older session answer neither brings back an ended card nor remounts one', () => {
    const wrap = {
      callId: 'c1',
      interaction: 'i1',
      agent: 'ann',
      startedAt: 1_000,
      endsAt: 31_000,
      dispositions: [{ code: 'resolved', label: 'Resolved' }],
    }
    const live = transition(loggedIn, { type: 'stream', live: true })
    const running = transition(live, { type: 'wrap-up', wrapUp: wrap })
    // an answer read before the wrap-up started, arriving after: the card stays, the same object (its input kept)
    const before = transition(running, { type: 'session', session: { ...session, wrapUps: [] } })
    expect(before.wrapUps).toBe(running.wrapUps)
    // an answer read before its end, arriving after the end event: the card does not come back
    const ended = transition(running, {
      type: 'wrap-up',
      wrapUp: { ...wrap, outcome: 'done', disposition: 'resolved' },
    })
    const stale = transition(ended, { type: 'session', session: { ...session, wrapUps: [wrap] } })
    expect(stale.wrapUps).toEqual([])
    // without the stream (not connected yet, or dropped), the session's answers are what the page has
    const offline = transition(loggedIn, { type: 'session', session: { ...session, wrapUps: [wrap] } })
    expect(offline.wrapUps).toEqual([wrap])
  })
})
