// pure: the designer server's reports and connection endpoints, shared by the server and the browser.
import type { DispositionReport, ReasonReport, Report } from '@routewright/history'

export const REPORT_ROUTES = {
  /**
   * GET ?from&to (ms or ISO)&interval&by&sl&short&media: a report of the store (`buildReport`; by=reason:
   * `buildReasonReport`; by=disposition: `buildDispositionReport`, no T nor S; short: S of the short abandons,
   * seconds; media: state times of that media only, by=disposition: handlings of that media).
   */
  report: '/api/reports',
  /**
   * GET, the report's query and optionally asOf (ms: the shown report's now, so a period still under way exports
   * the figures shown): the same report as `routewright report --format csv` writes it, as a download.
   */
  csv: '/api/reports.csv',
  /** GET ?from&to&strategy: entries per node of the strategy's interactions in the range. */
  nodes: '/api/reports/nodes',
  /** GET: the serve URL and store the designer was started with. */
  connections: '/api/connections',
} as const

/** A figures report, (by=reason) not-ready time by reason or (by=disposition) handlings by wrap-up code: told apart by `by`. */
export type ReportAnswer = Report | ReasonReport | DispositionReport

export interface NodeTrafficAnswer {
  strategy: string
  from: number
  to: number
  /** Interactions of the strategy that arrived in the range (read up to `limit`). */
  interactions: number
  /** True when the range held more interactions than were read. */
  truncated: boolean
  /** Entries per `strategy/node` (subroutine nodes keep their own strategy). */
  nodes: Record<string, number>
}

export interface ConnectionsAnswer {
  /** `--serve URL` given to the designer, for the Monitor view. */
  serve: string | null
  /** The store reports read (`sqlite:...` or the PostgreSQL URL without password), or null without `--store`. */
  store: string | null
  /**
   * What the store said at its open (a PostgreSQL URL's option the store's own replaces), each once, as the designer's
   * stderr says it: shown under the store, where the person reading its reports sees it.
   */
  storeWarnings: string[]
}
