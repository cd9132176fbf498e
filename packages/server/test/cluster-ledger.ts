// A host driving a cluster of `serve` processes over HTTP (submit, confirm, complete, retried while routing changes
// hands) while an independent ledger of the event stream checks that no agent is ever over capacity and that each
// interaction finishes exactly once.
import { type CapacityRule, fitsCapacity } from '@routewright/strategy-dsl'
import { explainUnfinished, type HostTrail, noteEvent, type UnfinishedReport } from './cluster-unfinished.ts'
import { call } from './serve-process.ts'
import { followEvents } from './sse-client.ts'

export interface LedgerReport {
  overCapacity: string[]
  finishedTwice: string[]
  notFinished: number
  completed: number
  routed: number
  withdrawn: number
  /** Each withdrawn offer: its interaction, the router's reason and the host's trail of it (empty when none). */
  withdrawals: string[]
  retries: number
  /** CPU seconds each process used while driving (from its /metrics), and the wall time in seconds. */
  cpuSeconds: number[]
  /** CPU seconds of the shared Redis over the same time, when `redisCpu` was given. */
  redisCpuSeconds?: number
  seconds: number
  /** Seconds from the last submit's answer to the last completion (or to the end of the wait for it). */
  tailSeconds: number
  /** Set when the wait for the last completions ran out: the interactions not completed and why (as far as known). */
  unfinished?: UnfinishedReport
}

async function cpuOf(url: string): Promise<number> {
  const answer = await call(`${url}/metrics`, 'GET')
  return Number(/^process_cpu_seconds_total (\S+)$/m.exec(answer.text)?.[1] ?? Number.NaN)
}

/**
 * The host: submits `count` interactions round-robin over `urls` (at most `inFlight` at once), confirms each
 * reservation it sees on the stream and completes each connected interaction; retries on 503 or a dead process.
 * The ledger counts every agent's load from the stream alone and checks each reservation against the directory.
 */
export async function driveCluster(options: {
  urls: () => string[]
  streamUrl: string
  count: number
  inFlight: number
  rules: Map<string, CapacityRule>
  /** Called once when half the interactions are submitted (kill a process, restart Redis ...). */
  midway?: () => Promise<void>
  timeoutMs: number
  /** Reads the shared Redis's CPU seconds so far (its INFO cpu), to count it with the processes'. */
  redisCpu?: () => Promise<number>
}): Promise<LedgerReport> {
  const load = new Map<string, Record<string, number>>()
  const media = (id: string) => (Number(id.slice(1)) % 4 === 3 ? 'chat' : 'voice')
  const held = new Map<string, string>()
  const finished = new Map<string, number>()
  const completedIds = new Set<string>()
  // what the host saw of each interaction, for the report of a drive that timed out
  const trails = new Map<string, HostTrail>()
  const began = Date.now()
  const since = () => `+${((Date.now() - began) / 1000).toFixed(2)} s`
  const trail = (id: string) => {
    let found = trails.get(id)
    if (!found) {
      found = { events: [] }
      trails.set(id, found)
    }
    return found
  }
  const answered = (answer: { status: number; text: string }) =>
    `${answer.status}${answer.status < 300 ? '' : ` ${answer.text.slice(0, 120)}`} ${since()}`
  const report: LedgerReport = {
    overCapacity: [],
    finishedTwice: [],
    notFinished: 0,
    completed: 0,
    routed: 0,
    withdrawn: 0,
    withdrawals: [],
    retries: 0,
    cpuSeconds: [],
    seconds: 0,
    tailSeconds: 0,
  }
  let turn = 0
  const pick = () => {
    const urls = options.urls()
    return urls[turn++ % urls.length]!
  }
  // set when the drive ends (or fails): retries still running stop instead of outliving the test
  let ended = false
  /**
   * Sends until an answer that is not 503 or a dead connection; gives up after `timeoutMs` of such answers (every
   * process dead) or once the drive has ended, so no retry loop keeps calling after the test.
   */
  const send = async (method: string, route: string, body?: unknown) => {
    const giveUpAt = Date.now() + options.timeoutMs
    for (let attempt = 0; ; attempt++) {
      const answer = await call(`${pick()}${route}`, method, body)
      if (answer.status !== 0 && answer.status !== 503) return answer
      if (ended) return answer
      if (Date.now() > giveUpAt)
        throw new Error(
          `${method} ${route}: no process answered for ${options.timeoutMs} ms (${answer.status})`,
        )
      report.retries++
      await new Promise((resolve) => setTimeout(resolve, Math.min(50 * 2 ** attempt, 500)))
    }
  }
  const pending: Array<Promise<unknown>> = []
  // a confirm or complete the stream started: its failure is reported when the drive collects `pending`
  const later = (work: Promise<unknown>) => {
    work.catch(() => {}) // collected (and rethrown) by Promise.all below; until then not "unhandled"
    pending.push(work)
  }
  const release = (id: string) => {
    const agent = held.get(id)
    if (!agent) return
    held.delete(id)
    const l = load.get(agent)!
    l[media(id)]! -= 1
  }
  const stream = followEvents(options.streamUrl, (event) => {
    const id = event.interaction
    noteEvent(
      trail(id),
      `${event.type}${event.agent ? ` ${event.agent}` : ''}${event.outcome ? ` ${event.outcome}` : ''} ${since()}`,
    )
    if (event.type === 'routed' && event.agent) {
      report.routed++
      const l = load.get(event.agent) ?? {}
      load.set(event.agent, l)
      const positive = Object.fromEntries(Object.entries(l).filter(([, n]) => n > 0))
      if (!fitsCapacity(options.rules.get(event.agent)!, positive, media(id)))
        report.overCapacity.push(`${event.agent} ${JSON.stringify(l)} + ${media(id)} ${id}`)
      l[media(id)] = (l[media(id)] ?? 0) + 1
      held.set(id, event.agent)
      // marked before it is sent: a call still unanswered at the end shows as such
      trail(id).confirm = `sent ${since()}, no answer yet`
      later(
        send('POST', `/v1/interactions/${id}/confirm`).then((answer) => {
          trail(id).confirm = answered(answer)
        }),
      )
    } else if (event.type === 'reservation-rejected') {
      report.withdrawn++
      const { reason, timedOut } = event as { reason?: string; timedOut?: boolean }
      const t = trail(id)
      report.withdrawals.push(
        `${id}: ${reason}${timedOut ? ' (timed out)' : ''}; confirm ${t.confirm}; ${t.events.join(', ')}`,
      )
      release(id)
    } else if (event.type === 'finished') {
      const n = (finished.get(id) ?? 0) + 1
      finished.set(id, n)
      if (n === 2) report.finishedTwice.push(id)
      if (event.outcome !== 'routed') release(id)
      else
        later(
          (async () => {
            // the ledger lets the agent go before the host's complete reaches the router
            release(id)
            trail(id).complete = `sent ${since()}, no answer yet`
            const answer = await send('POST', `/v1/interactions/${id}/complete`)
            trail(id).complete = answered(answer)
            // 409 "already ended" after a retry: an earlier attempt got through
            if (answer.status === 200 || (answer.status === 409 && /already ended/.test(answer.text))) {
              report.completed++
              completedIds.add(id)
            }
          })(),
        )
    }
  })
  let progress: ReturnType<typeof setInterval> | undefined
  try {
    // no interaction before the ledger's stream is open: a 'routed' it missed would never be confirmed
    await stream.ready
    const agentIds = [...options.rules.keys()]
    // all at once: a hundred round trips (most forwarded) one after the other were set-up time of every drive
    await Promise.all(agentIds.map((agent) => send('PUT', `/v1/agents/${agent}/state`, { state: 'ready' })))
    const measured = options.urls()
    const cpuBefore = await Promise.all(measured.map(cpuOf))
    const redisBefore = await options.redisCpu?.()
    const started = performance.now()
    let next = 0
    progress = process.env.ROUTEWRIGHT_KEEP_CLUSTER_LOGS
      ? setInterval(
          () => console.log('progress', next, JSON.stringify({ ...report, cpuSeconds: undefined })),
          5000,
        )
      : undefined
    const worker = async () => {
      while (next < options.count) {
        const i = next++
        if (i === Math.floor(options.count / 2) && options.midway) await options.midway()
        const answer = await send('POST', '/v1/interactions', {
          id: `i${i}`,
          strategy: 'support',
          media: media(`i${i}`),
        })
        trail(`i${i}`).submit = answered(answer)
        // a submit that answered 503 while routing moved may have run: send's retry is then answered as a replay
        if (answer.status !== 201 && !(answer.status === 200 && JSON.parse(answer.text).replayed === true))
          throw new Error(`submit i${i}: ${answer.status} ${answer.text}`)
      }
    }
    await Promise.all(Array.from({ length: options.inFlight }, worker))
    const submitted = performance.now()
    const deadline = Date.now() + options.timeoutMs
    while (report.completed < options.count && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      await Promise.all(pending.splice(0))
    }
    await Promise.all(pending.splice(0))
    report.tailSeconds = (performance.now() - submitted) / 1000
    if (report.completed < options.count) {
      const open = Array.from({ length: options.count }, (_, i) => `i${i}`).filter(
        (id) => !completedIds.has(id),
      )
      report.unfinished = await explainUnfinished(options.urls(), open, trails)
    }
    report.seconds = (performance.now() - started) / 1000
    const cpuAfter = await Promise.all(measured.map(cpuOf))
    report.cpuSeconds = cpuAfter.map((after, i) => after - cpuBefore[i]!)
    if (options.redisCpu && redisBefore !== undefined)
      report.redisCpuSeconds = (await options.redisCpu()) - redisBefore
  } finally {
    ended = true
    clearInterval(progress)
    stream.close()
  }
  for (let i = 0; i < options.count; i++) if (!finished.has(`i${i}`)) report.notFinished++
  return report
}
