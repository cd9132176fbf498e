// The Monitor's alarms: active ones first (newest first), then the recently cleared, each with its subject and the
// figure serve measured against the rule's threshold.
import { formatAlarmFigure as figure } from '@routewright/server/alarms-read'
import { clockTime } from '../core/time-format.ts'
import type { AlarmClearReason, AlarmView } from './monitor-types.ts'

// why it cleared, in words an operator reads at a glance; the title says what serve measured to decide it
const CLEAR_REASONS: Record<AlarmClearReason, { words: string; title: string }> = {
  recovered: {
    words: 'recovered',
    title: 'The figure was back past the rule’s clear threshold for its clearAfter.',
  },
  'subject-gone': {
    words: 'subject gone',
    title: 'The queue or provider was no longer reported for the rule’s clearAfter: no data, not a recovery.',
  },
  'rule-changed': { words: 'rule changed', title: 'A reload of alarms.yaml removed or changed the rule.' },
}

/** "cleared (subject gone)"; plain "cleared" from a serve that does not say why, the code itself for a newer one's. */
export function clearedLabel(reason: AlarmClearReason | undefined): { text: string; title?: string } {
  if (reason === undefined) return { text: 'cleared' }
  const known = Object.hasOwn(CLEAR_REASONS, reason) ? CLEAR_REASONS[reason] : undefined
  return known ? { text: `cleared (${known.words})`, title: known.title } : { text: `cleared (${reason})` }
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
            {a.clearedAt === undefined ? (
              <strong>{a.severity}</strong>
            ) : (
              <strong data-testid="monitor-alarm-cleared" title={clearedLabel(a.clearReason).title}>
                {clearedLabel(a.clearReason).text}
              </strong>
            )}{' '}
            {a.message}
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
