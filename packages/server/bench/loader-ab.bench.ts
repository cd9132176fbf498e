// The measuring instrument against its older self: one serve build (this one, flags untouched), with Redis as in the
// redis benchmark's latency run (a fresh redis-server each run; every interaction submitted, confirmed and completed,
// or submitted only with ROUTEWRIGHT_BENCH_LOADER_AB_SUBMITS_ONLY=1),
// driven in alternating runs by this load generator (bench/serve-load.mjs with LOADER_NODE_FLAGS) and by the one
// ROUTEWRIGHT_BENCH_LOADER_AB_BASE names (an older serve-load.mjs, in a folder with its keep-alive-idle.mjs; run with
// ROUTEWRIGHT_BENCH_LOADER_AB_BASE_NODE_ARGS, default none, as runLoad ran it before). Off without that variable.
// ROUTEWRIGHT_BENCH_AB_ROUNDS pairs (default 3). Each run's p50/p99, the load generator's own event-loop delay and
// GC, and the load average are printed run by run; the figures are the medians of this / base.
// `npm run bench -- loader-ab`.
import { readFileSync, rmSync } from 'node:fs'
import { startRedisServer } from '@routewright/node-support/testing'
import { type BenchFigure, median } from '../../../bench/result.ts'
import { pairsCounted, runPairs } from './ab-pairs.ts'
import { benchCount, measureServe, perSecond, workspaceFolder } from './serve.bench.ts'

const BASE = process.env.ROUTEWRIGHT_BENCH_LOADER_AB_BASE
const BASE_NODE_ARGS = process.env.ROUTEWRIGHT_BENCH_LOADER_AB_BASE_NODE_ARGS ?? ''
const ROUNDS = benchCount('ROUTEWRIGHT_BENCH_AB_ROUNDS', 3)
const RATE = benchCount('ROUTEWRIGHT_BENCH_AB_RATE', 1000)
/** ROUTEWRIGHT_BENCH_LOADER_AB_SUBMITS_ONLY=1: submits only (a loaded machine's serve keeps up with fewer requests). */
const FINISH = process.env.ROUTEWRIGHT_BENCH_LOADER_AB_SUBMITS_ONLY !== '1'

interface RunFigures {
  p50: number
  p99: number
  dueP99: number
  cpuMs: number
  loaderDelayP99: number
  /** The load generator's CPU per interaction, ms. */
  loaderCpuMs: number
  /** The load generator's GC in the timed run (NaN from a load generator that does not report it). */
  loaderGcs: number
  loaderGcMajor: number
  loaderGcLongestMs: number
  loaderGcTotalMs: number
  /** The load generator's minor page faults in the timed run. */
  loaderPageFaults: number
}

/** One latency run of this serve build on a fresh redis-server, timed by this load generator or the base one. */
async function runOnce(dir: string, base: boolean): Promise<RunFigures> {
  if (base) {
    process.env.ROUTEWRIGHT_BENCH_LOADER = BASE
    process.env.ROUTEWRIGHT_BENCH_LOADER_NODE_ARGS = BASE_NODE_ARGS
  }
  const redis = await startRedisServer()
  try {
    const served = await measureServe(dir, ['--redis', redis.url], undefined, false, {
      finish: FINISH,
      rate: RATE,
    })
    return {
      p50: served.p50,
      p99: served.p99,
      dueP99: served.dueP99,
      cpuMs: served.cpuMsPerRouted,
      loaderDelayP99: served.loader.delayP99,
      loaderCpuMs: served.clientCpuMsPerRouted,
      loaderGcs: served.loaderGc?.count ?? Number.NaN,
      loaderGcMajor: served.loaderGc?.major ?? Number.NaN,
      loaderGcLongestMs: served.loaderGc?.longestMs ?? Number.NaN,
      loaderGcTotalMs: served.loaderGc?.totalMs ?? Number.NaN,
      loaderPageFaults: served.loaderGc?.pageFaults ?? Number.NaN,
    }
  } finally {
    delete process.env.ROUTEWRIGHT_BENCH_LOADER
    delete process.env.ROUTEWRIGHT_BENCH_LOADER_NODE_ARGS
    await redis.stop()
  }
}

export async function runLoaderAbBench(): Promise<BenchFigure[]> {
  if (!BASE) {
    process.stdout.write(
      'loader-ab: set ROUTEWRIGHT_BENCH_LOADER_AB_BASE to another serve-load.mjs to compare with; skipped\n',
    )
    return []
  }
  const dir = workspaceFolder()
  const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')
  try {
    const pairs = await runPairs(
      ROUNDS,
      async (which, round) => {
        const figures = await runOnce(dir, which === 'base')
        process.stdout.write(
          `loader-ab ${which} round ${round} (load ${load()}): ${JSON.stringify(figures)}\n`,
        )
        return figures
      },
      ({ which, round, why }) =>
        process.stdout.write(
          `loader-ab ${which} round ${round} (load ${load()}): did not finish, its pair left out: ${why}\n`,
        ),
    )
    const counted = pairsCounted(pairs)
    const rate = perSecond(RATE)
    const ratio = (key: keyof RunFigures) =>
      median(pairs.finished.map((pair) => pair.this[key] / pair.base[key]))
    return [
      {
        name: `submit -> routed p99 with Redis at ${rate}, this load generator / the base (median of ${counted})`,
        value: ratio('p99'),
        unit: 'ratio',
        target: 1,
      },
      {
        name: `submit -> routed p50 with Redis at ${rate}, this load generator / the base (median of ${counted})`,
        value: ratio('p50'),
        unit: 'ratio',
        target: 1,
      },
      {
        name: `load generator's own longest GC pause in the timed run, this one (median of ${counted})`,
        value: median(pairs.finished.map((pair) => pair.this.loaderGcLongestMs)),
        unit: 'ms',
        target: 1,
      },
    ]
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
