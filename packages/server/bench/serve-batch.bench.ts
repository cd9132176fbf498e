// serve at the serve bench's rate (1,000 interactions per second unless ROUTEWRIGHT_BENCH_SERVE_RATE says), each
// submitted, confirmed and completed (three commands), sent one HTTP request per command or batched as a busy
// platform sends them (POST /v1/commands: what its event loop has at hand in one turn): the server's CPU per
// interaction and submit -> routed p50/p99, unbatched and batched alternating (A B A B ...) in one run, each run on
// a fresh serve process, so the machine's load falls on both alike.
import { rmSync } from 'node:fs'
import { type BenchFigure, median } from '../../../bench/result.ts'
import { measureServe, perSecond, workspaceFolder } from './serve.bench.ts'

/** Unbatched / batched pairs. */
const PAIRS = 3

export async function runServeBatchBench(): Promise<BenchFigure[]> {
  const dir = workspaceFolder()
  try {
    const runs: Record<'single' | 'batch', Array<Awaited<ReturnType<typeof measureServe>>>> = {
      single: [],
      batch: [],
    }
    for (let pair = 0; pair < PAIRS; pair++)
      for (const mode of pair % 2 === 0 ? (['single', 'batch'] as const) : (['batch', 'single'] as const))
        runs[mode].push(
          await measureServe(dir, [], undefined, false, { finish: true, batch: mode === 'batch' }),
        )
    // every pair's own figures, for the A/B ratios within the minute they ran in
    process.stderr.write(`serve-batch pairs: ${JSON.stringify(runs)}\n`)
    const mid = (
      mode: 'single' | 'batch',
      key: 'cpuMsPerRouted' | 'p50' | 'p99' | 'dueP50' | 'dueP99' | 'requestsPerInteraction',
    ) => median(runs[mode].map((run) => run[key]))
    const figure = (
      name: string,
      key: 'cpuMsPerRouted' | 'p50' | 'p99' | 'dueP50' | 'dueP99',
      unit: string,
      target: number,
    ) => [
      { name: `${name}, one request per command`, value: mid('single', key), unit, target },
      {
        name: `${name}, batched (POST /v1/commands)`,
        value: mid('batch', key),
        unit,
        target,
        ratio: mid('batch', key) / mid('single', key),
      },
    ]
    // the rate the runs offered, in the names: a run at another rate is not read as one at 1,000/s
    const rate = perSecond(runs.single[0]!.offered)
    return [
      ...figure(
        `serve: server CPU per interaction (submit, confirm, complete; ${rate})`,
        'cpuMsPerRouted',
        'ms CPU',
        1,
      ),
      ...figure(`serve: submit -> routed p50 with confirms and completes (${rate})`, 'p50', 'ms', 5),
      ...figure(`serve: submit -> routed p99 with confirms and completes (${rate})`, 'p99', 'ms', 5),
      // from when each submit was due: unbatched, a submit waiting for one of the 64 connections waits outside the
      // server, which the figures from its write leave out once the server falls behind
      ...figure(`serve: submit (due) -> routed p50 with confirms and completes (${rate})`, 'dueP50', 'ms', 5),
      ...figure(`serve: submit (due) -> routed p99 with confirms and completes (${rate})`, 'dueP99', 'ms', 5),
      // the load generator's own lag in those runs: its loop's delay is in every figure it times
      ...(['single', 'batch'] as const).map((mode) => ({
        name: `serve: load generator's own event-loop delay p99, ${mode === 'batch' ? 'batched' : 'one request per command'}`,
        value: median(runs[mode].map((run) => run.loader.delayP99)),
        unit: 'ms',
        target: 1,
      })),
      ...(['single', 'batch'] as const).map((mode) => ({
        name: `serve: load generator's own longest GC pause, ${mode === 'batch' ? 'batched' : 'one request per command'}`,
        value: median(runs[mode].map((run) => run.loaderGc?.longestMs ?? Number.NaN)),
        unit: 'ms',
        target: 1,
      })),
      {
        name: 'serve: HTTP requests per interaction, batched (unbatched: 3)',
        value: mid('batch', 'requestsPerInteraction'),
        unit: 'requests',
        target: 3,
      },
    ]
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
