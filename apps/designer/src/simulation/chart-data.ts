// pure: the simulation's per-interval figures as chart series (one line per version, Erlang's figures dashed)
import type { SimulationInterval } from '@routewright/strategy-runtime'
import { erlangFigures } from './erlang-figures.ts'
import type { SimSettings } from './sim-form.ts'
import type { SimRun } from './sim-job.ts'

export interface ChartSeries {
  label: string
  /** One value per interval; null where the interval had no arrivals (a gap, not a zero). */
  values: (number | null)[]
  dashed: boolean
}

export interface ChartSpec {
  id: 'service-level' | 'asa' | 'abandon-rate' | 'occupancy'
  title: string
  /** How a value reads on the axis and in the legend. */
  unit: 'percent' | 'seconds'
  series: ChartSeries[]
}

export interface ChartData {
  /** Interval starts, hours from the simulation's start. */
  hours: number[]
  charts: ChartSpec[]
}

/** Arrivals per hour at `hour` from the start: the constant rate, or the profile's rate for that time of day. */
export function rateAt(settings: SimSettings, hour: number): number {
  if (settings.arrivalsPerHour !== undefined) return settings.arrivalsPerHour
  const profile = settings.arrivalProfile
  if (!profile) return 0
  const minuteOfDay = (hour * 60) % 1440
  return profile.arrivalsPerHour[Math.floor(minuteOfDay / profile.intervalMinutes)] ?? 0
}

const whenOffered = (i: SimulationInterval, value: number) => (i.offered > 0 ? value : null)

export function chartData(runs: readonly SimRun[], settings: SimSettings): ChartData {
  const first = runs[0]?.result.intervals ?? []
  const hours = first.map((i) => i.start / 3_600_000)
  const perRun = (pick: (i: SimulationInterval) => number | null): ChartSeries[] =>
    runs.map((run) => ({ label: run.label, values: run.result.intervals.map(pick), dashed: false }))
  // Erlang at each interval's rate (its midpoint, so a profile's step is read inside the interval)
  const width = settings.intervalMinutes / 60
  const erlang = hours.map((h) => {
    const rate = rateAt(settings, h + width / 2)
    return rate > 0 ? erlangFigures(settings, rate) : undefined
  })
  const erlangSeries = (
    label: string,
    pick: (f: NonNullable<(typeof erlang)[number]>) => number | undefined,
  ) => ({
    label,
    values: erlang.map((f) => (f ? (pick(f) ?? null) : null)),
    dashed: true,
  })
  return {
    hours,
    charts: [
      {
        id: 'service-level',
        title: `Service level (${settings.serviceLevelSeconds} s, of offered)`,
        unit: 'percent',
        series: [
          ...perRun((i) => whenOffered(i, i.serviceLevel)),
          erlangSeries('Erlang C', (f) => f.erlangC?.serviceLevel),
        ],
      },
      {
        id: 'asa',
        title: 'Average speed of answer',
        unit: 'seconds',
        series: [
          ...perRun((i) => (i.answered > 0 ? i.asa : null)),
          erlangSeries('Erlang C', (f) => f.erlangC?.asa),
        ],
      },
      {
        id: 'abandon-rate',
        title: 'Abandon rate',
        unit: 'percent',
        series: [
          ...perRun((i) => whenOffered(i, i.abandoned / i.offered)),
          ...(settings.patienceSeconds !== undefined
            ? [erlangSeries('Erlang A', (f) => f.erlangA?.abandonRate)]
            : []),
        ],
      },
      {
        id: 'occupancy',
        title: 'Occupancy',
        unit: 'percent',
        series: perRun((i) => i.occupancy),
      },
    ],
  }
}

/** `83.4%`, `12.3 s`, `–` for a gap. */
export function formatValue(value: number | null | undefined, unit: ChartSpec['unit']): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–'
  return unit === 'percent' ? `${(value * 100).toFixed(1)}%` : `${value.toFixed(1)} s`
}

/** `09:30` for 9.5 hours from the start (day 2 shows as `d2 09:30`). */
export function formatHour(hour: number): string {
  const day = Math.floor(hour / 24)
  const minutes = Math.round((hour - day * 24) * 60)
  const text = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
  return day > 0 ? `d${day + 1} ${text}` : text
}
