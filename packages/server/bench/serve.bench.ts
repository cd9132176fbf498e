// routewright serve on loopback, one process: interactions submitted over HTTP at 1,000 per second (open loop) by a
// separate load-generator process (serve-load.mjs), latency from sending the submit to receiving its `routed` event
// on the SSE stream (p50/p99), and the server process's CPU per routed interaction (from its /metrics), side by side
// with the embedded router making the same decisions in this process. The server runs the built CLI in a child
// process, so its CPU is its own.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createRealClock, createRouter, type RouterEvent } from '@routewright/strategy-runtime'
import { loadWorkspace } from '@routewright/strategy-runtime/node'
import { type BenchFigure, cpuMs, percentile } from '../../../bench/result.ts'
import { startServeProcess } from '../test/serve-process.ts'
import { scavengeCost } from './gc-trace.ts'

/**
 * Node flags of the serve processes measured: none, Node's defaults (a young generation of 8 MB measured no better
 * on a quiet machine: see the server's docs/performance-log.md); `ROUTEWRIGHT_SERVE_NODE_ARGS` adds flags to try.
 */
export const SERVE_NODE_FLAGS: string[] = []

/** Timed submits (ROUTEWRIGHT_BENCH_SERVE_INTERACTIONS): a p99 over 3,000 was the longest single stall of 3 s. */
export const INTERACTIONS = benchCount('ROUTEWRIGHT_BENCH_SERVE_INTERACTIONS', 6000)
/**
 * Submitted first at the same rate, untimed, so the figures are those of a server that has been running
 * (ROUTEWRIGHT_BENCH_SERVE_WARMUP): after 300 the server's code was not yet optimised (0.67-0.77 ms CPU a submit
 * against 0.43-0.46 after 3,000, docs/performance-log.md).
 */
export const WARMUP = benchCount('ROUTEWRIGHT_BENCH_SERVE_WARMUP', 3000)
const AGENTS = INTERACTIONS + WARMUP
/**
 * Submits per second offered (ROUTEWRIGHT_BENCH_SERVE_RATE, default 1,000; the figures' names say the rate): on a loaded
 * host serve keeps up only below it, and a run that falls 30 s behind reports nothing, its allocation included.
 */
const RATE = benchCount('ROUTEWRIGHT_BENCH_SERVE_RATE', 1000)
/** A rate as the figures' names say it ("1,000/s"), so a run at another rate is not read as one at 1,000/s. */
export const perSecond = (rate: number): string => `${rate.toLocaleString('en-US')}/s`
const OFFERED = perSecond(RATE)

export function benchCount(name: string, fallback: number): number {
  const text = process.env[name]
  if (text === undefined) return fallback
  const n = Number(text)
  if (!Number.isInteger(n) || n < 1 || n > 100_000)
    throw new Error(`${name} must be a whole number from 1 to 100000, not ${text}`)
  return n
}

/**
 * serve's reservationTimeoutMs for the runs measured: longer than a run can take (the bench's 30-minute timeout), as
 * a submit-only run confirms nothing. At serve's 15 s default a run that outlasted it (3,000 + 3,000 at 250/s) had
 * its warm-up's agents go not-ready and those interactions re-routed to the agents of the timed ones, which queued:
 * 0 of 3,000 routed. The load generator ends a run in which serve takes back a reservation.
 */
export const RESERVATION_TIMEOUT_MS = 3_600_000

/** A temp folder of one `support` strategy over `agentCount` ready-able agents a0, a1 ... (the caller removes it). */
export function workspaceFolder(agentCount = AGENTS): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rw-serve-bench-'))
  const agents = Array.from({ length: agentCount }, (_, i) => `  a${i}: { groups: [support] }`).join('\n')
  writeFileSync(
    path.join(dir, 'bench.directory.yaml'),
    `directory: bench\nformat: 1\ngroups:\n  support: {}\nagents:\n${agents}\n`,
  )
  writeFileSync(
    path.join(dir, 'support.strategy.yaml'),
    'strategy: support\nformat: 1\nstart: pick\nnodes:\n  pick:\n    type: target\n    targets: [{ group: support }]\n    wait: 1h\n    next: { timeout: bye }\n  bye: { type: end, outcome: default-route }\n',
  )
  return dir
}

/** Keep-alive connections, bounded like a real host's pool (fetch would open one per request in flight). */
const pool = new Agent({ keepAlive: true, maxSockets: 64 })

function send(url: string, method: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        agent: pool,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

/**
 * Node flags of the load generator, the measuring instrument, which like wrk must not add pauses of its own to serve's
 * latency: `--expose-gc` lets it collect the warm-up's garbage before the timed run (a full GC of its, 81 ms once,
 * fell inside it: docs/performance-log.md pass 26), and a young generation of 128 MB holds what the timed run
 * allocates (6,000 interactions confirmed and completed at ~12.6 KB each: 76 MB) so no scavenge need fall inside it
 * either. serve's own flags are SERVE_NODE_FLAGS, untouched by these. `ROUTEWRIGHT_BENCH_LOADER_NODE_ARGS` replaces
 * them and `ROUTEWRIGHT_BENCH_LOADER` runs another load generator script (an A/B of the instrument itself).
 */
export const LOADER_NODE_FLAGS = ['--expose-gc', '--min-semi-space-size=128', '--max-semi-space-size=128']

/** The load generator's script and Node flags: ours, or those the environment names for an A/B of the instrument. */
function loaderCommand(): { script: string; flags: string[] } {
  const flags = process.env.ROUTEWRIGHT_BENCH_LOADER_NODE_ARGS
  return {
    script: process.env.ROUTEWRIGHT_BENCH_LOADER ?? path.join(import.meta.dirname, 'serve-load.mjs'),
    flags: flags === undefined ? LOADER_NODE_FLAGS : flags.split(/\s+/).filter((flag) => flag !== ''),
  }
}

/** What the load generator (serve-load.mjs, its own process) printed. */
export interface LoadReport {
  latencies: Array<number | null>
  /** From when each submit was due (open loop): a wait for a free connection counted too. */
  dueLatencies: Array<number | null>
  statuses: Record<string, number>
  /** Interactions confirmed and completed in the timed run (with `finish`). */
  finished: number
  /** HTTP requests of the timed run. */
  requests: number
  clientCpuMs: number
  serverCpuMs: number
  seconds: number
  /** The load generator's own lag (ms): its event loop's delay and how late it wrote each submit after it was due. */
  loop: { delayP50: number; delayP99: number; delayMax: number; sendLateP50: number; sendLateP99: number }
  /**
   * Its own GC in the timed run: pauses, the major ones (full or incremental marking), the longest and their sum (ms);
   * `collectedBefore` when it collected the warm-up's garbage first. Absent from an older load generator's report.
   */
  gc?: {
    collectedBefore: boolean
    count: number
    major: number
    longestMs: number
    totalMs: number
    /** Minor page faults in the timed run (fresh memory touched). */
    pageFaults: number
  }
}

/** serve-load.mjs's options beyond the url, counts and strategy. */
export interface LoadOptions {
  finish?: boolean
  batch?: boolean
  pid?: number
  rate?: number
}

/** Runs serve-load.mjs against `url` (more of its options in `extra`) and parses its one JSON line. */
export function runLoad(url: string, extra: LoadOptions = {}): Promise<LoadReport> {
  const loader = loaderCommand()
  const child = spawn(
    process.execPath,
    [
      ...loader.flags,
      loader.script,
      JSON.stringify({ url, count: INTERACTIONS, warmup: WARMUP, rate: RATE, strategy: 'support', ...extra }),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let out = ''
  let err = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk
  })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk
  })
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`the load generator exited ${code}: ${err.trim()}`))
      // a throw here would leave the bench waiting for its 30-minute timeout
      try {
        resolve(JSON.parse(out) as LoadReport)
      } catch (error) {
        reject(
          new Error(
            `the load generator's report is not JSON (${out.length} characters): ${(error as Error).message}`,
          ),
        )
      }
    })
  })
}

/** Puts every agent of workspaceFolder's directory in the ready state, 50 requests at a time. */
export async function readyAgents(url: string): Promise<void> {
  const put = (i: number) => send(`${url}/v1/agents/a${i}/state`, 'PUT', '{"state":"ready"}')
  for (let i = 0; i < AGENTS; i += 50) await Promise.all(Array.from({ length: 50 }, (_, k) => put(i + k)))
}

/**
 * Submits over HTTP at RATE per second from a separate load-generator process, which times each submit until its
 * routed event arrives on the stream; the server's CPU comes from its /metrics around the timed run.
 */
export async function measureServe(
  dir: string,
  extra: string[] = [],
  beforeLoad?: () => Promise<void>,
  /** Also what the server's scavenges cost from the first submit on (--trace-gc-nvp, read from its log). */
  gcTrace = false,
  /** Also confirm and complete each (`finish`), batched or not (`batch`). */
  loadOptions: LoadOptions = {},
) {
  // the cluster tests' starter: one way to spawn the built `serve` and read its URL
  const flags = gcTrace ? [...SERVE_NODE_FLAGS, '--trace-gc-nvp'] : SERVE_NODE_FLAGS
  const limits = JSON.stringify({ reservationTimeoutMs: RESERVATION_TIMEOUT_MS })
  const server = await startServeProcess(dir, ['--log-level', 'warn', '--limits', limits, ...extra], flags)
  // what the load generator schedules its submits at (open loop: submit i is due i / rate seconds after the first)
  const offered = loadOptions.rate ?? RATE
  try {
    await readyAgents(server.url)
    await beforeLoad?.()
    const logged = gcTrace ? statSync(server.log).size : 0
    const load = await runLoad(server.url, { ...loadOptions, rate: offered })
    const gc = gcTrace ? scavengeCost(readFileSync(server.log).subarray(logged).toString('utf8')) : undefined
    const latencies = load.latencies.filter((l): l is number => l !== null)
    if (latencies.length < INTERACTIONS)
      throw new Error(
        `only ${latencies.length} of ${INTERACTIONS} routed (answers ${JSON.stringify(load.statuses)})`,
      )
    if (load.statuses['201'] !== INTERACTIONS)
      throw new Error(`submits answered ${JSON.stringify(load.statuses)}, not ${INTERACTIONS} x 201`)
    const due = load.dueLatencies.filter((l): l is number => l !== null)
    if (loadOptions.finish && load.finished !== INTERACTIONS)
      throw new Error(`only ${load.finished} of ${INTERACTIONS} confirmed and completed`)
    return {
      p50: percentile(latencies, 0.5),
      p99: percentile(latencies, 0.99),
      /** Submits per second offered: the figures' names say this one, `rate` is what was reached. */
      offered,
      /** Routed per second reached: the timed submits over the time to the last one's routed event. */
      rate: INTERACTIONS / load.seconds,
      /** Submitted in all: the untimed warm-up and the timed ones. */
      submitted: WARMUP + INTERACTIONS,
      cpuMsPerRouted: load.serverCpuMs / INTERACTIONS,
      clientCpuMsPerRouted: load.clientCpuMs / INTERACTIONS,
      dueP50: percentile(due, 0.5),
      dueP99: percentile(due, 0.99),
      requestsPerInteraction: load.requests / INTERACTIONS,
      /** The load generator's own lag: a figure it was late to send or see is not the server's alone. */
      loader: load.loop,
      /** The load generator's own GC in the timed run (absent from an older one's report). */
      loaderGc: load.gc,
      gc,
    }
  } finally {
    await server.kill('SIGTERM')
  }
}

/** The same workspace, agents and submissions through createRouter in this process. */
export async function measureEmbedded(dir: string) {
  const workspace = await loadWorkspace(dir)
  let routedAt = 0
  const router = createRouter({
    ...workspace,
    clock: createRealClock(),
    onEvent: (event: RouterEvent) => {
      if (event.type === 'routed') routedAt = performance.now()
    },
  })
  for (let i = 0; i < AGENTS; i++) router.agentEvent({ agent: `a${i}`, state: 'ready' })
  for (let i = 0; i < WARMUP; i++) router.submit({ id: `w${i}`, strategy: 'support' })
  const latencies: number[] = []
  const cpuBefore = cpuMs()
  for (let i = 0; i < INTERACTIONS; i++) {
    const sent = performance.now()
    router.submit({ id: `i${i}`, strategy: 'support' })
    latencies.push(routedAt - sent)
  }
  const cpu = cpuMs() - cpuBefore
  router.stop()
  return {
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    cpuMsPerRouted: cpu / INTERACTIONS,
  }
}

export async function runServeBench(): Promise<BenchFigure[]> {
  const dir = workspaceFolder()
  try {
    const embedded = await measureEmbedded(dir)
    const served = await measureServe(dir)
    return [
      {
        name: `serve: submit -> routed event p50 (HTTP+SSE, ${OFFERED})`,
        value: served.p50,
        unit: 'ms',
        target: 5,
        ratio: served.p50 / embedded.p50,
      },
      {
        name: `serve: submit -> routed event p99 (HTTP+SSE, ${OFFERED})`,
        value: served.p99,
        unit: 'ms',
        target: 5,
        ratio: served.p99 / embedded.p99,
      },
      // the rate counts to the last routed event, so the last interaction's own latency keeps it a hair under RATE
      {
        name: `serve: routed per second at ${OFFERED} offered (kept up: >= 98 %)`,
        value: served.rate,
        unit: 'interactions/s',
        target: RATE * 0.98,
      },
      {
        name: 'serve: load generator CPU per interaction (its own process)',
        value: served.clientCpuMsPerRouted,
        unit: 'ms CPU',
        target: 1,
      },
      {
        name: 'serve: server CPU per routed interaction',
        value: served.cpuMsPerRouted,
        unit: 'ms CPU',
        target: 1,
        ratio: served.cpuMsPerRouted / embedded.cpuMsPerRouted,
      },
      {
        name: 'embedded router: submit -> routed p99 (same run)',
        value: embedded.p99,
        unit: 'ms',
        target: 1,
      },
      {
        name: 'embedded router: CPU per routed interaction (same run)',
        value: embedded.cpuMsPerRouted,
        unit: 'ms CPU',
        target: 0.1,
      },
    ]
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
