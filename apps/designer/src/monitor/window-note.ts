// pure: whether serve's window figures are partial at a given moment (its snapshot's windowFrom) and until when, so
// the note goes on the clock, not on the next snapshot read (a refresh that fails or a Redis outage keeps the last).
import { printableName } from '@routewright/node-support/printable'
import { clockTime } from '../core/time-format.ts'

/** A cause code serve gives that the note does not know is shown as its text: a long or hostile one is cut to this. */
const MAX_CAUSE_CHARS = 40

/** The causes serve gives (its `windowFromCause`), as the note says them from `from`'s time. */
const CAUSE_TEXTS: Readonly<Record<string, (at: string) => string>> = {
  'thresholds-changed': (at) => `thresholds changed at ${at}`,
  started: (at) => `serve restarted at ${at} (history not read back)`,
  'read-cut': (at) => `serve restarted; history read back only from ${at}`,
}

export interface WindowNote {
  /** Server time (ms) since which the window's figures count arrivals. */
  from: number
  /** Server time (ms) from which they count the whole window again: from + the window's length. */
  wholeAt: number
  /** Whole minutes until then, rounded up (at least 1): "whole in 12 min". */
  minutesLeft: number
  /** The window's length, whole minutes. */
  windowMinutes: number
  /** serve's cause code for counting afresh (`windowFromCause`), when it gives one: printable, cut. */
  cause?: string
}

/** The snapshot fields the note reads. */
export interface WindowFields {
  windowSeconds: number
  windowFrom?: number
  /** Why the figures count only since windowFrom: serve's code (OpenAPI `windowFromCause`); any text is shown. */
  windowFromCause?: string
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
  const cause = causeOf(snapshot.windowFromCause)
  return { from, wholeAt, minutesLeft, windowMinutes, ...(cause === undefined ? {} : { cause }) }
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

/** serve's cause code, printable and cut (caller data: any value may come), or undefined when it gives none. */
function causeOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  const code = printableName(value.trim(), MAX_CAUSE_CHARS)
  return code === '' ? undefined : code
}

/**
 * The note's cause in a supervisor's words, with the time it happened ("thresholds changed at 09:14:05"); a code
 * this designer does not know (a newer serve's) as its words, dashes as spaces; undefined when serve gave none.
 */
export function windowCauseText(note: WindowNote, timeZone?: string): string | undefined {
  if (note.cause === undefined) return undefined
  const known = Object.hasOwn(CAUSE_TEXTS, note.cause) ? CAUSE_TEXTS[note.cause] : undefined
  return known ? known(clockTime(note.from, timeZone)) : note.cause.replace(/[-_]+/g, ' ')
}
