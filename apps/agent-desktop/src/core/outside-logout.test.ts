// A supervisor's Log out reaches the desktop as logged-out media: the desktop says who did it and holds its buttons
// (a Ready pressed would undo it) until the agent logs in again; the stream's end of a session it replaced is old news.
import { describe, expect, it } from 'vitest'
import { clockTime, INITIAL, transition } from './desktop-state.ts'
import { outsideLogoutNotice } from './outside-logout.ts'
import type { MediaState, SessionView } from './types.ts'

const AT = Date.UTC(2026, 11, 7, 9, 42)
const session = (media: MediaState[]): SessionView => ({
  agent: 'hugo',
  session: 's1',
  media,
  router: null,
  calls: [],
})
const out = (extra: Partial<MediaState> = {}): MediaState => ({
  media: 'voice',
  state: 'logged-out',
  since: AT,
  ...extra,
})

describe('logged out from outside', () => {
  it('names the supervisor who logged the agent out, when serve was told who', () => {
    expect(outsideLogoutNotice(session([out({ setBy: 'supervisor', supervisor: 'sam' })]))).toBe(
      `Supervisor sam logged you out at ${clockTime(AT)}. Log in again to take calls.`,
    )
    expect(outsideLogoutNotice(session([out({ setBy: 'supervisor' })]))).toBe(
      `A supervisor logged you out at ${clockTime(AT)}. Log in again to take calls.`,
    )
    expect(outsideLogoutNotice(session([out()]))).toBe(
      `You were logged out from outside this desktop at ${clockTime(AT)}. Log in again to take calls.`,
    )
  })

  it('says nothing while any media is logged in, or with no session', () => {
    const chat: MediaState = { media: 'chat', state: 'ready', since: AT }
    expect(outsideLogoutNotice(session([out({ setBy: 'supervisor' }), chat]))).toBeUndefined()
    expect(outsideLogoutNotice(session([{ ...out(), state: 'not-ready' }]))).toBeUndefined()
    expect(outsideLogoutNotice(undefined)).toBeUndefined()
  })

  it("keeps the new login when the old session's stream says it ended; ends the shown one", () => {
    const again = transition(INITIAL, { type: 'logged-in', session: { ...session([]), session: 's2' } })
    const why = 'You were signed out: a newer login replaced this session.'
    expect(transition(again, { type: 'logged-out', why, session: 's1' })).toBe(again)
    expect(transition(again, { type: 'logged-out', why, session: 's2' }).session).toBeUndefined()
  })
})
