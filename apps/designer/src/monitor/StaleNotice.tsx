// serve's Redis is unreachable: the figures shown are what serve held when it was lost, frozen since then (serve's
// stale mark on the snapshot and on each monitor-live event). Shown while it lasts, gone once the figures are fresh.
import { clockTime } from '../core/time-format.ts'
import type { StaleMark } from './monitor-types.ts'

export function StaleNotice({ stale, timeZone }: { stale: StaleMark | null; timeZone?: string }) {
  if (!stale) return null
  return (
    <p className="rw-mon__warning" role="status" data-testid="monitor-stale" data-since={stale.since}>
      <strong>Figures may be stale:</strong> Redis unreachable since{' '}
      <time dateTime={new Date(stale.since).toISOString()}>{clockTime(stale.since, timeZone)}</time>
      <span className="rw-mon__meta">
        {' '}
        (serve shows what it held then; writes are refused until Redis is back)
      </span>
    </p>
  )
}
