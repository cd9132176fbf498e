// The Monitor's queue table: serve's figures per queue over its window, one row each, and under it a row with the
// queue's five-minute sparklines (waiting, service level), so the ten figure columns alone set the table's width and
// fit a 1,280 px laptop's bottom panel (about 690 px) without scrolling sideways. Narrower (a 1,024 px window's
// panel, about 440 px) the lesser five fold into a line in that row (monitor.css).
//
// data-testid: monitor-queues, monitor-queue-<id> (cells monitor-queue-<id>-<column>), monitor-queue-<id>-trend,
// monitor-spark-<id> (the waiting sparkline), monitor-queue-<id>-folded (the lesser figures' line),
// monitor-queues-total-waiting (callers waiting, each once), monitor-queues-waiting-rule (the rule, under the table)
import { EnteredCells, EnteredHeads, FigureCells, FigureHeads } from '../reports/FigureCells.tsx'
import { formatValue } from '../simulation/chart-data.ts'
import { FoldedFigures } from './FoldedFigures.tsx'
import type { Sample } from './live-model.ts'
import type { QueueFigures } from './monitor-types.ts'
import { Sparkline } from './Sparkline.tsx'

/** The sparklines under a queue's row, px. */
const SPARK_WIDTH = 120
const SPARK_HEIGHT = 20
/** Queue, Waiting, Oldest, the five figures, Entered and Overflow out: the sparkline row spans them all. */
const COLUMNS = 10

export interface QueueTableProps {
  queues: readonly QueueFigures[]
  samples: readonly Sample[]
  /** What the window figures cover: "last 15 min", or "since 23:10:05" in a partial window. */
  span: string
  serviceLevelSeconds: number
  /** Interactions waiting in all, each once (serve's `waitingTotal`): less than the rows' sum when some wait for several. */
  waitingTotal: number
}

/** How the Waiting column counts, said under the table and on the column's head. */
export const WAITING_RULE =
  'A caller waiting for several queues (sales or support) counts in each of their rows; All queues counts each caller once, so the rows can add up to more.'

/** How the Offered column counts (serve's `openWaits`), said under the table and on the column's head. */
export const OFFERED_RULE =
  'Counted when a caller enters the queue, once per queue it waits in: callers still waiting or ringing count, so Offered - Answered - Abandoned - those sent on (timeout, overflow) is what is still open.'

export function QueueTable({ queues, samples, span, serviceLevelSeconds, waitingTotal }: QueueTableProps) {
  return (
    <>
      <table className="rw-figures rw-mon__tight rw-mon__queue-table" data-testid="monitor-queues">
        <caption>
          Queues ({span}, service level T = {serviceLevelSeconds} s)
        </caption>
        <thead>
          <tr>
            <th>Queue</th>
            <th title={WAITING_RULE}>Waiting</th>
            <th>Oldest</th>
            <FigureHeads offeredTitle={OFFERED_RULE} />
            <EnteredHeads />
          </tr>
        </thead>
        {queues.map((q) => (
          // a body per queue: its figures and its trend below them belong together (one hover, one rule under both)
          <tbody key={q.id}>
            <tr data-testid={`monitor-queue-${q.id}`}>
              <th scope="row">{q.id}</th>
              <td data-testid={`monitor-queue-${q.id}-waiting`}>{q.waiting}</td>
              <td data-testid={`monitor-queue-${q.id}-oldest`}>{Math.round(q.oldestWaitingSeconds)} s</td>
              <FigureCells testId={`monitor-queue-${q.id}`} figures={q} />
              <EnteredCells testId={`monitor-queue-${q.id}`} figures={q} />
            </tr>
            <tr className="rw-mon__trend" data-testid={`monitor-queue-${q.id}-trend`}>
              <td colSpan={COLUMNS}>
                <FoldedFigures
                  testId={`monitor-queue-${q.id}-folded`}
                  figures={[
                    ['Offered', q.offered],
                    ['Answered', q.answered],
                    ['ASA', formatValue(q.asa, 'seconds')],
                    ['Entered', q.entered ?? '-'],
                    ['Overflow out', q.overflowOut ?? '-'],
                  ]}
                />
                <span>
                  Waiting, 5 min
                  <Sparkline
                    values={samples.map((s) => s.queues[q.id]?.waiting ?? 0)}
                    width={SPARK_WIDTH}
                    height={SPARK_HEIGHT}
                    label={`${q.id} waiting`}
                    testId={`monitor-spark-${q.id}`}
                  />
                </span>
                <span>
                  Service level, 5 min
                  <Sparkline
                    values={samples.map((s) => s.queues[q.id]?.serviceLevel ?? null)}
                    width={SPARK_WIDTH}
                    height={SPARK_HEIGHT}
                    max={1}
                    label={`${q.id} service level`}
                  />
                </span>
              </td>
            </tr>
          </tbody>
        ))}
        {queues.length > 0 && (
          <tfoot>
            <tr data-testid="monitor-queues-total">
              <th scope="row">All queues</th>
              <td data-testid="monitor-queues-total-waiting" title="Callers waiting, each once">
                {waitingTotal}
              </td>
              <td colSpan={COLUMNS - 2} />
            </tr>
          </tfoot>
        )}
      </table>
      {queues.length > 0 && (
        <p className="rw-mon__meta rw-mon__rule" data-testid="monitor-queues-waiting-rule">
          Waiting: {WAITING_RULE}
        </p>
      )}
      {queues.length > 0 && (
        <p className="rw-mon__meta rw-mon__rule" data-testid="monitor-queues-offered-rule">
          Offered: {OFFERED_RULE}
        </p>
      )}
    </>
  )
}
