// A host's abandon: why the interaction ended (caller hung up, queue time out, the host's doing) as the trace's text
// and the finished event's fields, or why the answer is refused (the host's data is checked like a reject's).
import type { AbandonHow, AbandonReason } from './types.ts'

/** Longest note a host's abandon may carry: it goes into the trace, the finished event and history records. */
const MAX_NOTE = 200

/** The trace's text of each reason, before the note. */
const ABANDON_TEXT: Readonly<Record<AbandonReason, string>> = {
  'caller-hangup': 'The caller hung up',
  'queue-timeout': "The caller waited the host's queue time",
  host: 'The host gave it up',
}

/** An older host's abandon names no reason: said so, not guessed. */
const NO_REASON = 'Abandoned by the host (no reason given)'

export interface AbandonWhy {
  text: string
  reason?: AbandonReason
  note?: string
}

/** The trace's text and the event's fields of `how`; a string: why the abandon is refused. */
export function abandonWhy(how: AbandonHow | undefined): AbandonWhy | string {
  if (how === undefined || how === null) return { text: NO_REASON }
  if (typeof how !== 'object')
    return 'abandon: the reason must be an object { reason?, note? }; nothing changed'
  const { reason, note } = how
  if (reason !== undefined && (typeof reason !== 'string' || !Object.hasOwn(ABANDON_TEXT, reason)))
    return `abandon: "reason" must be "caller-hangup", "queue-timeout" or "host" (got ${JSON.stringify(reason)}); nothing changed`
  if (note !== undefined && (typeof note !== 'string' || note.length > MAX_NOTE))
    return `abandon: "note" must be a string of at most ${MAX_NOTE} characters; nothing changed`
  const base = reason === undefined ? NO_REASON : ABANDON_TEXT[reason as AbandonReason]
  const why: AbandonWhy = { text: note ? `${base}: ${note}` : base }
  if (reason !== undefined) why.reason = reason as AbandonReason
  if (note) why.note = note
  return why
}
