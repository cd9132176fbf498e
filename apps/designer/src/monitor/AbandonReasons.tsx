// The current window's abandons per queue by the host's reason, and the short ones: serve counts them with the
// report's definitions (@routewright/history figuresOf), so this table and a report `--by reason` agree.
//
// data-testid: monitor-abandons, monitor-abandons-<queue> (cells monitor-abandons-<queue>-<column>),
// monitor-abandons-short-head (the short column's heading, with serve's S)
import type { QueueFigures } from './monitor-types.ts'

/** The columns, in the report's order (`--by reason`): each one a figure of the queue row. */
const COLUMNS = [
  ['abandonedCallerHangup', 'Caller hung up'],
  ['abandonedQueueTimeout', 'Queue time-out'],
  ['abandonedHost', 'Host'],
  ['abandonedNoReason', 'No reason'],
  ['shortAbandoned', 'Short'],
] as const satisfies ReadonlyArray<readonly [keyof QueueFigures, string]>

export function AbandonReasons({
  queues,
  span,
  shortAbandonSeconds,
}: {
  queues: QueueFigures[]
  /** What the window figures cover: "last 15 min", or "since 23:10:05" in a partial window. */
  span: string
  /** S of the short abandons, as serve counts them (alarms.yaml's monitor.shortAbandon). */
  shortAbandonSeconds: number
}) {
  // only queues with an abandon: a row of zeros says nothing the queue table does not
  const rows = queues.filter((q) => q.abandoned > 0)
  if (rows.length === 0) return null
  return (
    <table className="rw-figures" data-testid="monitor-abandons">
      <caption>Abandons by reason ({span})</caption>
      <thead>
        <tr>
          <th>Queue</th>
          <th>Abandoned</th>
          {COLUMNS.map(([key, label]) =>
            key === 'shortAbandoned' ? (
              <th key={key} data-testid="monitor-abandons-short-head">
                {label} (≤ {shortAbandonSeconds} s)
              </th>
            ) : (
              <th key={key}>{label}</th>
            ),
          )}
        </tr>
      </thead>
      <tbody>
        {rows.map((q) => (
          <tr key={q.id} data-testid={`monitor-abandons-${q.id}`}>
            <th scope="row">{q.id}</th>
            <td data-testid={`monitor-abandons-${q.id}-abandoned`}>{q.abandoned}</td>
            {COLUMNS.map(([key]) => (
              <td key={key} data-testid={`monitor-abandons-${q.id}-${key}`}>
                {q[key]}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  )
}
