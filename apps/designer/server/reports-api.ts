// The designer server's reports: interval reports (@routewright/history's buildReport) and entries per node for a
// period, read from the store given with `--store`, plus which serve and store the designer was started with.
import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  abandonTreatmentRefusal,
  buildDispositionReport,
  buildReasonReport,
  buildReport,
  dispositionRefusal,
  formatDispositionReport,
  formatReport,
  type HistoryStore,
  openStore,
  parseIsoTime,
  parseSeconds,
  QueryTimeoutError,
  REPORT_INTERVALS,
  REPORT_KINDS,
  type ReportClock,
  type ReportInterval,
  type ReportKind,
  ReportOptionsError,
  SERVICE_LEVEL_BASES,
  SL_ABANDONS,
  StoreSpecError,
  serviceLevelRefusal,
  shortAbandonRefusal,
} from '@routewright/history'
import type { DirectoryDocument } from '@routewright/strategy-dsl'
import {
  type ConnectionsAnswer,
  type NodeTrafficAnswer,
  REPORT_ROUTES,
  type ReportAnswer,
} from '../src/reports/reports-protocol.ts'
import { ApiError } from './api-error.ts'
import { sendCsv, sendJson } from './http-io.ts'

export interface ReportsOptions {
  /** `sqlite:FILE` or `postgres://...`; reports answer 409 without one. */
  store?: string
  /** serve's URL, offered to the Monitor view. */
  serve?: string
  /** Most interaction records read for a node overlay. Default 200,000. */
  nodeRecordLimit?: number
  /** The reports' now (a state still open counts up to it); default the real clock, a fixed one in tests. */
  clock?: ReportClock
  /**
   * The directory whose agents' capacities say which media each agent's state times rank over (as serve's
   * wallboard), read at each report; undefined or none: every state set counts.
   */
  directory?: () => Promise<DirectoryDocument | undefined>
  /**
   * Told once of each warning the store gives at its open (a PostgreSQL URL's option the store's own replaces), to
   * say it where the designer's user reads its notes (the command line's stderr).
   */
  onWarning: (message: string) => void
}

export interface ReportsApi {
  /** Answers the request when it is one of the report routes; false otherwise. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>
  close(): Promise<void>
}

/** `2026-01-05T09:00` or ms since the epoch, else a message naming the parameter. */
export function parseTime(name: string, text: string | null): number {
  if (text === null || text.trim() === '')
    throw new ApiError(
      400,
      'bad-request',
      `Give ?${name}= as a date and time (ISO 8601) or ms since the epoch.`,
    )
  const value = /^\d+$/.test(text.trim()) ? Number(text) : parseIsoTime(text)
  if (value === undefined || !Number.isFinite(value))
    throw new ApiError(
      400,
      'bad-request',
      `?${name}=${text} is not a date and time: use ISO 8601, e.g. 2026-01-05T09:00Z.`,
    )
  return value
}

function choice<T extends string>(name: string, text: string | null, allowed: readonly T[], fallback: T): T {
  if (text === null || text === '') return fallback
  if ((allowed as readonly string[]).includes(text)) return text as T
  throw new ApiError(400, 'bad-request', `?${name}=${text} is not one of ${allowed.join(', ')}.`)
}

/** The report `build` makes, its options' refusal (a zone, a range too long) said as the caller's bad request. */
async function optionsChecked<T>(build: () => Promise<T>): Promise<T> {
  try {
    return await build()
  } catch (error) {
    if (error instanceof ReportOptionsError) throw new ApiError(400, 'bad-request', error.message)
    throw error
  }
}

export function createReportsApi(options: ReportsOptions): ReportsApi {
  let opening: Promise<HistoryStore> | undefined
  const limit = options.nodeRecordLimit ?? 200_000
  const clock = options.clock ?? { now: () => Date.now() }
  // a store that failed to open is opened again at the next report: each warning is said once, not once per try
  const warned = new Set<string>()
  const warn = (message: string) => {
    if (warned.has(message)) return
    warned.add(message)
    options.onWarning(message)
  }

  function store(): Promise<HistoryStore> {
    if (options.store === undefined)
      throw new ApiError(
        409,
        'conflict',
        'No history store: start the designer with --store sqlite:FILE or --store postgres://...',
      )
    // read-only, as routewright report: the schema's version is checked, never migrated
    opening ??= openStore(options.store, undefined, { readOnly: true, onWarning: warn }).catch(
      (error: unknown) => {
        opening = undefined
        const message = error instanceof Error ? error.message : String(error)
        throw error instanceof StoreSpecError
          ? new ApiError(400, 'bad-request', message)
          : new ApiError(503, 'internal', `The history store cannot be opened: ${message}`)
      },
    )
    return opening
  }

  /** The store as the report shows it; the spec without its password when the store cannot be opened. */
  async function describeStore(): Promise<string> {
    const opened = await store().catch(() => undefined)
    return opened?.describe ?? (options.store ?? '').replace(/\/\/([^:@/]*):[^@/]*@/, '//$1@')
  }

  async function report(url: URL, now = clock): Promise<ReportAnswer> {
    const q = url.searchParams
    const sl = q.get('sl')
    const intervals = Object.keys(REPORT_INTERVALS) as ReportInterval[]
    const range = {
      from: parseTime('from', q.get('from')),
      to: parseTime('to', q.get('to')),
      clock: now,
      interval: choice('interval', q.get('interval'), intervals, '15m'),
      // the zone whose wall clock the intervals follow (the view sends the browser's); absent or empty: UTC
      ...(q.get('tz') ? { timeZone: q.get('tz') ?? 'UTC' } : {}),
    }
    // the kind first: an option that does not apply to it is refused as such, before its value is read
    const kind = choice<ReportKind>('by', q.get('by'), REPORT_KINDS, 'queue')
    const excludeShort = choice('excludeShort', q.get('excludeShort'), ['0', '1'], '0') === '1'
    if (kind === 'disposition') {
      // handlings by wrap-up code count no waits nor abandons: a T or S sent is a mistake, said, not ignored
      const given = ['sl', 'short', 'slAbandons', 'slBasis'].filter((name) => q.get(name))
      if (excludeShort) given.push('excludeShort')
      const refused = dispositionRefusal(given.map((name) => `?${name}`))
      if (refused !== undefined) throw new ApiError(400, 'bad-request', refused)
      // handlings of one media; absent or empty: every handling
      const media = q.get('media')?.trim() || undefined
      return await optionsChecked(async () =>
        buildDispositionReport(await store(), { ...range, ...(media === undefined ? {} : { media }) }),
      )
    }
    const by = kind
    const slRefused = serviceLevelRefusal(by, sl !== null && sl !== '')
    if (slRefused !== undefined) throw new ApiError(400, 'bad-request', slRefused)
    const serviceLevelSeconds = sl === null || sl === '' ? 20 : Number(sl)
    if (!Number.isFinite(serviceLevelSeconds) || serviceLevelSeconds < 0)
      throw new ApiError(400, 'bad-request', `?sl=${sl} is not a number of seconds >= 0.`)
    // S of the short abandons; absent or empty: the report's default
    const short = q.get('short')
    const shortRefused = shortAbandonRefusal(by, short !== null && short !== '')
    if (shortRefused !== undefined) throw new ApiError(400, 'bad-request', shortRefused)
    const shortAbandonSeconds = short === null || short === '' ? undefined : parseSeconds(short)
    if (short !== null && short !== '' && shortAbandonSeconds === undefined)
      throw new ApiError(400, 'bad-request', `?short=${short} is not a number of seconds >= 0.`)
    const shortOption = shortAbandonSeconds === undefined ? {} : { shortAbandonSeconds }
    // how abandons count in the service level (docs/figures.md "Abandons in the service level")
    const slAbandons = choice('slAbandons', q.get('slAbandons'), SL_ABANDONS, 'against')
    // what the service level is a share of: answered + abandoned in a queue (default), or every arrival
    const slBasis = choice('slBasis', q.get('slBasis'), SERVICE_LEVEL_BASES, 'handled')
    const treatmentRefused = abandonTreatmentRefusal(by, [
      ...(q.get('slAbandons') ? ['?slAbandons'] : []),
      ...(excludeShort ? ['?excludeShort'] : []),
      ...(q.get('slBasis') ? ['?slBasis'] : []),
    ])
    if (treatmentRefused !== undefined) throw new ApiError(400, 'bad-request', treatmentRefused)
    // state times of one media (docs/figures.md "State times per media"); absent or empty: the agent as a whole
    const media = q.get('media')?.trim() || undefined
    const directory = await options.directory?.()
    const perMedia = { ...(media === undefined ? {} : { media }), ...(directory ? { directory } : {}) }
    return await optionsChecked(async () =>
      by === 'reason'
        ? buildReasonReport(await store(), { ...range, ...perMedia })
        : buildReport(await store(), {
            ...range,
            by,
            serviceLevelSeconds,
            ...shortOption,
            slAbandons,
            excludeShortAbandons: excludeShort,
            serviceLevelBasis: slBasis,
            ...perMedia,
          }),
    )
  }

  /**
   * The report as the CLI's CSV, byte for byte. `?asOf` (the shown report's now) replays it: a period still under
   * way then exports the figures on screen, not ones counted a minute later; never later than the real now.
   */
  async function csv(url: URL): Promise<string> {
    const asOf = url.searchParams.get('asOf')
    const at = asOf === null || asOf === '' ? undefined : parseTime('asOf', asOf)
    const shown = await report(url, at === undefined ? clock : { now: () => Math.min(at, clock.now()) })
    return shown.by === 'disposition' ? formatDispositionReport(shown, 'csv') : formatReport(shown, 'csv')
  }

  async function nodes(url: URL): Promise<NodeTrafficAnswer> {
    const q = url.searchParams
    const from = parseTime('from', q.get('from'))
    const to = parseTime('to', q.get('to'))
    if (to <= from)
      throw new ApiError(400, 'bad-request', 'The period must end after it starts (?to later than ?from).')
    const strategy = q.get('strategy') ?? ''
    if (strategy === '')
      throw new ApiError(400, 'bad-request', 'Give the strategy to lay traffic on: ?strategy=<id>.')
    const records = await (await store()).interactions({ from, to }, limit + 1)
    const truncated = records.length > limit
    const counts: Record<string, number> = {}
    let interactions = 0
    for (const record of truncated ? records.slice(0, limit) : records) {
      // a subroutine's nodes are entered by the strategies that call it too
      let touched = record.strategy === strategy
      for (const step of record.path) {
        const key = `${step.strategy}/${step.node}`
        counts[key] = (counts[key] ?? 0) + 1
        if (step.strategy === strategy) touched = true
      }
      if (touched) interactions++
    }
    return { strategy, from, to, interactions, truncated, nodes: counts }
  }

  return {
    async handle(req, res, url) {
      const routes: Record<string, () => Promise<unknown>> = {
        [REPORT_ROUTES.connections]: async () =>
          ({
            serve: options.serve ?? null,
            store: options.store === undefined ? null : await describeStore(),
            // after the open describeStore waits for: its warnings are in
            storeWarnings: [...warned],
          }) satisfies ConnectionsAnswer,
        [REPORT_ROUTES.report]: () => report(url),
        [REPORT_ROUTES.nodes]: () => nodes(url),
        [REPORT_ROUTES.csv]: () => csv(url),
      }
      const answer = routes[url.pathname]
      if (answer === undefined) return false
      if (req.method !== 'GET')
        throw new ApiError(405, 'method-not-allowed', `${req.method} is not supported here; use GET.`)
      let body: unknown
      try {
        body = await answer()
      } catch (error) {
        // the store went silent mid-report: said as the store's outage it is, with the server and the fix
        if (error instanceof QueryTimeoutError) throw new ApiError(503, 'internal', error.message)
        throw error
      }
      if (url.pathname === REPORT_ROUTES.csv) sendCsv(res, body as string, 'report.csv')
      else sendJson(res, 200, body)
      return true
    },
    async close() {
      const pending = opening
      opening = undefined
      if (pending) await (await pending.catch(() => undefined))?.close()
    },
  }
}
