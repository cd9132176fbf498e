// What the tests holding `routewright report` to the memory provider's live figures share (docs/figures.md
// "Figures"): a recorded sales router feeding a provider on its clock, and the first hour's report of its records,
// from the stored totals and from the raw records, with each row in the provider's terms.

import path from 'node:path'
import {
  buildReport,
  type HistoryItem,
  openStore,
  type Report,
  type ReportBreakdown,
  type ReportClock,
  type ReportRow,
} from '@routewright/history'
import { testFolder } from '@routewright/node-support/testing'
import type { DirectoryDocument, StrategyDocument } from '@routewright/strategy-dsl'
import { createMemoryStatProvider, createSimulatedClock } from '@routewright/strategy-runtime'
import { expect } from 'vitest'
import { LATER } from './agent-state-rows.ts'
import { recordedSalesRouter } from './recorded-router.ts'
import { SALES_START, salesDirectory } from './routers.ts'

/** T of both sides' service level, in seconds: the report's `serviceLevelSeconds`, the provider's ServiceLevel(T). */
export const SL_SECONDS = 10

/** A group's figures that both the provider and the report have. */
export interface LiveFigures {
  serviceLevel: number
  abandonRate: number
  asa: number
}

/** A report row's counts and, in the provider's terms, its figures (null where the report has none). */
export interface ReportFigures
  extends Pick<ReportRow, 'offered' | 'answered' | 'abandoned' | 'serviceLevel' | 'asa'> {
  abandonRate: number
}

/**
 * A recorded sales router on `strategy` (and `directory`, default the sales one) feeding a memory provider on its
 * clock; `live` reads a group's figures now, `read` any group's (or, with `kind`, a queue's) statistic.
 */
export function salesRouterWithProvider(
  strategy: StrategyDocument,
  directory: DirectoryDocument = salesDirectory,
) {
  const clock = createSimulatedClock(SALES_START)
  const stats = createMemoryStatProvider({ clock, directory })
  const recorded = recordedSalesRouter({ router: { stats, directory }, clock, strategy })
  const read = (id: string, statistic: string, kind: 'group' | 'queue' | 'agent' = 'group') =>
    stats.read({ subject: { kind, id }, statistic, window: 'current' }).value
  const live = (group: string): LiveFigures => ({
    serviceLevel: read(group, `ServiceLevel(${SL_SECONDS}s)`),
    abandonRate: read(group, 'AbandonRate'),
    asa: read(group, 'AverageSpeedOfAnswer'),
  })
  const recordsById = () => new Map(recorded.records().map((r) => [r.id, r]))
  return { ...recorded, stats, read, live, recordsById }
}

/**
 * The day both report-vs-live scenarios with nobody ready play: x1, x2 and x3 submitted to sales and waiting; x1
 * answered by o1 (overflow) after 5 s, x2 hangs up after 8 s, x3 answered by a1 (sales) after 15 s; 1 s more.
 */
export function answerAbandonAnswer({
  clock,
  router,
}: Pick<ReturnType<typeof salesRouterWithProvider>, 'clock' | 'router'>) {
  for (const id of ['x1', 'x2', 'x3']) router.submit({ id, strategy: 'sales' })
  clock.advance(5_000)
  router.agentEvent({ agent: 'o1', state: 'ready' })
  router.confirmReservation('x1')
  clock.advance(3_000)
  router.abandon('x2', { reason: 'caller-hangup' })
  clock.advance(7_000)
  router.agentEvent({ agent: 'a1', state: 'ready' })
  router.confirmReservation('x3')
  clock.advance(1_000)
}

/**
 * The queues-in-turn day (strategy `firstThenSecond`, nobody ready): x1, x2 and x3 wait 20 s in the first queue,
 * then in the second; `agent` (of the second) answers x1 at 25 s, x2 hangs up in the second queue at 30 s, and x3
 * in the apology at 45 s, after the second timed out too.
 */
export function answerAbandonAfterLeaving(
  { clock, router }: Pick<ReturnType<typeof salesRouterWithProvider>, 'clock' | 'router'>,
  agent: string,
) {
  for (const id of ['x1', 'x2', 'x3']) router.submit({ id, strategy: 'sales' })
  clock.advance(25_000)
  router.agentEvent({ agent, state: 'ready' })
  router.confirmReservation('x1')
  clock.advance(5_000)
  router.abandon('x2', { reason: 'caller-hangup' })
  clock.advance(15_000)
  expect(router.trace('x3')?.map((step) => step.node)).toContain('sorry')
  router.abandon('x3', { reason: 'caller-hangup' })
}

/**
 * y1, answered by `agent` (of the first queue) as it arrives; handled `handledMs` when given (then completed);
 * 1 s more.
 */
export function answerOnArrival(
  { clock, router }: Pick<ReturnType<typeof salesRouterWithProvider>, 'clock' | 'router'>,
  agent: string,
  handledMs?: number,
) {
  router.agentEvent({ agent, state: 'ready' })
  router.submit({ id: 'y1', strategy: 'sales' })
  router.confirmReservation('y1')
  if (handledMs !== undefined) {
    clock.advance(handledMs)
    router.complete('y1')
  }
  clock.advance(1_000)
}

/**
 * Queues in turn: `first` for 20 s, then `second` for 20 s, then an apology the host plays until the caller hangs up
 * (the targets as a target node lists them: `{ group }` or `{ queue }`).
 */
export function firstThenSecond(first: object, second: object): StrategyDocument {
  return {
    strategy: 'sales',
    format: 1,
    start: 'first',
    nodes: {
      first: { type: 'target', targets: [first], wait: '20s', next: { timeout: 'second' } },
      second: { type: 'target', targets: [second], wait: '20s', next: { timeout: 'sorry' } },
      sorry: { type: 'treatment', play: 'prompts/sorry', next: { done: 'bye' } },
      bye: { type: 'end', outcome: 'default-route' },
    },
  } as unknown as StrategyDocument
}

/** Checks one report; `at` names its breakdown and source for the assertion's message (`queue from raw`). */
export type ReportCheck<TBy> = (report: Report, at: string, by: TBy) => void

/**
 * The first hour's report (T = SL_SECONDS) of `items` in a new SQLite store, from each source and by each of `bys`,
 * run at `clock`'s now (default after the hour; the router's clock to read the hour so far, as the provider does).
 */
export async function eachReport<TBy extends Exclude<ReportBreakdown, 'reason'>>(
  items: HistoryItem[],
  bys: readonly TBy[],
  check: ReportCheck<TBy>,
  clock: ReportClock = LATER,
): Promise<void> {
  // inside the test: the folder is removed once it passed, kept when it failed
  const store = await openStore(`sqlite:${path.join(testFolder('rw-report-vs-live-'), 'history.db')}`)
  try {
    await store.write(items)
    for (const source of ['auto', 'raw'] as const)
      for (const by of bys) {
        const report = await buildReport(store, {
          clock,
          from: SALES_START,
          to: SALES_START + 3_600_000,
          interval: '1h',
          by,
          serviceLevelSeconds: SL_SECONDS,
          source,
        })
        check(report, `${by} from ${source}`, by)
      }
  } finally {
    await store.close()
  }
}

/** The totals row of `key` in the provider's terms, or undefined when the report has none. */
export function reportFigures(report: Report, key: string): ReportFigures | undefined {
  const found = report.totals.find((r) => r.key === key)
  if (!found) return undefined
  const { offered, answered, abandoned, serviceLevel, asa } = found
  // the provider's AbandonRate, from the report's counts
  const abandonRate = abandoned / (answered + abandoned)
  return { offered, answered, abandoned, serviceLevel, asa, abandonRate }
}
