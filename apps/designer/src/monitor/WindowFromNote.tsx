// serve's window figures (service level, ASA, abandons, entered and overflow out) count only since windowFrom (a
// reload changed T or S, or serve restarted, less than a window ago; windowFromCause says which): said above each
// table they are in, with why and when they are whole again, so a supervisor does not read a partial window as the
// whole one. window-note.ts decides on the clock and words the cause.
//
// data-testid: monitor-window-from (above the queue table), monitor-groups-window-from (above the group table);
// data-from and data-whole-at are server times, ms
import { clockTime } from '../core/time-format.ts'
import { type WindowNote, windowCauseText } from './window-note.ts'

/** What each table's partial figures are, in the note's words. */
const FIGURES = {
  queues: { testId: 'monitor-window-from', what: 'figures' },
  groups: { testId: 'monitor-groups-window-from', what: 'entered and overflow out' },
} as const

export function WindowFromNote({
  note,
  table,
  timeZone,
}: {
  note: WindowNote | null
  table: keyof typeof FIGURES
  timeZone?: string
}) {
  if (note === null) return null
  const { testId, what } = FIGURES[table]
  const cause = windowCauseText(note, timeZone)
  return (
    <p
      className="rw-mon__meta rw-mon__window-from"
      role="status"
      data-testid={testId}
      data-from={note.from}
      data-whole-at={note.wholeAt}
    >
      <strong>Partial window{cause === undefined ? '' : ` (${cause})`}:</strong> {what} count only what
      arrived since <time dateTime={new Date(note.from).toISOString()}>{clockTime(note.from, timeZone)}</time>
      {table === 'queues' ? `, not the last ${note.windowMinutes} min` : ''}. Whole in {note.minutesLeft} min
      (<time dateTime={new Date(note.wholeAt).toISOString()}>{clockTime(note.wholeAt, timeZone)}</time>).
    </p>
  )
}
