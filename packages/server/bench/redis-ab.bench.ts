// This build's serve against another build's, alternating, in the redis benchmark's latency run (a fresh
// redis-server each run, every interaction submitted, confirmed and completed over HTTP): serve's CPU per interaction,
// submit -> routed p50/p99, commits (EVALSHA) and redis-server CPU per interaction, the load generator's own lag and
// the load average, run by run. Off unless ROUTEWRIGHT_BENCH_AB_BASE names the other build's bin/routewright.mjs
// (a copy of its packages' dist folders: the server's docs/performance-log.md says how); ROUTEWRIGHT_BENCH_AB_ROUNDS
// pairs (default 3; a run that does not finish leaves its pair out, the bench failing only when no pair finished),
// ROUTEWRIGHT_BENCH_AB_RATE interactions a second (default 1,000: below it a loaded machine's serve keeps up, and its
// commits carry one command each, as on a quiet machine at 1,000/s). ROUTEWRIGHT_BENCH_AB_NODE_ARGS and
// ROUTEWRIGHT_BENCH_AB_BASE_NODE_ARGS give each side's serve Node flags (the base set to this build's own
// packages/cli/bin/routewright.mjs pairs one build under two flag sets, e.g. --max-semi-space-size=32 against
// none). Each run also reports the serve process's scavenges and the KB it allocated per interaction
// (--trace-gc-nvp). `npm run bench -- redis-ab`.
import { readFileSync, rmSync } from 'node:fs'
import { startRedisServer } from '@routewright/node-support/testing'
import { createClient } from 'redis'
import { type BenchFigure, median } from '../../../bench/result.ts'
import { type Pairs, pairsCounted, runPairs } from './ab-pairs.ts'
import { redisInputBytes } from './redis.bench.ts'
import { benchCount, INTERACTIONS, measureServe, perSecond, WARMUP, workspaceFolder } from './serve.bench.ts'

const BASE = process.env.ROUTEWRIGHT_BENCH_AB_BASE
const ROUNDS = benchCount('ROUTEWRIGHT_BENCH_AB_ROUNDS', 3)
const RATE = benchCount('ROUTEWRIGHT_BENCH_AB_RATE', 1000)
const NODE_ARGS = {
  this: process.env.ROUTEWRIGHT_BENCH_AB_NODE_ARGS,
  base: process.env.ROUTEWRIGHT_BENCH_AB_BASE_NODE_ARGS,
}

interface RunFigures {
  cpuMs: number
  p50: number
  p99: number
  commits: number
  redisCpuMs: number
  loaderDelayP99: number
  /** Scavenges in the timed run and its warm-up, a second; their middle and longest pause, ms. */
  scavengesPerS: number
  pauseMedianMs: number
  pauseMaxMs: number
  /** Scavenge pauses added up, ms a second of load. */
  pauseMsPerS: number
  /** KB the scavenges copied (survived + promoted) per submitted interaction. */
  copiedKb: number
  /** KB allocated in the young generation per submitted interaction. */
  allocatedKb: number
  /** KB redis-server read from its clients per submitted interaction (the probe's few commands included). */
  redisKb: number
}

/** One latency run of the build at `cli` (undefined: this one) on a fresh redis-server. */
async function runOnce(
  dir: string,
  cli: string | undefined,
  nodeArgs: string | undefined,
): Promise<RunFigures> {
  if (cli) process.env.ROUTEWRIGHT_SERVE_CLI = cli
  else delete process.env.ROUTEWRIGHT_SERVE_CLI
  if (nodeArgs) process.env.ROUTEWRIGHT_SERVE_NODE_ARGS = nodeArgs
  else delete process.env.ROUTEWRIGHT_SERVE_NODE_ARGS
  const redis = await startRedisServer()
  const probe = createClient({ url: redis.url })
  probe.on('error', () => {})
  try {
    await probe.connect()
    // redis-server's own CPU (user + system), from the agents being ready on: warm-up and timed run
    const redisCpu = async () => {
      const info = await probe.info('cpu')
      const field = (name: string) => Number(new RegExp(`^${name}:(\\S+)`, 'm').exec(info)?.[1])
      return field('used_cpu_user') + field('used_cpu_sys')
    }
    let before = 0
    const served = await measureServe(
      dir,
      ['--redis', redis.url],
      async () => {
        await probe.configResetStat()
        before = await redisCpu()
      },
      true,
      { finish: true, rate: RATE },
    )
    const submitted = WARMUP + INTERACTIONS
    const redisCpuMs = ((await redisCpu()) - before) * 1000
    const [, calls = 'NaN'] = /^cmdstat_evalsha:calls=(\d+)/m.exec(await probe.info('commandstats')) ?? []
    const redisKb = (await redisInputBytes(probe)) / 1024 / submitted
    return {
      cpuMs: served.cpuMsPerRouted,
      p50: served.p50,
      p99: served.p99,
      commits: Number(calls) / submitted,
      redisCpuMs: redisCpuMs / submitted,
      loaderDelayP99: served.loader.delayP99,
      // the whole run's seconds bound the load's: a rate, not a figure to compare across rates
      scavengesPerS: (served.gc?.scavenges ?? Number.NaN) / (submitted / RATE),
      pauseMedianMs: served.gc?.pauseMedianMs ?? Number.NaN,
      pauseMaxMs: served.gc?.pauseMaxMs ?? Number.NaN,
      pauseMsPerS: (served.gc?.pauseTotalMs ?? Number.NaN) / (submitted / RATE),
      copiedKb: (served.gc?.copiedBytes ?? Number.NaN) / submitted / 1024,
      allocatedKb: (served.gc?.allocatedBytes ?? Number.NaN) / submitted / 1024,
      redisKb,
    }
  } finally {
    await probe.close().catch(() => {})
    delete process.env.ROUTEWRIGHT_SERVE_CLI
    delete process.env.ROUTEWRIGHT_SERVE_NODE_ARGS
    await redis.stop()
  }
}

export async function runRedisAbBench(): Promise<BenchFigure[]> {
  if (!BASE) {
    process.stdout.write(
      'redis-ab: set ROUTEWRIGHT_BENCH_AB_BASE to another build to compare with; skipped\n',
    )
    return []
  }
  const dir = workspaceFolder()
  const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')
  let pairs: Pairs<RunFigures>
  try {
    pairs = await runPairs(
      ROUNDS,
      async (which, round) => {
        const figures = await runOnce(dir, which === 'base' ? BASE : undefined, NODE_ARGS[which])
        process.stdout.write(
          `redis-ab ${which} round ${round} (load ${load()}): ${JSON.stringify(figures)}\n`,
        )
        return figures
      },
      ({ which, round, why }) =>
        process.stdout.write(
          `redis-ab ${which} round ${round} (load ${load()}): did not finish, its pair left out: ${why}\n`,
        ),
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  const rate = perSecond(RATE)
  const counted = pairsCounted(pairs)
  return [
    {
      name: `serve CPU per interaction with Redis at ${rate}, this build / the base (median of ${counted})`,
      value: median(pairs.finished.map((pair) => pair.this.cpuMs / pair.base.cpuMs)),
      unit: 'ratio',
      target: 1,
    },
    {
      name: `serve submit -> routed p99 with Redis at ${rate}, this build / the base (median of ${counted})`,
      value: median(pairs.finished.map((pair) => pair.this.p99 / pair.base.p99)),
      unit: 'ratio',
      target: 1,
    },
  ]
}
