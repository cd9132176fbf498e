// One uPlot chart of report series over the period's intervals (counts, a ratio or seconds).
import { useEffect, useRef } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import { formatValue } from '../simulation/chart-data.ts'
import { type ChartUnit, mountChart, valueAxis, valueScale } from '../simulation/uplot-chart.ts'
import { pointLabel, timeAxisLabels } from './report-series.ts'

const COLORS = ['#2f6fde', '#2e9d5b', '#d1495b'] as const

export interface ReportChartProps {
  id: string
  title: string
  x: readonly number[]
  series: ReadonlyArray<{ label: string; values: ReadonlyArray<number | null> }>
  unit: ChartUnit
  /** The report's zone: the axis and the legend read its clock, as the tables do (not the browser's). */
  timeZone: string
}

function format(value: number | null, unit: ReportChartProps['unit']): string {
  if (unit === 'count') return value === null ? '–' : String(value)
  return formatValue(value, unit)
}

export function ReportChart({ id, title, x, series, unit, timeZone }: ReportChartProps) {
  const holder = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const element = holder.current
    if (!element) return
    return mountChart(
      element,
      {
        scales: { x: { time: true }, y: valueScale(unit) },
        // ticks fall on the zone's round times; their labels come from Intl on the true instants (a Date shifted
        // into the browser's zone cannot hold a wall time the browser's own clock skips)
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), timeZone),
        axes: [
          {
            values: (_u, ticks) => {
              const labels = timeAxisLabels(ticks, timeZone)
              element.dataset.ticks = labels.join('|')
              return labels
            },
          },
          valueAxis(unit),
        ],
        legend: { live: true },
        series: [
          { value: (_u: uPlot, v: number | null) => (v === null ? '–' : pointLabel(v, timeZone)) },
          ...series.map((s, i) => ({
            label: s.label,
            stroke: COLORS[i % COLORS.length] ?? '#2f6fde',
            width: 2,
            spanGaps: false,
            value: (_u: uPlot, v: number | null) => format(v, unit),
          })),
        ],
      },
      [x as number[], ...series.map((s) => s.values as (number | null)[])] as uPlot.AlignedData,
    )
  }, [x, series, unit, timeZone])
  return (
    <figure className="rw-reports__chart" data-testid={`report-chart-${id}`} data-points={x.length}>
      <figcaption>{title}</figcaption>
      <div ref={holder} />
    </figure>
  )
}
