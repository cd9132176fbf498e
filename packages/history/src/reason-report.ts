// Not-ready time by reason (InfoMart's "Agent Not Ready Reason Code" report): per interval, reason and who set the
// state, the agents not ready with it, their entries into it and the time, clipped to the interval, from the agent
// state rows; and the log-outs by reason and who set them (entries and agents, no time), for an audit of who changed
// agents' states.
import { codeUnitOrder } from '@routewright/strategy-dsl'
import { agentStateTime, type ReasonState } from './agent-state-time.ts'
import {
  capacityMediaOf,
  type ReportOptions,
  type ReportRange,
  reportHead,
  reportNow,
  reportSpan,
  withinBudget,
} from './report.ts'
import { type ReportBudgets, reportBudgets } from './report-budget.ts'
import type { HistoryStore } from './store.ts'

export interface ReasonRow {
  /** Start of the row's interval (ms); for totals, the start of the range. */
  start: number
  /**
   * `not-ready`, or `logged-out`: the agents' log-outs (a supervisor's forced one, a host's end of shift), with their
   * entries and agents and no time, since logged-out time is not measured.
   */
  state: ReasonState
  /** The reason the host (or the router after a RONA: `no-answer`, `declined`) gave; `(none)` without one. */
  reason: string
  /**
   * Who set the state (serve's AgentStateBy): `host` (its state call), `supervisor` (one with `by: "supervisor"`),
   * `router` (after a host's reject), `timeout` (a RONA: the offer rang out); `(unknown)` for rows recorded before the history kept it. A repeat of the state and
   * reason by another (the host confirming a RONA) stays with the first.
   */
  setBy: string
  /**
   * With setBy `supervisor`: who she was (serve's `supervisor` of the call), for an audit of who set agents' states;
   * absent when the call named none or the row was recorded before the history kept it. Rows split by it too.
   */
  supervisor?: string
  /**
   * Distinct agents not ready with the reason for some time of the interval (or entering it there); `logged-out`:
   * the agents who logged out in it.
   */
  agents: number
  /**
   * Entries into not ready with the reason in the interval (a row repeating the state and reason is none);
   * `logged-out`: log-outs (a logged-out agent logged out again is none).
   */
  count: number
  /** Seconds not ready with the reason inside the interval; `null` for `logged-out` (not measured). */
  notReadyTime: number | null
}

export interface ReasonReport extends ReportRange {
  by: 'reason'
  /** Rows with something in them, by interval, then not ready before logged out, then reason. */
  rows: ReasonRow[]
  /** One row per reason over the whole range. */
  totals: ReasonRow[]
}

type ReasonOptions = Pick<
  ReportOptions,
  'from' | 'to' | 'clock' | 'interval' | 'timeZone' | 'media' | 'directory'
>

export function buildReasonReport(
  store: HistoryStore,
  options: ReasonOptions,
  budgets = reportBudgets(),
): Promise<ReasonReport> {
  return withinBudget(options.interval, budgets, (within) => reasonsWithin(store, options, within))
}

async function reasonsWithin(
  store: HistoryStore,
  options: ReasonOptions,
  budgets: ReportBudgets,
): Promise<ReasonReport> {
  const span = reportSpan(options)
  const now = reportNow(options.clock)
  const time = await agentStateTime(
    store.database,
    span,
    now,
    options.media,
    capacityMediaOf(options.directory),
    budgets.slots,
  )
  // not ready first (the rows the report always had, in their order), then by reason, then who set it (no
  // supervisor's name first)
  const reasons = [...time.reasons.values()].sort(
    (a, b) =>
      codeUnitOrder(b.state, a.state) ||
      codeUnitOrder(a.reason, b.reason) ||
      codeUnitOrder(a.setBy, b.setBy) ||
      codeUnitOrder(a.supervisor ?? '', b.supervisor ?? ''),
  )
  const seconds = (r: { state: ReasonState }, ms: number) => (r.state === 'logged-out' ? null : ms / 1000)
  const named = (r: { supervisor?: string }) =>
    r.supervisor === undefined ? {} : { supervisor: r.supervisor }
  const rows: ReasonRow[] = []
  for (let i = 0; i < span.count; i++) {
    for (const r of reasons) {
      const agents = r.agents[i]?.size ?? 0
      if (agents === 0) continue
      const start = span.edges[i] ?? span.from
      const { state, reason, setBy } = r
      budgets.rows.take(1)
      rows.push({
        start,
        state,
        reason,
        setBy,
        ...named(r),
        agents,
        count: r.entries[i] ?? 0,
        notReadyTime: seconds(r, r.ms[i] ?? 0),
      })
    }
  }
  const totals: ReasonRow[] = []
  for (const r of reasons) {
    if (r.allAgents.size === 0) continue
    const sum = (values: Float64Array) => values.reduce((a, b) => a + b, 0)
    totals.push({
      start: span.from,
      state: r.state,
      reason: r.reason,
      setBy: r.setBy,
      ...named(r),
      agents: r.allAgents.size,
      count: sum(r.entries),
      notReadyTime: seconds(r, sum(r.ms)),
    })
  }
  return {
    ...reportHead('reason', options, span.from, span.to, now),
    rows,
    totals,
  }
}
