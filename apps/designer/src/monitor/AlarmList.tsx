// The Monitor's alarms: active ones first (newest first), then the recently cleared, each with its subject and the
// figure serve measured against the rule's threshold.
import { clockTime } from '../core/time-format.ts'
import type { AlarmView } from './monitor-types.ts'

/**
 * An alarm's value or threshold as the Monitor's tables show that figure: ratios in %, times in s, counts whole
 * (a service level of 0.25 read as "0.25 (threshold 0.8)" beside a table saying 25.0%). A serve that does not send
 * the figure (older): the number as measured, two decimals at most.
 */
function figure(value: number | null, kind: AlarmView['figure'] | undefined): string {
  if (value === null) return '–'
  switch (kind) {
    case 'service-level':
    case 'abandon-rate':
    case 'overflow-rate':
      return `${Math.round(value * 1000) / 10}%`
    case 'asa':
    case 'oldest-waiting':
    case 'provider-stale':
      return `${Math.round(value * 10) / 10} s`
    case 'waiting':
      return String(Math.round(value))
    default:
      // checked whole at compile time, yet no throw in a render: a newer serve may send a figure this build lacks
      kind satisfies undefined
      return String(Math.round(value * 100) / 100)
  }
}

/** A server time as the Monitor's other notices show it, machine-readable too. */
function At({ at, timeZone }: { at: number; timeZone?: string | undefined }) {
  return <time dateTime={new Date(at).toISOString()}>{clockTime(at, timeZone)}</time>
}

export function AlarmList({ alarms, timeZone }: { alarms: readonly AlarmView[]; timeZone?: string }) {
  return (
    <>
      <h3 className="rw-mon__alarms-head">
        Alarms ({alarms.filter((a) => a.clearedAt === undefined).length} active)
      </h3>
      {alarms.length === 0 && (
        <p className="rw-mon__empty" data-testid="monitor-alarms-empty">
          No alarm raised or cleared since serve started (rules: alarms.yaml in its workspace).
        </p>
      )}
      <ul className="rw-mon__alarms" data-testid="monitor-alarms" aria-label="Alarms">
        {alarms.map((a) => (
          <li
            key={a.id}
            data-testid={`monitor-alarm-${a.id}`}
            data-state={a.clearedAt === undefined ? 'active' : 'cleared'}
            className={`is-${a.severity} ${a.clearedAt === undefined ? 'is-active' : 'is-cleared'}`}
          >
            <strong>{a.clearedAt === undefined ? a.severity : 'cleared'}</strong> {a.message}
            <span className="rw-mon__alarm-figure">
              {a.subject}: {figure(a.value, a.figure)} (threshold {figure(a.threshold, a.figure)})
            </span>
            <span className="rw-mon__alarm-times">
              <At at={a.raisedAt} timeZone={timeZone} />
              {a.clearedAt !== undefined && (
                <>
                  {' – '}
                  <At at={a.clearedAt} timeZone={timeZone} />
                </>
              )}
            </span>
          </li>
        ))}
      </ul>
    </>
  )
}
