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

/** `offeredTitle`: how the table counts offered, on its head (the Monitor counts at entry, a report at the end). */
export function FigureHeads({ offeredTitle }: { offeredTitle?: string } = {}) {
  return (
    <>
      <th title={offeredTitle}>Offered</th>
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

/** A queue's (group's) entries and overflows out (queues in turn); null where the row has none (agent reports). */
export interface EnteredFigures {
  entered: number | null
  overflowOut: number | null
}

/** Entered and overflow out, as the Monitor's queue table and a queue or group report's totals show them. */
export function EnteredHeads() {
  return (
    <>
      <th>Entered</th>
      <th>Overflow out</th>
    </>
  )
}

/** Their cells; test ids `<testId>-entered` and `<testId>-overflowOut`. */
export function EnteredCells({ testId, figures }: { testId: string; figures: EnteredFigures }) {
  return (
    <>
      <td data-testid={`${testId}-entered`}>{figures.entered ?? '-'}</td>
      <td data-testid={`${testId}-overflowOut`}>{figures.overflowOut ?? '-'}</td>
    </>
  )
}
