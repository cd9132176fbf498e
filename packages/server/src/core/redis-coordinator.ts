// Several `serve` processes on one Redis: one of them routes under a lease (one router, so one global queue
// order, every change committed to Redis before it is seen), the others forward their hosts' commands to it through
// a Redis list; every process streams every committed event once. A process that dies is replaced within the
// takeover time; SIGTERM hands over at once; a Redis that lost its data is re-seeded by the routing process.
import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import type { AgentEventInput, InteractionInput } from '@routewright/strategy-runtime'
import type { DeployableWorkspace, RoutingCoordinator } from './coordinator.ts'
import { alreadyEnded } from './interaction-book.ts'
import type { LocalCoordinatorOptions } from './local-coordinator.ts'
import {
  DEFAULT_CLOSED_TTL_MS,
  DEFAULT_MAX_CLOSED,
  endedRefusal,
  readClosed,
  submitOfEnded,
} from './redis-closed.ts'
import type { Leader } from './redis-leader.ts'
import { CoordinatorUnavailable, connectRedis, type RedisLink } from './redis-link.ts'
import { ACQUIRE, RELEASE, RENEW, redisKeys } from './redis-scripts.ts'
import { readVersion, storeVersion } from './redis-stored.ts'
import { takeOver } from './redis-takeover.ts'
import { CLOSED_STATES, type ServerEvent } from './types.ts'

export interface RedisCoordinatorOptions
  extends Pick<LocalCoordinatorOptions, 'clock' | 'functions' | 'limits' | 'keptClosed' | 'onDecision'> {
  /** `redis://host:port[/db]`. */
  url: string
  /** Key prefix, so several clusters can share one Redis. Default `routewright:`. */
  prefix?: string
  /** A dead routing process is replaced within this many ms (lease plus detection). Default 5000. */
  takeoverMs?: number
  /** A forwarded command not answered within this many ms answers 503. Default 10,000. */
  commandTimeoutMs?: number
  /** Events kept in the Redis stream. Default 100,000. */
  maxEvents?: number
  /**
   * Ended interactions stay readable (and refused again as "already ended") from every process, also after a
   * takeover, for this many ms. Default one day. At most `keptClosed` of them are kept (default 10,000).
   */
  closedTtlMs?: number
  log?: (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void
}

export interface RedisCoordinator extends RoutingCoordinator {
  readonly processId: string
  /** Whether this process routes now (it also sends the webhooks). */
  primary(): boolean
}

type Op = Exclude<keyof RoutingCoordinator, 'subscribe' | 'stop' | 'primary' | 'status' | 'onSubmitted'>
const READS = new Set<Op>(['versions', 'interaction', 'waiting', 'agents', 'openCount'])
/** Commands on one interaction: refused as "already ended" when it ended, here or under an earlier routing process. */
const ON_ONE = new Set<Op>([
  'treatmentDone',
  'confirmReservation',
  'rejectReservation',
  'abandon',
  'complete',
])

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Stream ids `ms-seq` in order. */
function after(a: string, b: string): boolean {
  const [am, as] = a.split('-').map(Number) as [number, number]
  const [bm, bs] = b.split('-').map(Number) as [number, number]
  return am > bm || (am === bm && as > bs)
}

export async function createRedisCoordinator(options: RedisCoordinatorOptions): Promise<RedisCoordinator> {
  const log = options.log ?? (() => {})
  const keys = redisKeys(options.prefix ?? 'routewright:')
  const takeoverMs = options.takeoverMs ?? 5000
  const leaseMs = Math.max(200, Math.round(takeoverMs * 0.6))
  const tickMs = Math.max(50, Math.round(takeoverMs / 10))
  const commandTimeoutMs = options.commandTimeoutMs ?? 10_000
  const processId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`
  const link: RedisLink = await connectRedis(options.url, log)
  const acquire = link.script(ACQUIRE)
  const renew = link.script(RENEW)
  const release = link.script(RELEASE)
  const listeners = new Set<(event: ServerEvent) => void>()
  const submitListeners = new Set<(input: InteractionInput) => void>()
  const known = new Map<string, DeployableWorkspace>()
  const waiting = new Map<
    string,
    { resolve(v: unknown): void; reject(e: Error): void; timer: NodeJS.Timeout }
  >()
  let leader: Leader | undefined
  /**
   * Ids that ended under an earlier routing process, as Redis kept them when this one took over: only these need
   * a look in Redis before a command or a submit (ids this process closed are in its own book, kept as long).
   */
  let endedBefore = new Set<string>()
  /** Holds the lease (from the moment it is taken; `leader` is set once the takeover is done). */
  let leading = false
  let becoming: Promise<void> | undefined
  let epoch = 0
  let knownEpoch = 0
  let missingSince: number | undefined
  let lastId = '0-0'
  let stopping = false
  let seq = 0
  let ticking: Promise<void> | undefined

  /** The last event tag seen per routing process: a commit retried after a lost reply is not delivered twice. */
  const lastTag = new Map<string, number>()

  function deliver(
    id: string,
    text: string,
    tag: string | undefined,
    input: string | undefined,
    parsed?: ServerEvent,
  ): void {
    if (!after(id, lastId)) return
    lastId = id
    if (tag) {
      const [leaderTag = '', n = '0'] = tag.split('#')
      if (Number(n) <= (lastTag.get(leaderTag) ?? 0)) return
      lastTag.set(leaderTag, Number(n))
    }
    if (input !== undefined) {
      const submitted = JSON.parse(input) as InteractionInput
      for (const listener of submitListeners) listener(submitted)
    }
    // the routing process hands over the events it made; the others read them from the stream
    const event = parsed ?? (JSON.parse(text) as ServerEvent)
    for (const listener of listeners) listener(event)
  }

  /** Routing changed hands: commands sent to the old routing process will not be answered; hosts retry now. */
  function failWaiting(reason: string): void {
    for (const entry of waiting.values()) {
      clearTimeout(entry.timer)
      entry.reject(new CoordinatorUnavailable(reason))
    }
    waiting.clear()
  }

  function stepDown(reason: string): void {
    leading = false
    if (!leader) return
    log('warn', 'this process stops routing', { process: processId, reason })
    leader.stop()
    leader = undefined
  }

  const leaderOptions = {
    ...options,
    maxEvents: options.maxEvents ?? 100_000,
    closedTtlMs: options.closedTtlMs ?? DEFAULT_CLOSED_TTL_MS,
    maxClosed: options.keptClosed ?? DEFAULT_MAX_CLOSED,
    onFault: (error: Error) => {
      log('error', 'routing state refused by Redis', { error: error.message })
      stepDown(error.message)
    },
    onCommitted: deliver,
    onLost: () => void runTick(),
  }

  async function become(next: number): Promise<void> {
    epoch = next
    knownEpoch = next
    leading = true
    failWaiting('Routing moved to this process; retry')
    // read what the previous routing process committed before delivering this one's events directly
    await readEvents(false)
    const fallback = [...known.values()].at(-1)
    const started = Date.now()
    let taken: Awaited<ReturnType<typeof takeOver>>
    let ended: Set<string>
    try {
      taken = await takeOver({ link, keys }, next, leaderOptions, fallback)
      // what ended under earlier routing processes (this one keeps what it closes itself)
      ended = new Set((await link.send(['LRANGE', keys.closedOrder, '0', '-1'])) as string[])
    } catch (error) {
      leading = false
      await release([keys.leader], [processId]).catch(() => {})
      throw error
    }
    const { leader: made, resumed, withdrawn, failed } = taken
    if (failed.length > 0)
      log('error', 'interactions that could not be resumed', { failed: failed.slice(0, 50) })
    if (!leading || epoch !== next) {
      made.stop()
      return
    }
    endedBefore = ended
    leader = made
    log('info', 'this process routes now', {
      process: processId,
      epoch: next,
      resumed,
      withdrawnReservations: withdrawn,
      ms: Date.now() - started,
    })
    void commandLoop(next)
  }

  async function tick(): Promise<void> {
    if (stopping) return
    if (leading) {
      const answer = Number(
        await renew([keys.leader, keys.epoch], [processId, String(leaseMs), String(epoch)]),
      )
      if (answer === 0) stepDown('another process holds the routing lease')
      else if (answer === -1) {
        // Redis restarted without its data: this process still knows everything, so it writes it back
        const next = epoch + 1
        leader?.setEpoch(next)
        await link.send(['SET', keys.epoch, String(next)])
        await link.send(['SET', keys.leader, processId, 'PX', String(leaseMs)])
        for (const workspace of known.values()) await storeVersion(link, keys, workspace)
        log('warn', 'redis lost the routing state: written again from this process', { epoch: next })
        epoch = next
        knownEpoch = next
        // the command reader follows the epoch: start it again under the new one
        void commandLoop(next)
        await leader?.reseed()
      } else void leader?.flushed().catch(() => {})
      return
    }
    const seen = Number((await link.send(['GET', keys.epoch])) ?? 0)
    if (seen > 0) {
      if (knownEpoch > 0 && seen !== knownEpoch) failWaiting('Routing moved to another process; retry')
      knownEpoch = seen
      missingSince = undefined
    } else if (knownEpoch > 0) missingSince ??= Date.now()
    // a missing epoch after one was seen means Redis lost its data: the old routing process re-seeds it first
    const fresh = knownEpoch === 0 || (missingSince !== undefined && Date.now() - missingSince > 2 * leaseMs)
    const got = Number(
      await acquire([keys.leader, keys.epoch], [processId, String(leaseMs), fresh ? '1' : '0']),
    )
    if (got > 0) {
      if (knownEpoch > 0 && seen === 0) log('error', 'redis lost the routing state; starting empty', {})
      // the takeover runs beside the ticks, which keep renewing the lease meanwhile
      becoming = become(got).catch((error: Error) =>
        log('error', 'taking over routing failed', { error: error.message }),
      )
    }
  }

  function runTick(): Promise<void> {
    ticking ??= tick()
      .catch((error: Error) => {
        if (!(error instanceof CoordinatorUnavailable))
          log('error', 'lease check failed', { error: error.message })
      })
      .finally(() => {
        ticking = undefined
      })
    return ticking
  }

  async function readEvents(block: boolean): Promise<void> {
    const answer = (await link.sendBlocking('events', [
      'XREAD',
      'COUNT',
      '1000',
      ...(block ? ['BLOCK', '500'] : []),
      'STREAMS',
      keys.events,
      lastId,
    ])) as Array<[string, Array<[string, string[]]>]> | null
    for (const [, entries] of answer ?? [])
      for (const [id, fields] of entries) deliver(id, fields[1]!, fields[3], fields[5])
    if (!block && answer && answer[0]![1].length === 1000) await readEvents(false)
  }

  async function eventLoop(): Promise<void> {
    while (!stopping) {
      if (leader) {
        await sleep(tickMs)
        continue
      }
      await readEvents(true).catch(() => sleep(200))
    }
  }

  async function commandLoop(mine: number): Promise<void> {
    while (!stopping && leader && epoch === mine) {
      let texts: string[]
      try {
        const first = (await link.sendBlocking('commands', ['BLPOP', keys.commands, '1'])) as
          | [string, string]
          | null
        if (!first) continue
        const more = ((await link.send(['LPOP', keys.commands, '200'])) as string[] | null) ?? []
        texts = [first[1], ...more]
      } catch {
        await sleep(200)
        continue
      }
      for (const text of texts) void answer(text)
    }
  }

  async function answer(text: string): Promise<void> {
    const command = JSON.parse(text) as {
      id: string
      from: string
      deadline: number
      op: Op
      args: unknown[]
    }
    if (Date.now() > command.deadline) return
    let reply: { id: string; value?: unknown; error?: string }
    try {
      reply = { id: command.id, value: (await execute(command.op, command.args)) ?? null }
    } catch (error) {
      reply = { id: command.id, error: (error as Error).message }
    }
    await link.send(['PUBLISH', keys.reply(command.from), JSON.stringify(reply)]).catch(() => {})
  }

  /** Runs a command in this (routing) process; changes are in Redis when it answers. */
  async function execute(op: Op, args: unknown[]): Promise<unknown> {
    const l = leader
    if (!l) throw new CoordinatorUnavailable('No routing process holds the lease yet; retry shortly')
    if (!link.ready()) throw new CoordinatorUnavailable(`Redis at ${link.url} is unreachable; retry shortly`)
    if (op === 'interaction') {
      // an interaction that ended under an earlier routing process is read from what that one stored
      const id = args[0] as string
      return (await l.local.interaction(id)) ?? (await readClosed(link, keys, id))
    }
    if (READS.has(op)) return (l.local[op] as (...a: unknown[]) => Promise<unknown>)(...args)
    if (op === 'deploy') {
      const version = args[0] as string
      const workspace = known.get(version) ?? (await readVersion(link, keys, version))
      const info = await l.local.deploy(workspace)
      await l.deployed(workspace)
      return info
    }
    if (op === 'agentEvent') {
      const event = { ...(args[0] as AgentEventInput) }
      event.at ??= options.clock?.now() ?? Date.now()
      const result = await l.local.agentEvent(event)
      if (result.ok) l.agentEvent(event)
      await l.flushed()
      return result
    }
    if (op === 'submit') {
      // a host retries a submit that answered 503 (its forwarded copy may still run, or already ran and finished,
      // perhaps under a routing process that is gone since): the same id is routed once, so a retry of one that
      // already ended is refused, not routed a second time
      const input = args[0] as InteractionInput
      const known = l.local.record(input.id)
      if (known && CLOSED_STATES.has(known.state)) return submitOfEnded(input.id, known.state)
      if (!known && endedBefore.has(input.id)) {
        const ended = await endedRefusal(link, keys, input.id, true)
        if (ended) return ended
      }
      const result = await l.submit(input)
      await l.flushed()
      return result
    }
    if (ON_ONE.has(op)) {
      const id = args[0] as string
      const known = l.local.record(id)
      if (known && CLOSED_STATES.has(known.state)) return alreadyEnded(id, known.state)
      if (!known && endedBefore.has(id)) {
        const ended = await endedRefusal(link, keys, id, false)
        if (ended) return ended
      }
    }
    // the agent's load is released before the router, freed, reserves it again for someone waiting
    if (op === 'complete' && l.local.record(args[0] as string)?.state === 'connected')
      l.completed(args[0] as string)
    const result = await (l.local[op] as (...a: unknown[]) => Promise<{ ok: boolean }>)(...args)
    await l.flushed()
    return result
  }

  async function call(op: Op, args: unknown[]): Promise<unknown> {
    if (stopping) throw new CoordinatorUnavailable('This process is shutting down')
    if (leader) return execute(op, args)
    const id = `${processId}#${++seq}`
    const deadline = Date.now() + commandTimeoutMs
    const reply = new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiting.delete(id)
        reject(new CoordinatorUnavailable(`No routing process answered within ${commandTimeoutMs} ms; retry`))
      }, commandTimeoutMs)
      waiting.set(id, { resolve, reject, timer })
    })
    // it may be refused (routing moved) while the command is still being queued: awaited below either way
    reply.catch(() => {})
    try {
      await link.send(['RPUSH', keys.commands, JSON.stringify({ id, from: processId, deadline, op, args })])
    } catch (error) {
      const entry = waiting.get(id)
      if (entry) clearTimeout(entry.timer)
      waiting.delete(id)
      throw error
    }
    return reply
  }

  await link.subscribe(keys.reply(processId), (text) => {
    const reply = JSON.parse(text) as { id: string; value?: unknown; error?: string }
    const entry = waiting.get(reply.id)
    if (!entry) return
    waiting.delete(reply.id)
    clearTimeout(entry.timer)
    if (reply.error !== undefined) entry.reject(new CoordinatorUnavailable(reply.error))
    else entry.resolve(reply.value)
  })
  await link.subscribe(keys.control, (message) => {
    if (message === 'leader-gone') void runTick()
  })
  link.onReconnect(() => void runTick())
  const last = (await link.send(['XREVRANGE', keys.events, '+', '-', 'COUNT', '1'])) as Array<[string]>
  if (last.length > 0) lastId = last[0]![0]
  await runTick()
  await becoming
  const timer = setInterval(() => void runTick(), tickMs)
  const events = eventLoop()

  const orUndefined = (value: unknown) => (value === null ? undefined : value)
  return {
    processId,
    primary: () => leader !== undefined,
    async deploy(workspace) {
      known.set(workspace.version, workspace)
      await storeVersion(link, keys, workspace)
      return (await call('deploy', [workspace.version])) as never
    },
    versions: async () => (await call('versions', [])) as never,
    submit: async (input) => (await call('submit', [input])) as never,
    treatmentDone: async (id, result) => (await call('treatmentDone', [id, result])) as never,
    confirmReservation: async (id) => (await call('confirmReservation', [id])) as never,
    rejectReservation: async (id) => (await call('rejectReservation', [id])) as never,
    abandon: async (id) => (await call('abandon', [id])) as never,
    complete: async (id) => (await call('complete', [id])) as never,
    agentEvent: async (event) => (await call('agentEvent', [event])) as never,
    interaction: async (id) => orUndefined(await call('interaction', [id])) as never,
    waiting: async () => (await call('waiting', [])) as never,
    agents: async () => (await call('agents', [])) as never,
    openCount: async () => (await call('openCount', [])) as never,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    onSubmitted(listener) {
      submitListeners.add(listener)
      return () => submitListeners.delete(listener)
    },
    status() {
      if (stopping)
        return { ready: false, reason: 'shutting down', redis: { connected: link.ready(), primary: false } }
      const connected = link.ready()
      return {
        ready: connected,
        ...(connected ? {} : { reason: `Redis at ${link.url} is unreachable` }),
        redis: { connected, primary: leader !== undefined },
      }
    },
    async stop() {
      if (stopping) return
      stopping = true
      clearInterval(timer)
      await ticking
      await becoming
      if (leader) {
        // hand over at once: everything is in Redis, so the next process resumes it all
        await leader.flushed().catch(() => {})
        leader.stop()
        leader = undefined
        await release([keys.leader], [processId]).catch(() => {})
        await link.send(['PUBLISH', keys.control, 'leader-gone']).catch(() => {})
        log('info', 'routing handed over', { process: processId })
      }
      failWaiting('This process is shutting down')
      await Promise.race([events, sleep(1500)])
      listeners.clear()
      submitListeners.clear()
      await link.close()
    },
  }
}
