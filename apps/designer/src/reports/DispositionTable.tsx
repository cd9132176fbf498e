// The Reports view's handlings by wrap-up code (`by=disposition`): per code over the period, the handlings that
// ended in it and their AHT, with the report's own columns (as `routewright report --by disposition`).
//
// data-testid: reports-dispositions, reports-disposition-<code> (cells reports-disposition-<code>-<handled|aht>),
// reports-dispositions-omitted (codes left out past the report's cap)
import type { DispositionReport } from '@routewright/history'
import { formatValue } from '../simulation/chart-data.ts'

export function DispositionTable({ report }: { report: DispositionReport }) {
  return (
    <table
      className="rw-figures rw-reports__table rw-reports__dispositions"
      data-testid="reports-dispositions"
    >
      <caption>
        Handlings by the wrap-up code of their complete over the period ((none): completed without one); AHT
        from answer to complete
      </caption>
      <thead>
        <tr>
          <th>Disposition</th>
          <th>Handled</th>
          <th>AHT</th>
        </tr>
      </thead>
      <tbody>
        {report.totals.map((row) => (
          <tr key={row.disposition} data-testid={`reports-disposition-${row.disposition}`}>
            <th scope="row">{row.disposition}</th>
            <td data-testid={`reports-disposition-${row.disposition}-handled`}>{row.handled}</td>
            <td data-testid={`reports-disposition-${row.disposition}-aht`}>
              {formatValue(row.ahtSeconds, 'seconds')}
            </td>
          </tr>
        ))}
        {report.totals.length === 0 && (
          <tr>
            <td colSpan={3}>No handling ended in this period.</td>
          </tr>
        )}
      </tbody>
      {report.omitted > 0 && (
        <tfoot>
          <tr>
            <td colSpan={3} data-testid="reports-dispositions-omitted">
              {report.omitted} more codes with fewer handlings left out
            </td>
          </tr>
        </tfoot>
      )}
    </table>
  )
}
