// The five figures the Monitor's queue table and the Reports totals show alike (offered, answered, abandoned,
// service level, ASA): one header row part and one cell row part, so both tables name and format them the same.
import { formatValue } from '../simulation/chart-data.ts'

export interface QueueFigures {
  offered: number
  answered: number
  abandoned: number
  serviceLevel: number | null
  asa: number | null
}

export function FigureHeads() {
  return (
    <>
      <th>Offered</th>
      <th>Answered</th>
      <th>Abandoned</th>
      <th>Service level</th>
      <th>ASA</th>
    </>
  )
}

/** The cells of one row; each has the test id `<testId>-<figure>` (`monitor-queue-group:support-offered`). */
export function FigureCells({ testId, figures }: { testId: string; figures: QueueFigures }) {
  return (
    <>
      <td data-testid={`${testId}-offered`}>{figures.offered}</td>
      <td data-testid={`${testId}-answered`}>{figures.answered}</td>
      <td data-testid={`${testId}-abandoned`}>{figures.abandoned}</td>
      <td data-testid={`${testId}-serviceLevel`}>{formatValue(figures.serviceLevel, 'percent')}</td>
      <td data-testid={`${testId}-asa`}>{formatValue(figures.asa, 'seconds')}</td>
    </>
  )
}
