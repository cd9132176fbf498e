// Measuring helpers shared by the runtime's benchmarks: CPU time, percentiles, heap after a full collection.
import v8 from 'node:v8'
import vm from 'node:vm'

// the figure shape, CPU clock and percentile of every benchmark, under the names these benches use
export { type BenchFigure as BenchRow, cpuMs as cpu, percentile } from '../../../bench/result.ts'

import { cpuMs as cpu } from '../../../bench/result.ts'

export function round(n: number, digits = 3): number {
  const f = 10 ** digits
  return Math.round(n * f) / f
}

let collect: (() => void) | undefined
/** A full garbage collection (the flag is set at run time, so the benchmark needs no node option). */
export function gc(): void {
  if (!collect) {
    v8.setFlagsFromString('--expose-gc')
    collect = vm.runInNewContext('gc') as () => void
  }
  collect()
  collect()
}

/** Bytes of heap and array buffers in use after a full collection (typed arrays' numbers live outside the heap). */
export function heapUsed(): number {
  gc()
  const usage = process.memoryUsage()
  return usage.heapUsed + usage.arrayBuffers
}

/** Runs `step` in batches until `budgetMs` of CPU passed; returns steps per CPU-second. */
export function perCpuSecond(budgetMs: number, step: () => void): number {
  let n = 0
  const start = cpu()
  while (cpu() - start < budgetMs) {
    for (let k = 0; k < 100; k++) step()
    n += 100
  }
  return (n * 1000) / (cpu() - start)
}
