// pure: what the desktop shows, changed only by the API's answers and stream events (xstate-style transitions).
import type { CallView, MediaState, Refusal, SessionEnd, SessionView, WrapUpView } from './types.ts'
import { wrapUpEndNotice } from './wrap-up.ts'

export interface DesktopState {
  session: SessionView | undefined
  /** This agent's live calls, oldest first. */
  calls: CallView[]
  /** The event stream is connected. */
  live: boolean
  /** Why the last session ended, as the bridge said (`You logged out in this browser.`), shown with the login. */
  ended: string | undefined
  /** This agent's wrap-ups running now (after-call work: the card to pick a disposition on). */
  wrapUps: WrapUpView[]
  /** Why the last wrap-up closed without the agent's Done (its time ran out), until the next one starts. */
  wrapUpNotice: string | undefined
}

export type DesktopEvent =
  | { type: 'logged-in'; session: SessionView }
  /**
   * `why`: the stream's `ended` message; without it, a notice already shown stays (a later 401 says no more).
   * `session`: the session the stream was of; the end of one the page no longer shows (it logged in again) is old news.
   */
  | { type: 'logged-out'; why?: string; session?: string }
  | { type: 'session'; session: SessionView }
  | { type: 'calls'; calls: CallView[] }
  | { type: 'call'; call: CallView }
  | { type: 'states'; media: MediaState[] }
  | { type: 'stream'; live: boolean }
  /** The stream's list of running wrap-ups (on connecting), and each one's start and end. */
  | { type: 'wrap-ups'; wrapUps: WrapUpView[] }
  | { type: 'wrap-up'; wrapUp: WrapUpView }
  /** The bridge refused a change the page asked for (an action, a state, the logout). */
  | ({ type: 'refused' } & Refusal)

export const INITIAL: DesktopState = {
  session: undefined,
  calls: [],
  live: false,
  ended: undefined,
  wrapUps: [],
  wrapUpNotice: undefined,
}

function byStart(a: CallView, b: CallView): number {
  return a.startedAt - b.startedAt
}

/** The code of a change refused for naming the page's session after a newer login in this browser replaced it. */
const REPLACED: SessionEnd = 'signed-in-elsewhere'

function replaced(shown: SessionView | undefined, answer: SessionView): boolean {
  return shown?.session !== undefined && answer.session !== undefined && answer.session !== shown.session
}

export function transition(state: DesktopState, event: DesktopEvent): DesktopState {
  switch (event.type) {
    case 'logged-in':
      return {
        ...state,
        session: event.session,
        calls: [...event.session.calls].sort(byStart),
        ended: undefined,
        wrapUps: event.session.wrapUps ?? [],
      }
    case 'session':
      // another login's answer (it replaced this page's cookie): not shown; the page's stream says the session ended
      if (replaced(state.session, event.session)) return state
      return {
        ...state,
        session: event.session,
        calls: [...event.session.calls].sort(byStart),
        // once the stream is connected it alone writes the wrap-ups (its list on connect, each start and end): an
        // answer read before an end and arriving after it would bring the card back, one without it would remount it
        ...(event.session.wrapUps === undefined || state.live ? {} : { wrapUps: event.session.wrapUps }),
      }
    case 'logged-out':
      if (
        event.session !== undefined &&
        state.session !== undefined &&
        event.session !== state.session.session
      )
        return state
      return { ...INITIAL, ended: event.why ?? (state.session === undefined ? state.ended : undefined) }
    case 'calls':
      return { ...state, calls: [...event.calls].sort(byStart) }
    case 'call': {
      const others = state.calls.filter((c) => c.callId !== event.call.callId)
      const mine = state.session !== undefined && event.call.agent === state.session.agent
      const live = mine && event.call.state !== 'ended' && event.call.state !== 'queued'
      return { ...state, calls: live ? [...others, event.call].sort(byStart) : others }
    }
    case 'states':
      return state.session === undefined
        ? state
        : { ...state, session: { ...state.session, media: event.media } }
    case 'stream':
      return { ...state, live: event.live }
    case 'wrap-ups':
      return { ...state, wrapUps: event.wrapUps }
    case 'wrap-up': {
      const others = state.wrapUps.filter((w) => w.interaction !== event.wrapUp.interaction)
      if (event.wrapUp.outcome === undefined)
        return { ...state, wrapUps: [...others, event.wrapUp], wrapUpNotice: undefined }
      return { ...state, wrapUps: others, wrapUpNotice: wrapUpEndNotice(event.wrapUp) }
    }
    case 'refused':
      // the page's session ended (its stream may not have said so yet): the bridge's words, as the stream's `ended`
      return event.code === REPLACED ? transition(state, { type: 'logged-out', why: event.message }) : state
    default:
      return assertNever(event)
  }
}

/** The end of every switch over a union here: a case left out is a type error. */
export function assertNever(value: never): never {
  throw new Error(`Unhandled value ${JSON.stringify(value)}`)
}

/** `mm:ss`, or `h:mm:ss` past an hour; never negative (clocks of two machines may disagree by a little). */
/** A time of day in the browser's zone, hours and minutes: `10:42`. */
export function clockTime(ms: number): string {
  const at = new Date(ms)
  return `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`
}

/** Why the agent is not ready: their own reason, or what the router did and when ("No answer to a call at 10:42"). */
export function notReadyNote(state: MediaState): string | undefined {
  if (state.state !== 'not-ready' || state.reason === undefined) return undefined
  return state.setBy === 'router' ? `${state.reason} at ${clockTime(state.since)}` : state.reason
}

export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000))
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  const two = (n: number) => String(n).padStart(2, '0')
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`
}

/** The screen pop's two lists: the host function's CRM result (`crm_` / `crm.` keys) and the rest. */
export function splitAttached(attached: Record<string, string>): {
  crm: Array<[string, string]>
  other: Array<[string, string]>
} {
  const crm: Array<[string, string]> = []
  const other: Array<[string, string]> = []
  for (const [key, value] of Object.entries(attached)) {
    const match = /^crm[._](.+)$/i.exec(key)
    if (match) crm.push([match[1]!, value])
    else other.push([key, value])
  }
  const byKey = (a: [string, string], b: [string, string]) => a[0].localeCompare(b[0])
  return { crm: crm.sort(byKey), other: other.sort(byKey) }
}

/** How a state reads on screen. */
export function stateLabel(state: string): string {
  const labels: Record<string, string> = {
    ready: 'Ready',
    'not-ready': 'Not ready',
    'after-call-work': 'After-call work',
    'logged-out': 'Logged out',
    reserved: 'Call offered',
    busy: 'On a call',
  }
  return labels[state] ?? state
}

/** The timer of a call: from the answer when talking, from the offer while ringing (not the caller's arrival). */
export function callClockStart(call: CallView): number {
  if (call.state === 'talking' && call.answeredAt !== undefined) return call.answeredAt
  return call.offeredAt ?? call.startedAt
}

/** How long the caller waited before this agent's phone rang (queue, and rings at other agents); unknown: none. */
export function callWaitMs(call: CallView): number | undefined {
  return call.offeredAt === undefined ? undefined : Math.max(0, call.offeredAt - call.startedAt)
}

/**
 * The heading of the hold timer: the call on hold now, or (once retrieved) the time it spent on hold, which beside a
 * Talking badge must not read "On hold".
 */
export function holdTimeLabel(call: Pick<CallView, 'held'>): string {
  return call.held ? 'On hold' : 'Was on hold'
}
