// `npm run demo:sip -- --calls 200 --agents 10 --rate 2`: the whole real call path on loopback under seeded
// traffic, one summary line, and simulate's figures for the same traffic beside it. Stops all it started.
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { loadWorkspace } from '@routewright/strategy-runtime/node'
import { loadBuiltHistoryKit } from './history-kit.ts'
import { waitFor } from './processes.ts'
import { RETRY_AFTER_SECONDS } from './retry-after.ts'
import { startTelephonyStack, TELEPHONY_WORKSPACE, type TelephonyStack } from './stack.ts'
import { agrees, figuresOf, makeTraffic, simulateSameTraffic } from './traffic.ts'

const USAGE =
  'npm run demo:sip -- [--calls 200] [--agents 10] [--rate 2] [--hold 3.5] [--patience 15] [--ring 0.5] [--sl 5] [--retry-after none] [--seed 1]'

const OPTIONS = [
  ['calls', 'callers placed in all (default 200)'],
  ['agents', "agents, each a sipp phone, from the examples' directory (default 10)"],
  ['rate', 'calls per second, Poisson arrivals (default 2)'],
  ['hold', 'mean talk time in seconds, exponential (default 3.5)'],
  ['patience', 'mean seconds a caller waits before hanging up, exponential (default 15)'],
  ['ring', "seconds an agent's phone rings before answering (default 0.5)"],
  ['sl', 'T of the service level: answered within T seconds (default 5)'],
  ['retry-after', 'Retry-After seconds of every 503 a caller hears, 1 to 3600 (default none)'],
  ['seed', 'random seed: same seed, same callers (default 1)'],
] as const

/** What `--help` prints: the usage line and each option. */
function help(): string[] {
  return [
    `Usage: ${USAGE}`,
    '',
    "Real SIP calls through Kamailio, the bridge and serve (the examples' inbound-call strategy), compared with",
    'simulate on the same traffic.',
    '',
    ...OPTIONS.map(([name, text]) => `  --${name.padEnd(12)}${text}`),
  ]
}

// bounds that keep a typo from starting a run no one waits for (and timers past Node's 24.8-day limit)
const MAX_SECONDS = 3600
const MAX_RUN_HOURS = 24

function number(
  values: Record<string, string | undefined>,
  name: string,
  fallback: number,
  integer = false,
  max = Number.POSITIVE_INFINITY,
): number {
  const text = values[name]
  const value = text === undefined ? fallback : Number(text)
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value)))
    throw new Error(
      `--${name} must be a ${integer ? 'whole ' : ''}number > 0 (got "${text}")\nUsage: ${USAGE}`,
    )
  if (value > max) throw new Error(`--${name} must be at most ${max} (got "${text}")\nUsage: ${USAGE}`)
  return value
}

/** `--retry-after`'s seconds (BridgeOptions.retryAfterSeconds and kamailio.cfg's RETRY_AFTER_S), or none. */
function retryAfter(text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  const { min, max } = RETRY_AFTER_SECONDS
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN
  if (!(value >= min && value <= max))
    throw new Error(
      `--retry-after must be a whole number of seconds from ${min} to ${max} (got "${text}"): how long a carrier keeps off this site after a 503\nUsage: ${USAGE}`,
    )
  return value
}

/** The sipp callers' count of failed calls, from the statistics screen it writes last. */
export function failedCalls(log: string): number {
  const matches = [...log.matchAll(/Failed call\s*\|\s*\d+\s*\|\s*(\d+)/g)]
  return matches.length > 0 ? Number(matches.at(-1)![1]) : Number.NaN
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`

export interface DemoOptions {
  /** Aborted on Ctrl-C / SIGTERM: the demo stops what it started (also mid-start) and resolves 130. */
  signal?: AbortSignal
  /** The stack's run folder (logs, sipp traces); default a new temporary one, kept for the person to read. */
  runDir?: string
}

export async function runDemo(
  argv: string[],
  out: (line: string) => void,
  options: DemoOptions = {},
): Promise<number> {
  let values: Record<string, string | boolean | undefined>
  try {
    values = parseArgs({
      args: argv,
      options: {
        ...Object.fromEntries(OPTIONS.map(([name]) => [name, { type: 'string' as const }])),
        help: { type: 'boolean', short: 'h' },
      },
    }).values
  } catch (error) {
    // node:util's "Unknown option '--call'" alone left the user guessing the right spelling
    throw new Error(`${(error as Error).message}\nUsage: ${USAGE}`)
  }
  if (values.help === true) {
    for (const line of help()) out(line)
    return 0
  }
  const v = values as Record<string, string | undefined>
  const spec = {
    calls: number(v, 'calls', 200, true),
    rate: number(v, 'rate', 2),
    holdSeconds: number(v, 'hold', 3.5, false, MAX_SECONDS),
    patienceSeconds: number(v, 'patience', 15, false, MAX_SECONDS),
    seed: number(v, 'seed', 1, true),
  }
  const agentCount = number(v, 'agents', 10, true)
  const ringSeconds = number(v, 'ring', 0.5, false, MAX_SECONDS)
  const slSeconds = number(v, 'sl', 5, false, MAX_SECONDS)
  const retryAfterSeconds = retryAfter(v['retry-after'])
  const runHours = spec.calls / spec.rate / 3600
  if (runHours > MAX_RUN_HOURS)
    throw new Error(
      `--calls ${spec.calls} at --rate ${spec.rate}/s would take ${runHours.toFixed(1)} hours of arrivals; keep calls / rate within ${MAX_RUN_HOURS} hours\nUsage: ${USAGE}`,
    )
  const directoryAgents = Object.keys((await loadWorkspace(TELEPHONY_WORKSPACE)).directory.agents ?? {})
  if (agentCount > directoryAgents.length)
    throw new Error(
      `--agents: the examples' directory has ${directoryAgents.length} agents (${directoryAgents.join(', ')})`,
    )
  const agents = directoryAgents.slice(0, agentCount)

  const signal = options.signal
  if (signal?.aborted) return 130
  let stack: TelephonyStack | undefined
  const interrupted = () => {
    const so = stack?.bridge.figures()
    out(
      `interrupted: stopping Kamailio, the phones and the callers${so === undefined ? '' : ` (so far: offered ${so.offered}, answered ${so.answered}, abandoned ${so.abandoned})`}`,
    )
    // the callers' exit wakes the run below; a stack still starting is stopped by the finally once it is up
    void stack?.stop()
  }
  signal?.addEventListener('abort', interrupted, { once: true })
  try {
    stack = await startTelephonyStack({
      agents: agents.map((id) => ({ id, ringMs: ringSeconds * 1000 })),
      ...(options.runDir === undefined ? {} : { runDir: options.runDir }),
      // plain Node cannot load the history package's TypeScript: the examples' alarms.yaml needs its build
      historyKit: await loadBuiltHistoryKit(),
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    })
    if (signal?.aborted) return 130
    out(
      `${spec.calls} calls at ${spec.rate}/s to ${agentCount} agents (hold ${spec.holdSeconds} s, patience ${spec.patienceSeconds} s, ring ${ringSeconds} s): Kamailio ${stack.sipAddress}, serve ${stack.serveUrl}, bridge ${stack.bridgeUrl} (agent desktop at /desktop/ when built), logs in ${stack.runDir}`,
    )
    const traffic = makeTraffic(spec)
    const callers = await stack.call(traffic, 'callers')
    // a stop that ran while sipp was starting did not know of it
    if (signal?.aborted) {
      await callers.stop()
      return 130
    }
    const lastStart = traffic.at(-1)!.startMs
    let timer: ReturnType<typeof setTimeout> | undefined
    const code = await Promise.race([
      callers.exited,
      new Promise<string>((resolve) => {
        // real time: sipp's callers run in real seconds; the demo's bridge has no other clock
        timer = setTimeout(() => resolve('timeout'), lastStart + 15 * 60_000)
      }),
    ]).finally(() => clearTimeout(timer))
    // sipp killed by our own stop reports no failed call: an interrupted run has no figures to give
    if (signal?.aborted) return 130
    const s = stack
    await waitFor('the bridge to see every call end', () => s.bridge.figures().open === 0, 30_000).catch(
      () => {},
    )
    const bridge = stack.bridge.figures()
    const failed = failedCalls(readFileSync(callers.logFile, 'utf8'))
    const lost = spec.calls - bridge.answered - bridge.abandoned
    const f = figuresOf(bridge, slSeconds)
    out(`calls: offered ${f.offered}, answered ${f.answered}, abandoned ${f.abandoned}, lost ${lost}`)
    out(
      `service level (answered within ${slSeconds} s / offered) ${pct(f.serviceLevel)}, ASA ${f.asa.toFixed(2)} s, abandon rate ${pct(f.abandonRate)}; SIP: ${failed} failed calls (sipp exit ${code}), ${bridge.overlaps} double-booked agents`,
    )
    const sim = await simulateSameTraffic({
      ...spec,
      agents,
      ringSeconds,
      slSeconds,
      workspace: TELEPHONY_WORKSPACE,
      strategy: 'inbound-call',
    })
    const row = (
      name: string,
      value: string,
      s: { mean: number; sd: number },
      fmt: (x: number) => string,
      ok: boolean,
    ) =>
      `  ${name.padEnd(14)} real ${value.padStart(7)}   simulate ${fmt(s.mean).padStart(7)} ± ${fmt(s.sd).padEnd(7)} ${ok ? 'agrees' : 'OUTSIDE 3 sd'}`
    out(
      `simulate, same traffic: ${sim.runs} runs of ${spec.calls} arrivals from empty (seeds 1..${sim.runs}); agreement = within 3 standard deviations of those runs (the sampling error of one run this size)`,
    )
    const slOk = agrees(f.serviceLevel, sim.serviceLevel)
    const asaOk = agrees(f.asa, sim.asa, 3, 0.2)
    const abOk = agrees(f.queueAbandonRate, sim.abandonRate)
    out(row('service level', pct(f.serviceLevel), sim.serviceLevel, pct, slOk))
    out(row('ASA', `${f.asa.toFixed(2)} s`, sim.asa, (x) => `${x.toFixed(2)} s`, asaOk))
    out(row('queue abandons', pct(f.queueAbandonRate), sim.abandonRate, pct, abOk))
    out(
      `  (${bridge.abandonedRinging} more callers hung up while an agent's phone rang: real callers wait for the ring, simulate's are answered at once)`,
    )
    return lost === 0 && failed === 0 && code === 0 && bridge.overlaps === 0 ? 0 : 1
  } finally {
    signal?.removeEventListener('abort', interrupted)
    await stack?.stop()
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const interrupt = new AbortController()
  // a second signal while stopping is answered, not obeyed: dying then would leave Kamailio and sipp running
  const onSignal = () => {
    if (interrupt.signal.aborted) console.log('still stopping: Kamailio, the phones and the callers')
    interrupt.abort()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  runDemo(process.argv.slice(2), (line) => console.log(line), { signal: interrupt.signal }).then(
    (code) => process.exit(code),
    (error: Error) => {
      console.error(`demo:sip: ${error.message}`)
      process.exit(2)
    },
  )
}
