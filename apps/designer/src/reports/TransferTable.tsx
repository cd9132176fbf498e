// The Reports view's transfers by destination: where each key's transfers (its totals' Transfers) went over the
// period, as the host's complete said (`to`); shown only when the period has transfers.
//
// data-testid: reports-transfers, reports-transfer-<key>-<to> (cell reports-transfer-<key>-<to>-count)
import type { Report } from '@routewright/history'

export function TransferTable({ report }: { report: Report }) {
  // a server older than this build sends none
  const targets = report.transfersTo ?? []
  if (targets.length === 0) return null
  return (
    <table className="rw-figures rw-reports__table" data-testid="reports-transfers">
      <caption>Transfers by {report.by} and destination ("(unknown)": the host did not say where)</caption>
      <thead>
        <tr>
          <th>{report.by}</th>
          <th>Transferred to</th>
          <th>Transfers</th>
        </tr>
      </thead>
      <tbody>
        {targets.map((t) => {
          const id = `reports-transfer-${t.key}-${t.to}`
          return (
            <tr key={`${t.key}-${t.to}`} data-testid={id}>
              <th scope="row">{t.key}</th>
              <td>{t.to}</td>
              <td data-testid={`${id}-count`}>{t.transfers}</td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}
