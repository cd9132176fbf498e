// pure: whether serve's window figures are partial at a given moment (its snapshot's windowFrom) and until when, so
// the note goes on the clock, not on the next snapshot read (a refresh that fails or a Redis outage keeps the last).
import { printableName } from '@routewright/node-support/printable'
import { clockTime } from '../core/time-format.ts'

/** A cause serve gives is shown in brackets after "Partial window": a long or hostile one is cut to this. */
const MAX_REASON_CHARS = 40

export interface WindowNote {
  /** Server time (ms) since which the window's figures count arrivals. */
  from: number
  /** Server time (ms) from which they count the whole window again: from + the window's length. */
  wholeAt: number
  /** Whole minutes until then, rounded up (at least 1): "whole in 12 min". */
  minutesLeft: number
  /** The window's length, whole minutes. */
  windowMinutes: number
  /** Why serve counts afresh, when it says (printable, cut): none today; a reload or a restart may give one. */
  reason?: string
}

/** The snapshot fields the note reads; other `windowFrom…` fields are read as serve's cause (see reasonOf). */
export interface WindowFields {
  windowSeconds: number
  windowFrom?: number
}

/**
 * The note for a snapshot at server time `serverNow`, or null when the figures cover the whole window: serve says
 * nothing partial, or its windowFrom is a window's length ago by now.
 */
export function windowNoteOf(snapshot: WindowFields, serverNow: number): WindowNote | null {
  const from = snapshot.windowFrom
  const windowMs = snapshot.windowSeconds * 1000
  if (typeof from !== 'number' || !Number.isFinite(from) || !(windowMs > 0)) return null
  const wholeAt = from + windowMs
  if (wholeAt <= serverNow) return null
  const windowMinutes = Math.max(1, Math.round(windowMs / 60_000))
  // a windowFrom ahead of this clock (skew) cannot leave more than a window to wait
  const minutesLeft = Math.min(windowMinutes, Math.max(1, Math.ceil((wholeAt - serverNow) / 60_000)))
  const reason = reasonOf(snapshot)
  return { from, wholeAt, minutesLeft, windowMinutes, ...(reason === undefined ? {} : { reason }) }
}

/** What the window figures cover, as a caption says it: `label` "last 15 min", `phrase` "in the last 15 min". */
export interface WindowSpan {
  label: string
  phrase: string
}

/**
 * The span the window figures cover: the whole window, or (with a partial-window note) only since its start, so a
 * caption never says "last 15 min" beside a note that says the figures count less.
 */
export function windowSpanOf(note: WindowNote | null, windowSeconds: number, timeZone?: string): WindowSpan {
  if (note !== null) {
    const since = `since ${clockTime(note.from, timeZone)}`
    return { label: since, phrase: since }
  }
  const last = `last ${Math.round(windowSeconds / 60)} min`
  return { label: last, phrase: `in the ${last}` }
}

/**
 * serve's cause for a partial window, when it gives one: the first non-empty text field named `windowFrom<Something>`
 * (serve sends none yet; a restart or a reload may say which), so a name serve settles on shows without a change here.
 */
function reasonOf(snapshot: WindowFields): string | undefined {
  for (const [key, value] of Object.entries(snapshot)) {
    if (!key.startsWith('windowFrom') || key === 'windowFrom' || typeof value !== 'string') continue
    const text = printableName(value.trim().replace(/[-_]+/g, ' '), MAX_REASON_CHARS)
    if (text !== '') return text
  }
  return undefined
}
