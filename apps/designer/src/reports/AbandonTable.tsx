// The Reports view's abandoned interactions by the host's reason (InfoMart's abandoned in queue vs. short abandons,
// Genesys Cloud's "Abandoned" vs. "Flow-out"): one row per key over the period, the report's own figures.
//
// data-testid: reports-abandons, reports-abandon-<key> (cells reports-abandon-<key>-<abandoned|callerHangup|
// queueTimeout|host|noReason|short>)
import type { Report } from '@routewright/history'

export function AbandonTable({ report }: { report: Report }) {
  return (
    <table className="rw-figures rw-reports__table" data-testid="reports-abandons">
      <caption>
        Abandoned by {report.by} and the host's reason; short: abandoned within {report.shortAbandonSeconds} s
      </caption>
      <thead>
        <tr>
          <th>{report.by}</th>
          <th>Abandoned</th>
          <th>Caller hung up</th>
          <th>Queue time-out</th>
          <th>Host</th>
          <th>No reason</th>
          <th>Short</th>
        </tr>
      </thead>
      <tbody>
        {report.totals.map((t) => {
          const id = `reports-abandon-${t.key}`
          return (
            <tr key={t.key} data-testid={id}>
              <th scope="row">{t.key}</th>
              <td data-testid={`${id}-abandoned`}>{t.abandoned}</td>
              <td data-testid={`${id}-callerHangup`}>{t.abandonedCallerHangup}</td>
              <td data-testid={`${id}-queueTimeout`}>{t.abandonedQueueTimeout}</td>
              <td data-testid={`${id}-host`}>{t.abandonedHost}</td>
              <td data-testid={`${id}-noReason`}>{t.abandonedNoReason}</td>
              <td data-testid={`${id}-short`}>{t.shortAbandoned}</td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}
