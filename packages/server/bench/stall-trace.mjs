// A light debugging preload for the serve latency runs: when each GC ran and when the event loop stalled, in epoch
// ms (comparable across processes), for serve and for the load generator alike. Load it in both with
// NODE_OPTIONS=--import=<this file> and ROUTEWRIGHT_STALL_TRACE=<prefix> (both inherit the bench's environment);
// each writes <prefix>-serve.json or <prefix>-loader.json at its exit ({ gcs: [[at, ms, kind]], stalls: [[at, ms]] },
// kind as PerformanceObserver's: 1 minor, 2 major, 4 incremental, 8 weak callbacks), so one latency run a prefix.
// A stall is a gap over 2.5 ms between ticks of a 1 ms interval. No async hooks: unlike loop-trace.mjs it hardly
// slows the process, so the run's slow submits stay the ones to explain (bench/tail-bursts.mjs joins the files).
import { writeFileSync } from 'node:fs'
import { PerformanceObserver, performance } from 'node:perf_hooks'

const prefix = process.env.ROUTEWRIGHT_STALL_TRACE
const role = process.argv[1]?.includes('serve-load')
  ? 'loader'
  : process.argv.includes('serve')
    ? 'serve'
    : undefined
if (prefix && role) {
  // epoch ms with performance.now()'s precision, set from the wall clock now (as core/submit-timing.ts does)
  const offset = Date.now() - performance.now()
  const gcs = []
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      gcs.push([offset + entry.startTime, entry.duration, entry.detail?.kind ?? 0])
  }).observe({ entryTypes: ['gc'] })
  const stalls = []
  let last = performance.now()
  setInterval(() => {
    const now = performance.now()
    if (now - last > 2.5) stalls.push([offset + last, now - last])
    last = now
  }, 1).unref()
  process.on('exit', () => writeFileSync(`${prefix}-${role}.json`, JSON.stringify({ gcs, stalls })))
}
