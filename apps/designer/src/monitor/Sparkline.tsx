// A small SVG area chart of one series (the live charts): no chart library, one path, redrawn only on new samples.
import { memo } from 'react'

export interface SparklineProps {
  values: ReadonlyArray<number | null>
  /** Fixed top of the scale (1 for a ratio); default the series' maximum. */
  max?: number
  width?: number
  height?: number
  label: string
  testId?: string
}

/** The area's outline as an SVG path, gaps (null) breaking it. Exported for tests. */
export function sparkPath(values: ReadonlyArray<number | null>, width: number, height: number, max?: number) {
  const top = max ?? Math.max(1, ...values.map((v) => v ?? 0))
  const step = values.length > 1 ? width / (values.length - 1) : width
  let line = ''
  let area = ''
  let run: string[] = []
  const close = () => {
    if (run.length === 0) return
    line += `M${run.join('L')}`
    const first = run[0]!.split(',')[0]
    const last = run.at(-1)!.split(',')[0]
    area += `M${first},${height}L${run.join('L')}L${last},${height}Z`
    run = []
  }
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      close()
      return
    }
    const y = height - (Math.min(v, top) / top) * (height - 1)
    run.push(`${(i * step).toFixed(1)},${y.toFixed(1)}`)
  })
  close()
  return { line, area }
}

export const Sparkline = memo(function Sparkline({
  values,
  max,
  width = 120,
  height = 28,
  label,
  testId,
}: SparklineProps) {
  const { line, area } = sparkPath(values, width, height, max)
  const last = values.at(-1)
  return (
    <svg
      className="rw-spark"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`${label}: ${values.length} samples, last ${last ?? 'none'}`}
      data-testid={testId}
      data-points={values.length}
    >
      <path d={area} className="rw-spark__area" />
      <path d={line} className="rw-spark__line" />
    </svg>
  )
})
