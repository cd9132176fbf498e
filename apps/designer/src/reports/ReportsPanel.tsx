// The Reports view (InfoMart's role in the designer): interval reports of the history store the designer was
// started with (--store), charted per key, and the traffic per node of the period laid on the open strategy.
//
// data-testid: reports-panel, reports-store, reports-store-warning (each the store said at its open), reports-from, reports-to, reports-interval, reports-by, reports-sl,
// reports-tz (the zone the period and the intervals follow), reports-short, reports-sl-abandons and reports-exclude-short (not by reason: it has no service level nor abandons),
// reports-media (agent, group, reason and disposition only), reports-run, reports-error, reports-as-of, reports-key, reports-total-<key> (cells reports-total-<key>-<figure>; the time
// cells -ready, -notReady, -busy, -reserved, -wrapUp in agent and group reports), report-chart-<volume|service-level|times>,
// reports-overlay, reports-overlay-info, reports-node-marks, reports-export (the shown report as the CLI's CSV); by interval:
// IntervalTable.tsx; abandons by reason: AbandonTable.tsx; by reason:
// ReasonTables.tsx; by disposition: DispositionTable.tsx; transfers by destination: TransferTable.tsx; without a
// store: NoStoreNotice.tsx
import {
  parseSeconds,
  REPORT_INTERVALS,
  REPORT_KINDS,
  type ReportInterval,
  type ReportKind,
  SERVICE_LEVEL_BASES,
  type ServiceLevelBasis,
  SHORT_ABANDON_SECONDS,
  SL_ABANDONS,
  type SlAbandons,
} from '@routewright/history/report-options'
import { useEffect, useMemo, useState } from 'react'
import { formatDuration } from '../core/time-format.ts'
import { useEditor } from '../hooks/useEditor.ts'
import { formatValue } from '../simulation/chart-data.ts'
import { entriesOf, heatCss } from '../simulation/heat.ts'
import { AbandonTable } from './AbandonTable.tsx'
import { DispositionTable } from './DispositionTable.tsx'
import { EnteredCells, EnteredHeads, FigureCells, FigureHeads } from './FigureCells.tsx'
import { IntervalTable } from './IntervalTable.tsx'
import { NoStoreNotice, StoreUnknownNotice } from './NoStoreNotice.tsx'
import { ReasonTables } from './ReasonTables.tsx'
import { ReportChart } from './ReportChart.tsx'
import { parseInZone, readPeriod, reportSeries, zoneOptions } from './report-series.ts'
import {
  type ConnectionsAnswer,
  type NodeTrafficAnswer,
  REPORT_ROUTES,
  type ReportAnswer,
} from './reports-protocol.ts'
import { SecondsField } from './SecondsField.tsx'
import { SelectField } from './SelectField.tsx'
import { StoreWarnings } from './StoreWarnings.tsx'
import { TransferTable } from './TransferTable.tsx'
import '../styles/figures-table.css'
import './reports.css'

/** `YYYY-MM-DDTHH:mm` in the browser's zone, as a datetime-local input shows it. */
function localInput(ms: number): string {
  const d = new Date(ms)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** What the service level does with abandons within T (docs/figures.md "Abandons in the service level"). */
const SL_ABANDON_LABELS: Record<SlAbandons, string> = {
  against: 'count against',
  ignore: 'leave out',
  for: 'count as met',
}

/** The form's drop-downs: each choice's value and the text shown for it. */
const SL_ABANDON_OPTIONS = SL_ABANDONS.map((a) => [a, SL_ABANDON_LABELS[a]] as const)
/** What the service level is a share of, as the caption says it (docs/figures.md "The service level's basis"). */
const SL_BASIS_LABELS: Record<ServiceLevelBasis, string> = {
  handled: 'of answered + abandoned in a queue',
  offered: 'of offered',
}
const SL_BASIS_OPTIONS = SERVICE_LEVEL_BASES.map((b) => [b, SL_BASIS_LABELS[b]] as const)
const INTERVAL_OPTIONS = (Object.keys(REPORT_INTERVALS) as ReportInterval[]).map((i) => [i, i] as const)
/** How the drop-down names a kind whose value alone does not say what it breaks down. */
const BREAKDOWN_LABELS: Partial<Record<ReportKind, string>> = {
  reason: 'not-ready reason',
  disposition: 'disposition (wrap-up code)',
}
const BREAKDOWN_OPTIONS = REPORT_KINDS.map((d) => [d, BREAKDOWN_LABELS[d] ?? d] as const)

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url)
  const body = (await response.json().catch(() => null)) as (T & { error?: { message: string } }) | null
  if (!response.ok) throw new Error(body?.error?.message ?? `${url} answered ${response.status}`)
  return body as T
}

function defaultPeriod() {
  const today = new Date()
  today.setHours(0, 0, 0, 0)
  // the next midnight, not 24 hours on: a day the clocks change has 23 or 25
  const tomorrow = new Date(today.getFullYear(), today.getMonth(), today.getDate() + 1)
  return { from: localInput(today.getTime()), to: localInput(tomorrow.getTime()) }
}

/**
 * The browser's zone: the period fields show its clock, and a supervisor reads her centre's day on it (the
 * designer runs where she works); UTC when the browser names none.
 */
function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
}

/** Whether Intl knows the zone (the server says which close name was meant when it does not). */
function knownZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone })
    return zone.trim() !== ''
  } catch {
    return false
  }
}

const ZONES = Intl.supportedValuesOf('timeZone')

export function ReportsPanel() {
  const [form, setForm] = useState(() => ({
    ...defaultPeriod(),
    interval: '1h' as ReportInterval,
    tz: browserZone(),
    by: 'queue' as ReportKind,
    sl: '20',
    // S of the short abandons (abandoned within S seconds)
    short: String(SHORT_ABANDON_SECONDS),
    // how abandons within T count in the service level, and whether short abandons leave the figures
    slAbandons: 'against' as SlAbandons,
    excludeShort: false,
    // what the service level is a share of (simulate's default is offered)
    slBasis: 'handled' as ServiceLevelBasis,
    // state times of one media (docs/figures.md "State times per media"); empty: the agent as a whole
    media: '',
  }))
  // undefined while asking the designer's server; null: started without --store
  const [store, setStore] = useState<string | null | undefined>(undefined)
  const [storeWarnings, setStoreWarnings] = useState<string[]>([])
  const [storeUnknown, setStoreUnknown] = useState<string | null>(null)
  const [report, setReport] = useState<ReportAnswer | null>(null)
  // the query of the report shown: its export asks for the same one, not the form's later edits
  const [shownQuery, setShownQuery] = useState('')
  const [key, setKey] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [overlay, setOverlay] = useState(false)
  const [traffic, setTraffic] = useState<NodeTrafficAnswer | null>(null)
  const strategy = useEditor((s) => s.document?.strategy)

  useEffect(() => {
    getJson<ConnectionsAnswer>(REPORT_ROUTES.connections)
      .then((c) => {
        setStore(c.store)
        setStoreWarnings(c.storeWarnings)
      })
      .catch((failure: unknown) =>
        setStoreUnknown(failure instanceof Error ? failure.message : String(failure)),
      )
  }, [])

  const zoneOk = knownZone(form.tz)
  const period = zoneOk
    ? readPeriod(form, (text) => parseInZone(text, form.tz))
    : ({
        ok: false,
        error: `"${form.tz}" is not a time zone: give one such as Europe/London or UTC.`,
      } as const)
  // not-ready time by reason and handlings by wrap-up code have no service level: T is neither shown nor sent then
  const withSl = form.by !== 'reason' && form.by !== 'disposition'
  // state times exist in agent, group and reason reports only; a disposition report counts one media's handlings
  const withMedia =
    form.by === 'agent' || form.by === 'group' || form.by === 'reason' || form.by === 'disposition'
  const slValue = Number(form.sl)
  const slError =
    withSl && (form.sl.trim() === '' || !(slValue >= 0)) ? 'T must be a number of seconds >= 0.' : null
  const shortValue = parseSeconds(form.short)
  const shortError =
    withSl && shortValue === undefined ? 'S of the short abandons must be a number of seconds >= 0.' : null
  const media = withMedia ? form.media.trim() : ''

  async function run() {
    if (!period.ok || slError || shortError) return
    setBusy(true)
    setError(null)
    const query = `from=${period.from}&to=${period.to}`
    const reportQuery =
      `${query}&interval=${form.interval}&tz=${encodeURIComponent(form.tz)}&by=${form.by}` +
      (withSl
        ? `&sl=${slValue}&short=${shortValue}&slAbandons=${form.slAbandons}` +
          (form.excludeShort ? '&excludeShort=1' : '') +
          `&slBasis=${form.slBasis}`
        : '') +
      (media === '' ? '' : `&media=${encodeURIComponent(media)}`)
    try {
      const answer = await getJson<ReportAnswer>(`${REPORT_ROUTES.report}?${reportQuery}`)
      setReport(answer)
      setShownQuery(reportQuery)
      if (answer.by !== 'reason' && answer.by !== 'disposition')
        setKey((current) =>
          answer.totals.some((t) => t.key === current) ? current : (answer.totals[0]?.key ?? ''),
        )
      setTraffic(
        strategy
          ? await getJson<NodeTrafficAnswer>(
              `${REPORT_ROUTES.nodes}?${query}&strategy=${encodeURIComponent(strategy)}`,
            )
          : null,
      )
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure))
    } finally {
      setBusy(false)
    }
  }

  const series = useMemo(
    () =>
      report && report.by !== 'reason' && report.by !== 'disposition' && key
        ? reportSeries(report, key)
        : null,
    [report, key],
  )
  // the agents' time per state: agent and group reports only (the state rows name agents)
  const stateTimes = report !== null && (report.by === 'agent' || report.by === 'group')
  // queues in turn: entries and overflows out, queue and group reports only (docs/figures.md)
  const queueRows = report !== null && (report.by === 'queue' || report.by === 'group')
  const volume = useMemo(
    () =>
      series && [
        { label: 'offered', values: series.offered },
        { label: 'answered', values: series.answered },
        { label: 'abandoned', values: series.abandoned },
      ],
    [series],
  )
  const level = useMemo(() => series && [{ label: 'service level', values: series.serviceLevel }], [series])
  const times = useMemo(
    () =>
      series && [
        { label: 'ASA', values: series.asa },
        { label: 'AHT', values: series.aht },
      ],
    [series],
  )
  const marks =
    overlay && traffic && strategy === traffic.strategy
      ? heatCss(entriesOf(traffic.nodes, traffic.strategy), traffic.interactions)
      : ''
  const inputError = !period.ok ? period.error : (slError ?? shortError)

  // without a store the form could not work: the view says why and how to start one instead
  if (store === null || storeUnknown !== null)
    return (
      <section className="rw-reports" data-testid="reports-panel" aria-label="Reports">
        {storeUnknown !== null ? <StoreUnknownNotice error={storeUnknown} /> : <NoStoreNotice />}
      </section>
    )

  return (
    <section className="rw-reports" data-testid="reports-panel" aria-label="Reports">
      <p className="rw-reports__store" data-testid="reports-store">
        {store === undefined ? 'Looking for the history store…' : `Store: ${store}`}
      </p>
      <StoreWarnings warnings={storeWarnings} />
      <form
        className="rw-reports__form"
        onSubmit={(e) => {
          e.preventDefault()
          void run()
        }}
      >
        <label>
          <span>From</span>
          <input
            type="datetime-local"
            data-testid="reports-from"
            value={form.from}
            onChange={(e) => setForm({ ...form, from: e.target.value })}
          />
        </label>
        <label>
          <span>To</span>
          <input
            type="datetime-local"
            data-testid="reports-to"
            value={form.to}
            onChange={(e) => setForm({ ...form, to: e.target.value })}
          />
        </label>
        <SelectField
          label="Interval"
          testId="reports-interval"
          value={form.interval}
          options={INTERVAL_OPTIONS}
          onChange={(interval) => setForm({ ...form, interval })}
        />
        <label>
          <span>Time zone</span>
          <input
            list="rw-reports-zones"
            data-testid="reports-tz"
            value={form.tz}
            onChange={(e) => setForm({ ...form, tz: e.target.value })}
          />
          <datalist id="rw-reports-zones">
            {ZONES.map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
        </label>
        <SelectField
          label="By"
          testId="reports-by"
          value={form.by}
          options={BREAKDOWN_OPTIONS}
          onChange={(by) => setForm({ ...form, by })}
        />
        {withSl && (
          <>
            <SecondsField
              label="Service level T (s)"
              testId="reports-sl"
              value={form.sl}
              onChange={(sl) => setForm({ ...form, sl })}
            />
            <SecondsField
              label="Short abandon S (s)"
              testId="reports-short"
              value={form.short}
              onChange={(short) => setForm({ ...form, short })}
            />
            <SelectField
              label="Abandons within T"
              testId="reports-sl-abandons"
              value={form.slAbandons}
              options={SL_ABANDON_OPTIONS}
              onChange={(slAbandons) => setForm({ ...form, slAbandons })}
            />
            <SelectField
              label="Service level"
              testId="reports-sl-basis"
              value={form.slBasis}
              options={SL_BASIS_OPTIONS}
              onChange={(slBasis) => setForm({ ...form, slBasis })}
            />
            <label className="rw-reports__check">
              <input
                type="checkbox"
                data-testid="reports-exclude-short"
                checked={form.excludeShort}
                onChange={(e) => setForm({ ...form, excludeShort: e.target.checked })}
              />
              <span>Leave short abandons out</span>
            </label>
          </>
        )}
        {withMedia && (
          <label>
            <span>{form.by === 'disposition' ? 'Handlings of media' : 'State times for media'}</span>
            <input
              data-testid="reports-media"
              placeholder="all media"
              value={form.media}
              onChange={(e) => setForm({ ...form, media: e.target.value })}
            />
          </label>
        )}
        <button type="submit" data-testid="reports-run" disabled={busy || inputError !== null || !store}>
          {busy ? 'Reading…' : 'Report'}
        </button>
        {report && (
          // the report shown, at its own now (asOf): a period under way exports the figures on screen
          <a
            className="rw-reports__export"
            data-testid="reports-export"
            href={`${REPORT_ROUTES.csv}?${shownQuery}&asOf=${report.asOf}`}
            download="report.csv"
          >
            Export CSV
          </a>
        )}
        <label className="rw-reports__check">
          <input
            type="checkbox"
            data-testid="reports-overlay"
            checked={overlay}
            onChange={(e) => setOverlay(e.target.checked)}
          />
          <span>Traffic per node on the canvas</span>
        </label>
      </form>
      {(inputError ?? error) && (
        <p className="rw-reports__error" role="alert" data-testid="reports-error">
          {inputError ?? error}
        </p>
      )}
      {report && report.asOf < report.to && (
        // the period is not over: its state times stop at the report's now, which the reader should see
        <p className="rw-reports__as-of" data-testid="reports-as-of">
          As of {new Date(report.asOf).toLocaleString(undefined, zoneOptions(report.timeZone))}: states still
          open counted up to then
        </p>
      )}
      {report?.by === 'reason' && (
        <div className="rw-reports__scroll">
          <ReasonTables report={report} />
        </div>
      )}
      {report?.by === 'disposition' && (
        <div className="rw-reports__scroll">
          <DispositionTable report={report} />
        </div>
      )}
      {report && report.by !== 'reason' && report.by !== 'disposition' && (
        <div className="rw-reports__body">
          {/* the table scrolls sideways in its own box: the panel, its form and caption stay in view */}
          <div className="rw-reports__scroll">
            <table className="rw-figures rw-reports__table" data-testid="reports-totals">
              <caption>
                Totals by {report.by}, service level T = {report.serviceLevelSeconds} s{' '}
                {SL_BASIS_LABELS[report.serviceLevelBasis]}, abandons within T{' '}
                {SL_ABANDON_LABELS[report.slAbandons]}
                {report.excludeShortAbandons
                  ? `, short abandons (within ${report.shortAbandonSeconds} s) left out`
                  : ''}{' '}
                (click a row to chart it)
              </caption>
              <thead>
                <tr>
                  <th>{report.by}</th>
                  <FigureHeads />
                  <th>AHT</th>
                  <th>Occupancy</th>
                  <th>Transfers</th>
                  {queueRows && <EnteredHeads />}
                  {stateTimes && (
                    <>
                      <th>Logged in</th>
                      <th>Ready</th>
                      <th>Not ready</th>
                      <th>Busy</th>
                      <th>Reserved</th>
                      <th>Wrap-up</th>
                    </>
                  )}
                </tr>
              </thead>
              <tbody>
                {report.totals.map((t) => (
                  <tr
                    key={t.key}
                    data-testid={`reports-total-${t.key}`}
                    className={t.key === key ? 'is-selected' : ''}
                    onClick={() => setKey(t.key)}
                  >
                    <th scope="row">
                      <button
                        type="button"
                        data-testid="reports-key"
                        onClick={() => setKey(t.key)}
                        aria-pressed={t.key === key}
                      >
                        {t.key}
                      </button>
                    </th>
                    <FigureCells testId={`reports-total-${t.key}`} figures={t} />
                    <td data-testid={`reports-total-${t.key}-aht`}>{formatValue(t.aht, 'seconds')}</td>
                    <td>{formatValue(t.occupancy, 'percent')}</td>
                    <td>{t.transfers}</td>
                    {queueRows && <EnteredCells testId={`reports-total-${t.key}`} figures={t} />}
                    {stateTimes && (
                      <>
                        <td data-testid={`reports-total-${t.key}-loggedIn`}>
                          {formatDuration(t.loggedInTime)}
                        </td>
                        <td data-testid={`reports-total-${t.key}-ready`}>{formatDuration(t.readyTime)}</td>
                        <td data-testid={`reports-total-${t.key}-notReady`}>
                          {formatDuration(t.notReadyTime)}
                        </td>
                        <td data-testid={`reports-total-${t.key}-busy`}>{formatDuration(t.busyTime)}</td>
                        <td data-testid={`reports-total-${t.key}-reserved`}>
                          {formatDuration(t.reservedTime)}
                        </td>
                        <td data-testid={`reports-total-${t.key}-wrapUp`}>{formatDuration(t.wrapUpTime)}</td>
                      </>
                    )}
                  </tr>
                ))}
                {report.totals.length === 0 && (
                  <tr>
                    <td colSpan={9 + (stateTimes ? 6 : 0) + (queueRows ? 2 : 0)}>
                      Nothing recorded in this period.
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
          </div>
          {key !== '' && <IntervalTable report={report} selected={key} />}
          {/* an abandoned interaction has no agent: an agent report's abandons are all zero */}
          {report.by !== 'agent' && (
            <div className="rw-reports__scroll">
              <AbandonTable report={report} />
            </div>
          )}
          <div className="rw-reports__scroll">
            <TransferTable report={report} />
          </div>
          {series && volume && level && times && (
            <div className="rw-reports__charts">
              <ReportChart
                id="volume"
                title={`${key}: offered, answered, abandoned per ${report.interval}`}
                x={series.x}
                timeZone={report.timeZone ?? 'UTC'}
                series={volume}
                unit="count"
              />
              <ReportChart
                id="service-level"
                title={`${key}: service level`}
                x={series.x}
                timeZone={report.timeZone ?? 'UTC'}
                series={level}
                unit="percent"
              />
              <ReportChart
                id="times"
                title={`${key}: ASA and AHT`}
                x={series.x}
                timeZone={report.timeZone ?? 'UTC'}
                series={times}
                unit="seconds"
              />
            </div>
          )}
        </div>
      )}
      {overlay && traffic && (
        <p data-testid="reports-overlay-info">
          {traffic.strategy === strategy
            ? `${traffic.interactions.toLocaleString('en-US')} interactions of ${traffic.strategy} in the period${traffic.truncated ? ' (the first ones only: a shorter period reads them all)' : ''}.`
            : `The traffic shown was read for ${traffic.strategy}: run the report again for ${strategy ?? 'the open strategy'}.`}
        </p>
      )}
      {marks && <style data-testid="reports-node-marks">{marks}</style>}
    </section>
  )
}
