// serve's window figures (service level, ASA, abandons over its window) count only since a reload changed T or S
// less than a window ago (the snapshot's windowFrom): said beside them, so a partial window is not read as a whole.
import { clockTime } from '../core/time-format.ts'

export function WindowFromNote({
  windowFrom,
  minutes,
  timeZone,
}: {
  windowFrom: number | undefined
  minutes: number
  timeZone?: string
}) {
  if (windowFrom === undefined) return null
  return (
    <p className="rw-mon__meta" role="status" data-testid="monitor-window-from" data-from={windowFrom}>
      <strong>Window figures partial:</strong> counting since{' '}
      <time dateTime={new Date(windowFrom).toISOString()}>{clockTime(windowFrom, timeZone)}</time> (thresholds
      changed), not the whole {minutes} min
    </p>
  )
}
