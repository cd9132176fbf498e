// The shape every benchmark returns, so one runner can print them all side by side, the CPU clock they read and the
// median and percentiles they report.

export interface BenchFigure {
  name: string
  value: number
  /** `ms`, `s`, `ops/s` ... Units with `/s` are throughputs: higher is better. */
  unit: string
  /** The figure the issue asks for. */
  target: number
  /** When the benchmark measured its own baseline (e.g. a hand-written function), value / baseline. */
  ratio?: number
  higherIsBetter?: boolean
}

export function isHigherBetter(figure: BenchFigure): boolean {
  return figure.higherIsBetter ?? figure.unit.includes('/s')
}

/** Whether the figure meets its target. */
export function meetsTarget(figure: BenchFigure): boolean {
  return isHigherBetter(figure) ? figure.value >= figure.target : figure.value <= figure.target
}

/** Milliseconds of CPU this process used (user + system): on a shared machine wall time measures the neighbours. */
export function cpuMs(): number {
  const usage = process.cpuUsage()
  return (usage.user + usage.system) / 1000
}

/** The middle of repeated measurements (the upper middle of an even count), NaN when there are none. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
}

/**
 * The `q` quantile (0 to 1: 0.99 for p99) of the measurements, with no interpolation: the value at zero-based index
 * floor(q * n) of the sorted values, the largest when that passes the end; so q = 0.5 is `median()`. NaN when there
 * are none. Every benchmark's p50/p95/p99 is this one definition.
 */
export function percentile(values: ArrayLike<number>, q: number): number {
  if (!(q >= 0 && q <= 1))
    throw new RangeError(`percentile(): q is a fraction from 0 to 1 (0.99 for p99), not ${q}`)
  const sorted = Array.from(values).sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN
}

/** Median microseconds per call of `fn` over `batches` timed batches of `perBatch` calls, after one warm-up batch. */
export function microsPerCall(fn: () => unknown, batches: number, perBatch: number): number {
  for (let i = 0; i < perBatch; i++) fn()
  const times: number[] = []
  for (let b = 0; b < batches; b++) {
    const start = performance.now()
    for (let i = 0; i < perBatch; i++) fn()
    times.push(((performance.now() - start) * 1000) / perBatch)
  }
  return median(times)
}
