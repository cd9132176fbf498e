// The figures of a simulation beside Erlang C / Erlang A: a table for the terminal, a self-contained HTML report.
import type { ServiceLevelBasis } from '@routewright/history/report-options'
import { alignedCells } from '@routewright/strategy-dsl/display-width'
import {
  type ArrivalProfile,
  agentSpread,
  erlangA,
  erlangAOverProfile,
  erlangC,
  erlangCOverProfile,
  type SimulationResult,
} from '@routewright/strategy-runtime'
import { plural } from './plural.ts'
import type { Style } from './style.ts'

export interface SimulationInput {
  /** The constant rate, or a profile's mean over the measured hours (what Erlang is given). */
  arrivalsPerHour: number
  /** --profile: the rate per interval of the day. */
  arrivalProfile?: ArrivalProfile
  ahtSeconds: number
  patienceSeconds?: number
  agents: number
  hours: number
  seed: number
  serviceLevelSeconds: number
  /** --service-level-basis: the service level over every arrival (default) or over answered + abandoned. */
  serviceLevelBasis: ServiceLevelBasis
  /** --start as given. */
  start?: string
}

/** Each basis's formula (the CLI README's "Service level"): `handled` is `routewright report`'s default. */
const SERVICE_LEVEL_FORMULAS: Record<ServiceLevelBasis, string> = {
  offered: 'answered within T / offered',
  handled: 'answered within T / (answered + abandoned in a queue)',
}

/** The simulated service level on `basis`, the whole measured period's or one interval's. */
export function serviceLevelOn(
  figures: Pick<SimulationResult, 'serviceLevel' | 'serviceLevelHandled'>,
  basis: ServiceLevelBasis,
): number {
  return basis === 'handled' ? figures.serviceLevelHandled : figures.serviceLevel
}

/** `answered within 20 s / offered`: the formula of a basis with its T. */
function formulaOf(basis: ServiceLevelBasis, seconds: number): string {
  return SERVICE_LEVEL_FORMULAS[basis].replace('T', `${seconds} s`)
}

/** `service level (basis offered): answered within 20 s / offered`: what the figure is. */
export function serviceLevelDefinition(basis: ServiceLevelBasis, seconds: number): string {
  return `service level (basis ${basis}): ${formulaOf(basis, seconds)}`
}

/** `120/h`, or a profile's peak and mean (Erlang's columns then follow it interval by interval). */
export function arrivalsText(input: SimulationInput): string {
  const round = (n: number) => Math.round(n * 10) / 10
  if (!input.arrivalProfile) return `${input.arrivalsPerHour}/h`
  const { intervalMinutes, arrivalsPerHour: rates } = input.arrivalProfile
  return `a ${intervalMinutes}-minute profile (peak ${round(Math.max(...rates))}/h, mean ${round(input.arrivalsPerHour)}/h measured; Erlang interval by interval)`
}

/** One figure: what the simulation measured and what each model predicts (undefined: the model does not say). */
export interface ComparisonRow {
  name: string
  unit: '%' | 's' | ''
  simulated: number
  erlangC?: number
  erlangA?: number
}

/**
 * The measured figures beside Erlang's: at the constant rate, or, for a profile, interval by interval over the
 * measured hours (`measured`: from, to), weighted by calls.
 */
export function compareWithErlang(
  result: SimulationResult,
  input: SimulationInput,
  measured: { fromHours: number; toHours: number },
): ComparisonRow[] {
  const base = { arrivalRate: input.arrivalsPerHour / 3600, aht: input.ahtSeconds, agents: input.agents }
  const span = input.arrivalProfile && {
    profile: input.arrivalProfile,
    ...measured,
    ahtSeconds: input.ahtSeconds,
    agents: input.agents,
  }
  const c = span ? erlangCOverProfile(span) : erlangC(base)
  const patience = input.patienceSeconds
  const a =
    patience === undefined
      ? undefined
      : span
        ? erlangAOverProfile({ ...span, patienceSeconds: patience })
        : erlangA({ ...base, patience })
  const stable = c.stable
  const rows: ComparisonRow[] = [
    {
      name: 'offered load (Erlangs)',
      unit: '',
      simulated: (result.offered * input.ahtSeconds) / (input.hours * 3600),
      erlangC: c.offeredLoad,
      ...(a ? { erlangA: a.offeredLoad } : {}),
    },
    {
      name: 'probability of waiting',
      unit: '%',
      simulated: result.probabilityOfWaiting,
      erlangC: c.probabilityOfWaiting,
      ...(a ? { erlangA: a.probabilityOfWaiting } : {}),
    },
    // the basis asked for, then the other one: a figure beside a report's is read on the report's basis (handled);
    // Erlang C answers every call and none abandons, so its figure is the same on either basis
    ...[input.serviceLevelBasis, otherBasis(input.serviceLevelBasis)].map((basis) => ({
      name: `service level (${input.serviceLevelSeconds} s, basis ${basis})`,
      unit: '%' as const,
      simulated: serviceLevelOn(result, basis),
      erlangC: stable ? c.serviceLevel(input.serviceLevelSeconds) : 0,
    })),
    {
      name: 'average speed of answer',
      unit: 's',
      simulated: result.asa,
      erlangC: c.asa,
      ...(a ? { erlangA: a.averageWait } : {}),
    },
    {
      name: 'occupancy',
      unit: '%',
      simulated: result.occupancy,
      erlangC: Math.min(1, c.occupancy),
      ...(a ? { erlangA: a.occupancy } : {}),
    },
    {
      name: 'abandon rate',
      unit: '%',
      simulated: result.abandonRate,
      erlangC: 0,
      ...(a ? { erlangA: a.probabilityOfAbandon } : {}),
    },
  ]
  return rows
}

export function formatFigure(value: number | undefined, unit: ComparisonRow['unit']): string {
  if (value === undefined) return '–'
  if (!Number.isFinite(value)) return '∞'
  if (unit === '%') return `${(value * 100).toFixed(1)} %`
  if (unit === 's') return `${value.toFixed(1)} s`
  return value.toFixed(2)
}

export function simulationTable(
  strategy: string,
  input: SimulationInput,
  rows: readonly ComparisonRow[],
  result: SimulationResult,
  style: Style,
): string {
  const hasA = rows.some((r) => r.erlangA !== undefined)
  const header = ['', 'simulated', 'Erlang C', ...(hasA ? ['Erlang A'] : [])]
  const body = rows.map((r) => [
    r.name,
    formatFigure(r.simulated, r.unit),
    formatFigure(r.erlangC, r.unit),
    ...(hasA ? [formatFigure(r.erlangA, r.unit)] : []),
  ])
  const [shownHeader = [], ...shownBody] = alignedCells([header, ...body], (column) => column > 0)
  const line = (cells: string[]) => cells.join('   ')
  const out = [
    `${style.bold(strategy)}: ${arrivalsText(input)}, AHT ${input.ahtSeconds} s${input.patienceSeconds !== undefined ? `, patience ${input.patienceSeconds} s` : ''}, ${plural(input.agents, 'agent')}, ${input.hours} h${input.start !== undefined ? ` from ${input.start}` : ''} (seed ${input.seed})`,
    '',
    style.dim(line(shownHeader)),
    ...shownBody.map(line),
    '',
    `offered ${result.offered}, answered ${result.answered}, abandoned ${result.abandoned}, other ${result.other}`,
    ...(result.other > 0 ? [otherLine(result)] : []),
    serviceLevelLine(input, result),
  ]
  const { spread, unused } = spreadLines(result)
  out.push(spread)
  if (unused) out.push(style.yellow(unused))
  // Erlang C's ASA is Infinity when some interval has no steady state (all of them at a constant rate)
  if (rows.find((r) => r.name === 'average speed of answer')?.erlangC === Infinity) {
    out.push(
      style.yellow(
        input.arrivalProfile
          ? "In some of the profile's intervals the load is at or above what the agents can handle: Erlang C has no steady state there, and counts their calls as waiting and late."
          : 'The load is at or above what the agents can handle: Erlang C has no steady state.',
      ),
    )
  }
  const most = mostElsewhere(input, result)
  if (most) out.push(style.yellow(most))
  for (const problem of result.problems.slice(0, 5)) out.push(style.yellow(`problem: ${problem}`))
  return `${out.join('\n')}\n`
}

/** Where the calls counted "other" went: `other: 409 of 504 calls neither ...: route voicemail 409`. */
export function otherLine(result: SimulationResult): string {
  const ways = Object.entries(result.otherBy ?? {}).map(([way, count]) => `${way} ${count}`)
  return `other: ${result.other} of ${result.offered} calls neither reached an agent nor hung up${ways.length > 0 ? `: ${ways.join(', ')}` : ''}`
}

/**
 * When most calls went elsewhere (a closed schedule, a default route), the Erlang columns offer every call to the
 * agents and describe another day: said beside them, with where to look.
 */
export function mostElsewhere(input: SimulationInput, result: SimulationResult): string | undefined {
  if (result.offered === 0 || result.other * 2 <= result.offered) return undefined
  const start =
    input.start === undefined ? ' (by default Monday 2026-01-05 00:00 UTC, outside most opening hours)' : ''
  return `Most calls (${result.other} of ${result.offered}) never reached an agent, so the Erlang columns, which offer every call to the agents, do not describe this run: check the strategy's schedule against --start${start}.`
}

function otherBasis(basis: ServiceLevelBasis): ServiceLevelBasis {
  return basis === 'offered' ? 'handled' : 'offered'
}

/** The service level's definition, and its figure on the other basis so either side of a comparison is at hand. */
function serviceLevelLine(input: SimulationInput, result: SimulationResult): string {
  const other = otherBasis(input.serviceLevelBasis)
  const figure = formatFigure(serviceLevelOn(result, other), '%')
  const whose = other === 'handled' ? ", routewright report's default" : ''
  return `${serviceLevelDefinition(input.serviceLevelBasis, input.serviceLevelSeconds)}; on basis ${other} (${formulaOf(other, input.serviceLevelSeconds)}${whose}): ${figure}`
}

/** How the answered calls spread over the agents, and a warning when the strategy used fewer than Erlang pools. */
export function spreadLines(result: SimulationResult): { spread: string; unused?: string } {
  const s = agentSpread(result.byAgent ?? {})
  const spread =
    s.tookCalls === 0
      ? `calls per agent: none of the ${s.agents} agents took a call`
      : `calls per agent: ${s.fewest === s.most ? s.most : `${s.fewest} to ${s.most}`}${s.tookCalls > 1 ? ` (the busiest ${s.ratio.toFixed(2)}x the least)` : ''}, ${s.tookCalls} of ${s.agents} agents took calls`
  if (s.tookCalls === 0 || s.tookCalls === s.agents) return { spread }
  const idle = s.agents - s.tookCalls
  return {
    spread,
    unused: `${idle} of the ${s.agents} agents took no call: the Erlang columns pool all ${s.agents}, while this strategy routed to ${s.tookCalls} of them`,
  }
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

interface Series {
  label: string
  color: string
  values: number[]
}

/** An inline SVG line chart of `series` over the intervals, with a y axis from 0 to the largest value. */
export function lineChart(
  title: string,
  labels: readonly string[],
  series: readonly Series[],
  unit: string,
): string {
  const width = 720
  const height = 240
  const left = 48
  const bottom = 28
  const plotW = width - left - 16
  const plotH = height - bottom - 24
  const max = Math.max(1e-9, ...series.flatMap((s) => s.values.filter(Number.isFinite)))
  const x = (i: number) => left + (labels.length <= 1 ? plotW / 2 : (i * plotW) / (labels.length - 1))
  const y = (v: number) => 24 + plotH - (Math.min(v, max) / max) * plotH
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max)
  const grid = ticks
    .map(
      (t) =>
        `<line x1="${left}" x2="${width - 16}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" class="grid"/><text x="${left - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end">${escapeHtml(unit === '%' ? `${Math.round(t * 100)}%` : t.toFixed(t < 10 ? 1 : 0))}</text>`,
    )
    .join('')
  const step = Math.max(1, Math.ceil(labels.length / 12))
  const xLabels = labels
    .map((label, i) =>
      i % step === 0
        ? `<text x="${x(i).toFixed(1)}" y="${height - 8}" text-anchor="middle">${escapeHtml(label)}</text>`
        : '',
    )
    .join('')
  const lines = series
    .map((s) => {
      const points = s.values
        .map((v, i) => `${x(i).toFixed(1)},${y(Number.isFinite(v) ? v : 0).toFixed(1)}`)
        .join(' ')
      return `<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${points}"><title>${escapeHtml(s.label)}</title></polyline>`
    })
    .join('')
  const legend = series
    .map(
      (s, i) =>
        `<rect x="${left + i * 150}" y="4" width="12" height="12" fill="${s.color}"/><text x="${left + i * 150 + 18}" y="14">${escapeHtml(s.label)}</text>`,
    )
    .join('')
  return `<figure><figcaption>${escapeHtml(title)}</figcaption><svg viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(title)}">${legend}${grid}${xLabels}${lines}</svg></figure>`
}

/** A self-contained page (no scripts, no external files): the comparison table and charts per interval. */
export function simulationHtml(
  strategy: string,
  input: SimulationInput,
  rows: readonly ComparisonRow[],
  result: SimulationResult,
): string {
  const hasA = rows.some((r) => r.erlangA !== undefined)
  const table = [
    `<tr><th></th><th>simulated</th><th>Erlang C</th>${hasA ? '<th>Erlang A</th>' : ''}</tr>`,
    ...rows.map(
      (r) =>
        `<tr><th>${escapeHtml(r.name)}</th><td>${formatFigure(r.simulated, r.unit)}</td><td>${formatFigure(r.erlangC, r.unit)}</td>${hasA ? `<td>${formatFigure(r.erlangA, r.unit)}</td>` : ''}</tr>`,
    ),
  ].join('\n')
  const { spread, unused } = spreadLines(result)
  const measuredSeconds = input.hours * 3600
  const agentRows = Object.entries(result.byAgent ?? {})
    .map(
      ([agent, a]) =>
        `<tr><th>${escapeHtml(agent)}</th><td>${a.answered}</td><td>${formatFigure(a.answered > 0 ? a.handleSeconds / a.answered : undefined, 's')}</td><td>${formatFigure(a.handleSeconds / measuredSeconds, '%')}</td></tr>`,
    )
    .join('\n')
  const intervals = result.intervals
  const labels = intervals.map((i) => {
    const minutes = Math.round(i.start / 60_000)
    return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
  })
  const charts = [
    lineChart(
      'Interactions per interval',
      labels,
      [
        { label: 'offered', color: '#2563eb', values: intervals.map((i) => i.offered) },
        { label: 'answered', color: '#16a34a', values: intervals.map((i) => i.answered) },
        { label: 'abandoned', color: '#dc2626', values: intervals.map((i) => i.abandoned) },
      ],
      '',
    ),
    lineChart(
      `Service level (${input.serviceLevelSeconds} s) and occupancy`,
      labels,
      [
        {
          label: `service level (basis ${input.serviceLevelBasis})`,
          color: '#16a34a',
          values: intervals.map((i) => serviceLevelOn(i, input.serviceLevelBasis)),
        },
        { label: 'occupancy', color: '#9333ea', values: intervals.map((i) => i.occupancy) },
      ],
      '%',
    ),
    lineChart(
      'Average speed of answer (s)',
      labels,
      [{ label: 'ASA', color: '#ea580c', values: intervals.map((i) => i.asa) }],
      's',
    ),
  ]
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Simulation of ${escapeHtml(strategy)}</title>
<style>
body { font: 14px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 780px; color: #111827; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { padding: 4px 12px; border-bottom: 1px solid #e5e7eb; text-align: right; }
th:first-child { text-align: left; font-weight: normal; }
figure { margin: 1.5rem 0; }
figcaption { font-weight: 600; margin-bottom: 4px; }
svg { width: 100%; height: auto; font-size: 11px; fill: #374151; }
.grid { stroke: #e5e7eb; }
</style>
</head>
<body>
<h1>Simulation of ${escapeHtml(strategy)}</h1>
<p>${input.arrivalProfile ? `Arrivals by ${escapeHtml(arrivalsText(input))}` : `${input.arrivalsPerHour} arrivals/h`}, AHT ${input.ahtSeconds} s${input.patienceSeconds !== undefined ? `, patience ${input.patienceSeconds} s` : ''}, ${plural(input.agents, 'agent')}, ${input.hours} h measured after a 1 h warm-up${input.start !== undefined ? ` from ${escapeHtml(input.start)}` : ''}, seed ${input.seed}.
Offered ${result.offered}, answered ${result.answered}, abandoned ${result.abandoned}, other ${result.other}.${result.other > 0 ? ` ${escapeHtml(otherLine(result))}.` : ''}${mostElsewhere(input, result) ? ` <strong>${escapeHtml(mostElsewhere(input, result) ?? '')}</strong>` : ''}</p>
<table>
${table}
</table>
<p>${escapeHtml(serviceLevelLine(input, result))}.</p>
${charts.join('\n')}
<h2>Calls per agent</h2>
<p>${escapeHtml(spread)}.${unused ? ` ${escapeHtml(unused)}.` : ''}</p>
<table>
<tr><th>agent</th><th>calls</th><th>average handling</th><th>handling / measured time</th></tr>
${agentRows}
</table>
</body>
</html>
`
}
