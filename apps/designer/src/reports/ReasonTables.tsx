// The Reports view's not-ready time by reason (`by=reason`): totals per reason over the period, then each interval's
// rows, with the report's own columns (agents, entries, not-ready time).
//
// data-testid: reports-reasons, reports-reason-<reason> (cells reports-reason-<reason>-<agents|count|time>),
// reports-reason-rows (rows reports-reason-row-<interval start ms>-<reason>)
import type { ReasonReport, ReasonRow } from '@routewright/history'
import { formatDuration } from '../core/time-format.ts'
import { zoneOptions } from './report-series.ts'

function Cells({ row, testId }: { row: ReasonRow; testId: string }) {
  return (
    <>
      <td data-testid={`${testId}-agents`}>{row.agents}</td>
      <td data-testid={`${testId}-count`}>{row.count}</td>
      <td data-testid={`${testId}-time`}>{formatDuration(row.notReadyTime)}</td>
    </>
  )
}

const HEADS = (
  <>
    <th>Agents</th>
    <th>Entries</th>
    <th>Not-ready time</th>
  </>
)

export function ReasonTables({ report }: { report: ReasonReport }) {
  return (
    <div className="rw-reports__body">
      <table className="rw-figures rw-reports__table" data-testid="reports-reasons">
        <caption>
          Not-ready time by reason over the period (entries: times an agent went not ready with it)
        </caption>
        <thead>
          <tr>
            <th>Reason</th>
            {HEADS}
          </tr>
        </thead>
        <tbody>
          {report.totals.map((t) => (
            <tr key={t.reason} data-testid={`reports-reason-${t.reason}`}>
              <th scope="row">{t.reason}</th>
              <Cells row={t} testId={`reports-reason-${t.reason}`} />
            </tr>
          ))}
          {report.totals.length === 0 && (
            <tr>
              <td colSpan={4}>No agent was not ready in this period.</td>
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
              <tr key={`${r.start}-${r.reason}`} data-testid={`reports-reason-row-${r.start}-${r.reason}`}>
                <td>{new Date(r.start).toLocaleString(undefined, zoneOptions(report.timeZone))}</td>
                <th scope="row">{r.reason}</th>
                <Cells row={r} testId={`reports-reason-row-${r.start}-${r.reason}`} />
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}
