// One uPlot line chart of a simulation figure over time; uPlot draws on a canvas, so thousands of points stay fast.
import { useEffect, useRef } from 'react'
import type uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import { type ChartSpec, formatHour, formatValue } from './chart-data.ts'
import { mountChart, valueAxis, valueScale } from './uplot-chart.ts'

/** Line colours by version (first, second) and for Erlang's reference line. */
const VERSION_COLORS = ['#2f6fde', '#d1495b'] as const
const ERLANG_COLOR = '#6b7587'

export function SimChart({ hours, spec }: { hours: readonly number[]; spec: ChartSpec }) {
  const holder = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const element = holder.current
    if (!element) return
    let versions = 0
    const series: uPlot.Series[] = [
      { label: 'time', value: (_u, v) => (v === null ? '–' : formatHour(v)) },
      ...spec.series.map((s) => {
        const color: string = s.dashed ? ERLANG_COLOR : VERSION_COLORS[versions++ === 0 ? 0 : 1]
        return {
          label: s.label,
          stroke: color,
          width: s.dashed ? 1.5 : 2,
          ...(s.dashed ? { dash: [6, 4] } : {}),
          spanGaps: false,
          value: (_u: uPlot, v: number | null) => formatValue(v, spec.unit),
        }
      }),
    ]
    return mountChart(
      element,
      {
        scales: { x: { time: false }, y: valueScale(spec.unit) },
        axes: [{ values: (_u, ticks) => ticks.map(formatHour), size: 28 }, valueAxis(spec.unit)],
        legend: { live: true },
        cursor: { drag: { x: true, y: false } },
        series,
      },
      [hours as number[], ...spec.series.map((s) => s.values as (number | null)[])] as uPlot.AlignedData,
    )
  }, [hours, spec])
  return (
    <figure className="rw-sim__chart" data-testid={`sim-chart-${spec.id}`} data-points={hours.length}>
      <figcaption>{spec.title}</figcaption>
      <div ref={holder} />
    </figure>
  )
}
