// The Reports view's figures by interval of the chosen key: the rows the Interval choice cuts the period into (the
// CSV export's rows of that key), each start on the report's zone's clock; intervals with nothing recorded have none.
//
// data-testid: reports-intervals, reports-interval-row (cells reports-interval-row-<figure>: -start, -offered, -answered,
// -abandoned, -serviceLevel, -asa, -aht, -transfers)
import type { Report } from '@routewright/history'
import { useMemo } from 'react'
import { formatValue } from '../simulation/chart-data.ts'
import { FigureCells, FigureHeads } from './FigureCells.tsx'
import { pointLabel } from './report-series.ts'

export function IntervalTable({ report, selected }: { report: Report; selected: string }) {
  const rows = useMemo(() => report.rows.filter((r) => r.key === selected), [report, selected])
  const zone = report.timeZone ?? 'UTC'
  return (
    <div className="rw-reports__scroll">
      <table className="rw-figures rw-reports__table" data-testid="reports-intervals">
        <caption>
          {selected} by {report.interval} interval ({zone} clock)
        </caption>
        <thead>
          <tr>
            <th>Interval</th>
            <FigureHeads />
            <th>AHT</th>
            <th>Transfers</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.start} data-testid="reports-interval-row">
              <th scope="row" data-testid="reports-interval-row-start">
                {pointLabel(r.start / 1000, zone)}
              </th>
              <FigureCells testId="reports-interval-row" figures={r} />
              <td data-testid="reports-interval-row-aht">{formatValue(r.aht, 'seconds')}</td>
              <td data-testid="reports-interval-row-transfers">{r.transfers}</td>
            </tr>
          ))}
          {rows.length === 0 && (
            <tr>
              <td colSpan={8}>Nothing recorded for {selected} in this period.</td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  )
}
