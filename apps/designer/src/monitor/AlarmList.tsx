// The Monitor's alarms: active ones first (newest first), then the recently cleared, each with its subject and the
// figure serve measured against the rule's threshold.
import { formatAlarmFigure as figure } from '@routewright/server/alarms-read'
import { clockTime } from '../core/time-format.ts'
import type { AlarmView } from './monitor-types.ts'

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
