// The Reports view's not-ready time by reason (`by=reason`): totals per state (not ready, then the log-outs),
// reason and who set it over the period, then each interval's rows, with the report's own columns (state, agents,
// entries, not-ready time: none for log-outs, set by: with a supervisor's name when her call gave one).
//
// data-testid: reports-reasons, reports-reason-<key> (cells reports-reason-<key>-<state|agents|count|time|by|
// supervisor>), reports-reason-rows (rows reports-reason-row-<interval start ms>-<key>); <key> is <reason>-<setBy>,
// then -<supervisor> for a row of a named supervisor, after `logged-out-` for a row of log-outs
import type { ReasonReport, ReasonRow } from '@routewright/history'
import { formatDuration } from '../core/time-format.ts'
import { zoneOptions } from './report-series.ts'

function Cells({ row, testId }: { row: ReasonRow; testId: string }) {
  return (
    <>
      <td data-testid={`${testId}-state`}>{STATE[row.state]}</td>
      <td data-testid={`${testId}-agents`}>{row.agents}</td>
      <td data-testid={`${testId}-count`}>{row.count}</td>
      <td data-testid={`${testId}-time`}>{formatDuration(row.notReadyTime)}</td>
      <td data-testid={`${testId}-by`}>
        {SET_BY[row.setBy] ?? row.setBy}
        {row.supervisor !== undefined && (
          <>
            {' '}
            (<span data-testid={`${testId}-supervisor`}>{row.supervisor}</span>)
          </>
        )}
      </td>
    </>
  )
}

/**
 * A row's key: its reason and setter, and the supervisor's name when it has one (rows split by her); a row of
 * log-outs after `logged-out-` (a not-ready row's key is the one it always had).
 */
function rowKey(row: ReasonRow): string {
  const base = `${row.state === 'logged-out' ? 'logged-out-' : ''}${row.reason}-${row.setBy}`
  return row.supervisor === undefined ? base : `${base}-${row.supervisor}`
}

/** The row's state as a supervisor reads it. */
const STATE: Record<ReasonRow['state'], string> = {
  'not-ready': 'Not ready',
  'logged-out': 'Logged out',
}

/** Who set the state, as a supervisor reads it (the report's `setBy`; another value is shown as it is). */
const SET_BY: Record<string, string> = {
  host: 'Host',
  supervisor: 'Supervisor',
  router: 'Router (offer rejected)',
  timeout: 'Router (offer not answered)',
  '(unknown)': 'Not recorded',
}

const HEADS = (
  <>
    <th>State</th>
    <th>Agents</th>
    <th>Entries</th>
    <th>Not-ready time</th>
    <th>Set by</th>
  </>
)

export function ReasonTables({ report }: { report: ReasonReport }) {
  return (
    <div className="rw-reports__body">
      <table className="rw-figures rw-reports__table" data-testid="reports-reasons">
        <caption>
          Not-ready time and log-outs by reason and who set them over the period (entries: times an agent went
          not ready with it, or was logged out; a log-out has no time)
        </caption>
        <thead>
          <tr>
            <th>Reason</th>
            {HEADS}
          </tr>
        </thead>
        <tbody>
          {report.totals.map((t) => (
            <tr key={rowKey(t)} data-testid={`reports-reason-${rowKey(t)}`}>
              <th scope="row">{t.reason}</th>
              <Cells row={t} testId={`reports-reason-${rowKey(t)}`} />
            </tr>
          ))}
          {report.totals.length === 0 && (
            <tr>
              <td colSpan={6}>No agent was not ready, and none logged out, in this period.</td>
            </tr>
          )}
        </tbody>
      </table>
      {report.rows.length > 0 && (
        <table className="rw-figures rw-reports__table" data-testid="reports-reason-rows">
          <caption>Per {report.interval}, clipped to each interval</caption>
          <thead>
            <tr>
              <th>Interval</th>
              <th>Reason</th>
              {HEADS}
            </tr>
          </thead>
          <tbody>
            {report.rows.map((r) => (
              <tr key={`${r.start}-${rowKey(r)}`} data-testid={`reports-reason-row-${r.start}-${rowKey(r)}`}>
                <td>{new Date(r.start).toLocaleString(undefined, zoneOptions(report.timeZone))}</td>
                <th scope="row">{r.reason}</th>
                <Cells row={r} testId={`reports-reason-row-${r.start}-${rowKey(r)}`} />
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}
