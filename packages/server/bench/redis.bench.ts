// Several `serve --redis` processes on one real redis-server: throughput and CPU per routed interaction (submit,
// confirm, complete over HTTP) with 1, 2 and 4 processes, beside the embedded router doing the same lifecycle in
// this process; and submit -> routed latency over HTTP+SSE through a process on Redis, at the serve bench's rate
// (ROUTEWRIGHT_BENCH_SERVE_RATE, 1,000/s unless set; each figure's name says the rate its run offered).
import { rmSync, writeFileSync } from 'node:fs'
import { startRedisServer } from '@routewright/node-support/testing'
import { createRealClock, createRouter } from '@routewright/strategy-runtime'
import { loadWorkspace } from '@routewright/strategy-runtime/node'
import { createClient } from 'redis'
import { type BenchFigure, cpuMs } from '../../../bench/result.ts'
import { driveCluster } from '../test/cluster-ledger.ts'
import { clusterWorkspace } from '../test/cluster-workspace.ts'
import { startServeProcess } from '../test/serve-process.ts'
import {
  type LoadOptions,
  measureServe,
  perSecond,
  SERVE_NODE_FLAGS,
  workspaceFolder,
} from './serve.bench.ts'

const AGENTS = 100
const COUNT = Number(process.env.ROUTEWRIGHT_BENCH_REDIS_INTERACTIONS ?? 2000)
/** `ROUTEWRIGHT_BENCH_REDIS_LATENCY_ONLY=1`: only the latency run (profiling or tracing its serve process). */
const LATENCY_ONLY = process.env.ROUTEWRIGHT_BENCH_REDIS_LATENCY_ONLY === '1'
/** `ROUTEWRIGHT_BENCH_REDIS_COMMANDSTATS=<file>`: Redis's INFO commandstats after the latency run, written there. */
const COMMANDSTATS_FILE = process.env.ROUTEWRIGHT_BENCH_REDIS_COMMANDSTATS
/** `ROUTEWRIGHT_BENCH_REDIS_SUBMITS_ONLY=1` (with LATENCY_ONLY): the submit-only latency run, no finish rounds. */
const SUBMITS_ONLY = process.env.ROUTEWRIGHT_BENCH_REDIS_SUBMITS_ONLY === '1'
/**
 * `ROUTEWRIGHT_BENCH_REDIS_FINISH_RATE=<n>`: the finish rounds' submits per second (unset: the serve bench's rate,
 * 1,000 unless ROUTEWRIGHT_BENCH_SERVE_RATE says otherwise); on a loaded host serve keeps up (one commit per
 * request, the commit linger's case) only below 1,000.
 */
const FINISH_RATE =
  process.env.ROUTEWRIGHT_BENCH_REDIS_FINISH_RATE === undefined
    ? undefined
    : Number(process.env.ROUTEWRIGHT_BENCH_REDIS_FINISH_RATE)
if (FINISH_RATE !== undefined && (!Number.isInteger(FINISH_RATE) || FINISH_RATE < 1 || FINISH_RATE > 10_000))
  throw new Error(
    `ROUTEWRIGHT_BENCH_REDIS_FINISH_RATE is submits per second from 1 to 10000 (got ${process.env.ROUTEWRIGHT_BENCH_REDIS_FINISH_RATE})`,
  )

/** The same interactions through createRouter: submit, confirm on routed, complete on connected. */
async function embeddedLifecycle(dir: string): Promise<number> {
  const workspace = await loadWorkspace(dir)
  const todo: Array<() => void> = []
  const router = createRouter({
    ...workspace,
    clock: createRealClock(),
    onEvent: (event) => {
      if (event.type === 'routed') todo.push(() => router.confirmReservation(event.interaction))
      else if (event.type === 'finished' && event.outcome === 'routed')
        todo.push(() => router.complete(event.interaction))
    },
  })
  for (let i = 0; i < AGENTS; i++) router.agentEvent({ agent: `a${i}`, state: 'ready' })
  const before = cpuMs()
  for (let i = 0; i < COUNT; i++) {
    router.submit({ id: `i${i}`, strategy: 'support', media: i % 4 === 3 ? 'chat' : 'voice' })
    while (todo.length > 0) todo.shift()!()
  }
  const cpu = cpuMs() - before
  router.stop()
  return cpu / COUNT
}

async function cluster(processes: number, dir: string, rules: Parameters<typeof driveCluster>[0]['rules']) {
  const redis = await startRedisServer()
  const args = ['--redis', redis.url, '--log-level', 'warn']
  const started = [await startServeProcess(dir, args, SERVE_NODE_FLAGS)]
  for (let i = 1; i < processes; i++) started.push(await startServeProcess(dir, args, SERVE_NODE_FLAGS))
  const probe = createClient({ url: redis.url })
  probe.on('error', () => {})
  await probe.connect()
  try {
    const urls = started.map((p) => p.url)
    const report = await driveCluster({
      urls: () => urls,
      streamUrl: urls[urls.length - 1]!,
      count: COUNT,
      inFlight: 24,
      rules,
      timeoutMs: 120_000,
      // redis-server's own CPU (user + system), so the figure is the whole deployment's
      redisCpu: async () => {
        const info = await probe.info('cpu')
        const field = (name: string) => Number(new RegExp(`^${name}:(\\S+)`, 'm').exec(info)?.[1])
        return field('used_cpu_user') + field('used_cpu_sys')
      },
    })
    if (report.completed < COUNT || report.overCapacity.length > 0)
      throw new Error(`cluster of ${processes}: ${JSON.stringify({ ...report, cpuSeconds: undefined })}`)
    const cpu = report.cpuSeconds.reduce((a, b) => a + b, 0)
    return {
      rate: COUNT / report.seconds,
      cpuMsPerRouted: (cpu * 1000) / COUNT,
      redisCpuMsPerRouted: ((report.redisCpuSeconds ?? Number.NaN) * 1000) / COUNT,
    }
  } finally {
    await probe.close()
    await Promise.all(started.map((p) => p.kill('SIGKILL')))
    await redis.stop()
  }
}

/**
 * The issue's figure: HTTP submit -> routed event at the offered rate through a serve process on a fresh
 * redis-server, each interaction confirmed and completed as a host would, one request per command or batched (POST
 * /v1/commands); with the load generator's own lag beside it, so a slow figure can be told from a load generator
 * that fell behind.
 */
async function issueLatency(dir: string, load: LoadOptions): Promise<BenchFigure[]> {
  const redis = await startRedisServer()
  const probe = createClient({ url: redis.url })
  probe.on('error', () => {})
  await probe.connect()
  try {
    let redisCpuBefore = 0
    const served = await measureServe(
      dir,
      ['--redis', redis.url],
      async () => {
        await probe.configResetStat()
        redisCpuBefore = await redisCpuSeconds(probe)
      },
      true,
      load,
    )
    const redisCpuMs = (((await redisCpuSeconds(probe)) - redisCpuBefore) * 1000) / served.submitted
    // commits from the first submit on: what batching the requests does to them is half of its CPU story
    const [, calls = 'NaN'] = /^cmdstat_evalsha:calls=(\d+)/m.exec(await probe.info('commandstats')) ?? []
    const commits = Number(calls) / served.submitted
    const redisKb = (await redisInputBytes(probe)) / 1024 / served.submitted
    const how = load.batch ? 'batched (POST /v1/commands)' : 'one request per command'
    // the rate the load generator offered (the serve bench's when `load` names none), not the one it was meant to
    const rate = perSecond(served.offered)
    process.stdout.write(
      `redis latency, ${how}: ${JSON.stringify({ ...served, commits, redisKb, redisCpuMs })}\n`,
    )
    const gc = served.gc!
    return [
      {
        name: `HTTP submit -> routed p99 with Redis at ${rate}, ${how}`,
        value: served.p99,
        unit: 'ms',
        target: 5,
      },
      {
        name: `HTTP submit -> routed p50 with Redis at ${rate}, ${how}`,
        value: served.p50,
        unit: 'ms',
        target: 5,
      },
      {
        name: `HTTP submit (from when due) -> routed p99 with Redis at ${rate}, ${how}`,
        value: served.dueP99,
        unit: 'ms',
        target: 5,
      },
      {
        name: `routed per second with Redis at ${rate} offered, ${how} (kept up: >= 98 %)`,
        value: served.rate,
        unit: 'interactions/s',
        target: served.offered * 0.98,
      },
      {
        name: `server CPU per interaction with Redis at ${rate}, ${how}`,
        value: served.cpuMsPerRouted,
        unit: 'ms CPU',
        target: 1,
      },
      // the load generator shares the machine: its loop's delay is added to every figure it times
      {
        name: `load generator's own event-loop delay p99 in that run, ${how}`,
        value: served.loader.delayP99,
        unit: 'ms',
        target: 1,
      },
      // its own GC inside the timed run would be in the figures too: runLoad keeps it out (0 when it did)
      {
        name: `load generator's own longest GC pause in that run, ${how}`,
        value: served.loaderGc?.longestMs ?? Number.NaN,
        unit: 'ms',
        target: 1,
      },
      {
        name: `load generator: submits written late after due, p99, in that run, ${how}`,
        value: served.loader.sendLateP99,
        unit: 'ms',
        target: 1,
      },
      // nearly load-independent, unlike the CPU and the latency: the figure to compare builds by on a busy host
      {
        name: `bytes allocated in the young generation per interaction (warm-up included), ${how}`,
        value: gc.allocatedBytes / 1024 / served.submitted,
        unit: 'KB',
        target: 40,
      },
      {
        name: `bytes copied by scavenges per interaction (${gc.scavenges} scavenges), ${how}`,
        value: gc.copiedBytes / 1024 / served.submitted,
        unit: 'KB',
        target: 4,
      },
      {
        name: `commits (EVALSHA) per interaction (warm-up included), ${how}`,
        value: commits,
        unit: 'commits',
        target: 1.5,
      },
      // load-independent: what serve sends Redis per interaction (commits, statistics windows, lease, reads)
      {
        name: `redis-server CPU per interaction (warm-up included), ${how}`,
        value: redisCpuMs,
        unit: 'ms CPU',
        target: 0.3,
      },
      {
        name: `bytes Redis received per interaction (warm-up included), ${how}`,
        value: redisKb,
        unit: 'KB',
        target: 3,
      },
    ]
  } finally {
    await probe.close()
    await redis.stop()
  }
}

/** redis-server's own CPU so far (user + system, INFO cpu), in seconds. */
async function redisCpuSeconds(probe: { info(section: string): Promise<string> }): Promise<number> {
  const info = await probe.info('cpu')
  const field = (name: string) => Number(new RegExp(`^${name}:(\\S+)`, 'm').exec(info)?.[1])
  return field('used_cpu_user') + field('used_cpu_sys')
}

/** What redis-server read from its clients since the last CONFIG RESETSTAT (INFO stats), this probe's own included. */
export async function redisInputBytes(probe: { info(section: string): Promise<string> }): Promise<number> {
  const [, bytes = 'NaN'] = /^total_net_input_bytes:(\d+)/m.exec(await probe.info('stats')) ?? []
  return Number(bytes)
}

export async function runRedisBench(): Promise<BenchFigure[]> {
  const workspace = clusterWorkspace(AGENTS)
  const latencyDir = workspaceFolder()
  try {
    const embedded = LATENCY_ONLY ? Number.NaN : await embeddedLifecycle(workspace.dir)
    const figures: BenchFigure[] = LATENCY_ONLY
      ? []
      : [
          {
            name: 'embedded router: CPU per interaction (submit, confirm, complete; same run)',
            value: embedded,
            unit: 'ms CPU',
            target: 0.1,
          },
        ]
    for (const n of LATENCY_ONLY ? [] : [1, 2, 4]) {
      const measured = await cluster(n, workspace.dir, workspace.rules)
      // shown now: a latency run that fails later (a loaded host) drops the file's figures from the results
      process.stdout.write(`redis x${n}: ${JSON.stringify({ embedded, ...measured })}\n`)
      figures.push(
        {
          name: `redis x${n}: interactions completed over HTTP`,
          value: measured.rate,
          unit: 'interactions/s',
          target: 500,
        },
        {
          name: `redis x${n}: CPU per interaction (all serve processes)`,
          value: measured.cpuMsPerRouted,
          unit: 'ms CPU',
          target: 5,
          ratio: measured.cpuMsPerRouted / embedded,
        },
        {
          name: `redis x${n}: CPU per interaction (serve processes + redis-server)`,
          value: measured.cpuMsPerRouted + measured.redisCpuMsPerRouted,
          unit: 'ms CPU',
          target: 5,
          ratio: (measured.cpuMsPerRouted + measured.redisCpuMsPerRouted) / embedded,
        },
      )
    }
    const redis = await startRedisServer()
    const probe = createClient({ url: redis.url })
    probe.on('error', () => {})
    await probe.connect()
    try {
      // Redis's own time in the commit script, from the first submit on (the agents' setup is not counted)
      const served = await measureServe(
        latencyDir,
        ['--redis', redis.url],
        async () => {
          await probe.configResetStat()
        },
        true,
      )
      // the submit-only run's whole measurement (CPU per interaction included) for A/B scripts to read
      process.stdout.write(`redis latency, submits only: ${JSON.stringify(served)}\n`)
      const stats = await probe.info('commandstats')
      // the script's own commands are counted there too (cmdstat_hset ...): where a commit's time goes
      if (COMMANDSTATS_FILE) writeFileSync(COMMANDSTATS_FILE, stats)
      const [, calls = 'NaN', usec = 'NaN'] = /^cmdstat_evalsha:calls=(\d+),usec=(\d+)/m.exec(stats) ?? []
      const [, xadds = '0'] = /^cmdstat_xadd:calls=(\d+)/m.exec(stats) ?? []
      const inputBytes = await redisInputBytes(probe)
      const rate = perSecond(served.offered)
      figures.push(
        {
          name: `redis x1: submit -> routed event p50 (HTTP+SSE, ${rate})`,
          value: served.p50,
          unit: 'ms',
          target: 5,
        },
        {
          name: `redis x1: submit -> routed event p99 (HTTP+SSE, ${rate})`,
          value: served.p99,
          unit: 'ms',
          target: 5,
        },
        {
          name: "redis x1: the load generator's own event-loop delay p99 in the latency run",
          value: served.loader.delayP99,
          unit: 'ms',
          target: 1,
        },
        {
          name: "redis x1: the load generator's own longest GC pause in the latency run",
          value: served.loaderGc?.longestMs ?? Number.NaN,
          unit: 'ms',
          target: 1,
        },
        {
          name: `redis x1: routed per second at ${rate} offered (kept up: >= 98 %)`,
          value: served.rate,
          unit: 'interactions/s',
          target: served.offered * 0.98,
        },
        // how long each commit holds Redis (every other command waits behind it), and how many there are
        {
          name: `redis x1: Redis time per commit script call at ${rate} (EVALSHA, INFO commandstats)`,
          value: Number(usec) / Number(calls),
          unit: 'us',
          target: 100,
        },
        {
          name: `redis x1: commits per submitted interaction at ${rate}`,
          value: Number(calls) / served.submitted,
          unit: 'commits',
          target: 1.5,
        },
        // what each interaction costs Redis whatever the batching (commits per interaction move with the load)
        {
          name: `redis x1: Redis time in commit scripts per submitted interaction at ${rate}`,
          value: Number(usec) / served.submitted,
          unit: 'us',
          target: 100,
        },
        {
          name: `redis x1: bytes Redis received per submitted interaction at ${rate} (submits only)`,
          value: inputBytes / 1024 / served.submitted,
          unit: 'KB',
          target: 2,
        },
        {
          name: `redis x1: event stream entries (XADD) per submitted interaction at ${rate}`,
          value: Number(xadds) / served.submitted,
          unit: 'entries',
          target: 1,
        },
      )
      // what the slow 1 % waits behind: the server's scavenges from the first submit on (warm-up included)
      const gc = served.gc!
      figures.push(
        {
          name: `redis x1: bytes copied by scavenges per submitted interaction (${gc.scavenges} scavenges, ${gc.markCompacts} full GCs)`,
          value: gc.copiedBytes / 1024 / served.submitted,
          unit: 'KB',
          target: 4,
        },
        {
          name: 'redis x1: bytes allocated in the young generation per submitted interaction',
          value: gc.allocatedBytes / 1024 / served.submitted,
          unit: 'KB',
          target: 40,
        },
        {
          name: 'redis x1: scavenge pause, middle one',
          value: gc.pauseMedianMs,
          unit: 'ms',
          target: 2,
        },
        {
          name: 'redis x1: scavenge pause, longest',
          value: gc.pauseMaxMs,
          unit: 'ms',
          target: 4,
        },
      )
    } finally {
      await probe.close()
      await redis.stop()
    }
    if (SUBMITS_ONLY) return figures
    // alternating, so the machine's load falls on both alike
    const rate = FINISH_RATE === undefined ? {} : { rate: FINISH_RATE }
    figures.push(...(await issueLatency(latencyDir, { finish: true, ...rate })))
    figures.push(...(await issueLatency(latencyDir, { finish: true, batch: true, ...rate })))
    return figures
  } finally {
    workspace.remove()
    rmSync(latencyDir, { recursive: true, force: true })
  }
}
