// Several `serve` processes on one Redis: one of them routes under a lease (one router, so one global queue
// order, every change committed to Redis before it is seen), the others forward their hosts' commands to it through
// a Redis list; every process streams every committed event once. A process that dies is replaced within the
// takeover time; SIGTERM hands over at once; a Redis that lost its data is re-seeded by the routing process.
import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import { CAPABILITY_NAMES, type Capability, clusterCapabilities } from '../api/capabilities.ts'
import type { DeployableWorkspace, ForwardedHostCall, RoutingCoordinator } from './coordinator.ts'
import { agentsPage, type Page, searchedPage, waitingPage } from './list-page.ts'
import type { LocalCoordinatorOptions } from './local-coordinator.ts'
import { settledWithin } from './pause.ts'
import { DEFAULT_CLOSED_TTL_MS, DEFAULT_MAX_CLOSED } from './redis-closed.ts'
import { createCommandRunner } from './redis-commands.ts'
import { checkedLinger, DEFAULT_COMMIT_LINGER_MS } from './redis-commit-pipeline.ts'
import { createEventStream } from './redis-event-stream.ts'
import { createForwarder, type Op } from './redis-forward.ts'
import { createLease } from './redis-lease.ts'
import { CoordinatorUnavailable, connectRedis, type RedisLink } from './redis-link.ts'
import { createRoutingState } from './redis-routing-state.ts'
import { redisKeys } from './redis-scripts.ts'
import { isNotStored, type StoredInteraction, storedTraceReader, storeVersion } from './redis-stored.ts'
import { createWindowKeeper } from './redis-windows.ts'
import type { AgentView, WaitingView } from './types.ts'

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
  /**
   * A change nobody's routing waits on (a confirm, a complete, an agent's state) waits up to this many ms to ride the
   * next urgent commit to Redis (a submit's): fewer commits, each a whole rewrite of what it touches. Its reply waits
   * for that commit. 0 to 50; default 2; 0 commits it at the next turn.
   */
  commitLingerMs?: number
  /** The routing process writes its statistics windows to Redis at most this often while they change. Default 1000. */
  windowsEveryMs?: number
  /**
   * The capability names this process takes and publishes for the others. Default: every name this build takes;
   * fewer stand in for an older build in tests (no CLI flag sets it).
   */
  capabilities?: readonly Capability[]
  log?: (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void
}

export interface RedisCoordinator extends RoutingCoordinator {
  readonly processId: string
  /** Whether this process routes now (it also sends the webhooks). */
  primary(): boolean
}

/**
 * A reservation answer's arguments as forwarded to the routing process: the reservation and the extra (a late answer
 * time, a reject's reason) left out when not given, null for a missing reservation when the extra follows it.
 */
function answerArgs(id: string, reservation: string | undefined, extra: unknown): unknown[] {
  if (extra !== undefined) return [id, reservation ?? null, extra]
  return reservation === undefined ? [id] : [id, reservation]
}

export async function createRedisCoordinator(options: RedisCoordinatorOptions): Promise<RedisCoordinator> {
  const log = options.log ?? (() => {})
  const prefix = options.prefix ?? 'routewright:'
  const keys = redisKeys(prefix)
  const takeoverMs = options.takeoverMs ?? 5000
  const leaseMs = Math.max(200, Math.round(takeoverMs * 0.6))
  const tickMs = Math.max(50, Math.round(takeoverMs / 10))
  const commandTimeoutMs = options.commandTimeoutMs ?? 10_000
  // refused before connecting, not when this process first takes the lease
  const commitLingerMs = checkedLinger(options.commitLingerMs ?? DEFAULT_COMMIT_LINGER_MS)
  const processId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`
  const clock = options.clock
  const ownCapabilities = options.capabilities ?? CAPABILITY_NAMES
  const link: RedisLink = await connectRedis(options.url, log, clock ? { now: () => clock.now() } : {})
  // statistics windows (service level, ASA, handle times) go on across a takeover: written here, read by the next
  const windows = createWindowKeeper({
    link,
    prefix,
    epochKey: keys.epoch,
    log,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.windowsEveryMs === undefined ? {} : { everyMs: options.windowsEveryMs }),
  })
  /**
   * The workspaces a re-seed writes back (Redis lost its data) and the last one deployed here (the version a takeover
   * starts on when Redis names none): while this process routes, every version its leader has deployed and not
   * retired; otherwise the last one deployed here. One entry per version in use, not per deploy ever made.
   */
  const known = new Map<string, DeployableWorkspace>()
  /** The newest last: the takeover's fallback is the last entry. */
  function remember(workspace: DeployableWorkspace): void {
    known.delete(workspace.version)
    known.set(workspace.version, workspace)
  }
  const state = createRoutingState()
  // while this process holds the lease it runs what its hosts send; else the routing process does
  const answer = () =>
    state.leading ? [...ownCapabilities] : clusterCapabilities(ownCapabilities, state.routingCapabilities)
  /** Whether the routing process cuts agents pages by `q` (this one, or one that published `agents-search`). */
  const routingSearches = () =>
    state.leader !== undefined || state.routingCapabilities?.includes('agents-search') === true
  /**
   * GET /v1/capabilities: a process that does not route reads who routes now and its list (one MGET), so no answer
   * after a takeover is the previous routing process's list (issue #8); a change it finds is announced before it is
   * answered. Redis not answering: none of the routing names (unknown yet), as a forwarded request would not run.
   */
  async function capabilities(): Promise<string[]> {
    if (state.leading || state.stopping) return answer()
    try {
      await lease.readRouting()
    } catch {
      return clusterCapabilities(ownCapabilities, undefined)
    }
    checkCapabilities()
    return answer()
  }
  const capabilityListeners = new Set<(names: readonly string[]) => void>()
  /** The last answer told; the first lease check's answer is the start (no host has read one yet). */
  let answered: string | undefined
  function checkCapabilities(): void {
    const names = answer()
    const now = names.join(',')
    if (answered === undefined || now === answered) {
      answered = now
      return
    }
    answered = now
    for (const listener of capabilityListeners) listener(names)
  }
  const events = createEventStream(link, keys)
  const forwarder = createForwarder(link, keys, processId, commandTimeoutMs)
  const forwardedCallListeners = new Set<(call: ForwardedHostCall) => void>()
  const resumedListeners = new Set<(stored: readonly StoredInteraction[]) => void>()
  const commands = createCommandRunner({
    link,
    keys,
    state,
    known,
    ...(options.clock ? { clock: options.clock } : {}),
    onComplete: windows.completing,
    onForwardedCall: (call) => {
      for (const listener of forwardedCallListeners) listener(call)
    },
  })
  const lease = createLease({
    link,
    keys,
    processId,
    leaseMs,
    state,
    known,
    leader: {
      ...options,
      maxEvents: options.maxEvents ?? 100_000,
      closedTtlMs: options.closedTtlMs ?? DEFAULT_CLOSED_TTL_MS,
      maxClosed: options.keptClosed ?? DEFAULT_MAX_CLOSED,
      commitLingerMs,
      onDeployed: remember,
      onRetired: (version) => known.delete(version),
    },
    events,
    forwarder,
    commands,
    windows,
    capabilities: ownCapabilities,
    onChecked: checkCapabilities,
    onResumed: (stored) => {
      for (const listener of resumedListeners) listener(stored)
    },
    log,
  })

  /** Not async: returning execute's or send's promise itself saves the extra turns an async return of one takes. */
  function call(op: Op, args: unknown[]): Promise<unknown> {
    if (state.stopping) return Promise.reject(new CoordinatorUnavailable('This process is shutting down'))
    if (state.leader) return commands.execute(op, args)
    return forwarder.send(op, args)
  }

  await forwarder.listen()
  await link.subscribe(keys.control, (message) => {
    // the routing process is about to let go (its lease still held): taking it over then is no sign of a death
    if (message === 'leader-leaving') lease.letGo()
    else if (message === 'leader-gone') {
      lease.letGo()
      void lease.tick()
    }
    // a takeover's ACQUIRE published it with the lease: the new list is read now (and announced if it differs)
    else if (message === 'leader-taken') void lease.tickAfter()
  })
  link.onReconnect(() => void lease.tick())
  await events.skipToEnd()
  await lease.tick()
  await lease.becoming()
  const timer = setInterval(() => void lease.tick(), tickMs)
  const stopFollowing = new AbortController()
  // a process handing routing over reads no more events (its history closes on those it heard)
  const following = events.follow(
    () => state.leader !== undefined || state.leaving,
    stopFollowing.signal,
    tickMs,
  )

  const orUndefined = (value: unknown) => (value === null ? undefined : value)
  const storedTrace = storedTraceReader(link, keys)
  /** A trace is read from Redis where the last commit left one; else (waiting, reserved) the routing process answers. */
  async function trace(id: string): Promise<unknown> {
    if (!state.leader && !state.stopping) {
      const stored = await storedTrace(id)
      if (stored) return stored
    }
    return orUndefined(await call('trace', [id]))
  }
  /**
   * Hands routing over at once if this process routes, and takes it no more: everything is in Redis (pending
   * reservations with their snapshots, kept under their ids by the next process), so it resumes it all. Only for a
   * stop: this process then reads no more events (its history closes on those it heard); reads and commands go to
   * the next routing process.
   */
  async function handOver(): Promise<void> {
    if (state.leaving) return
    state.leaving = true
    clearInterval(timer)
    await lease.ticking()
    await lease.becoming()
    const leader = state.leader
    if (leader) {
      leader.handOver()
      await leader.flushed().catch(() => {})
      await windows.write(state.epoch, leader.local, true).catch(() => {})
      leader.stop()
      state.leader = undefined
      state.leading = false
      // said before the lease goes: a follower whose tick finds no holder knows this was a stop, not a kill -9
      await link.send(['PUBLISH', keys.control, 'leader-leaving']).catch(() => {})
      await lease.release().catch(() => {})
      await link.send(['PUBLISH', keys.control, 'leader-gone']).catch(() => {})
      log('info', 'routing handed over', { process: processId })
    }
    // the follower's pause ends now and no blocking read starts: the stop waited out the tick or the read's 500 ms
    stopFollowing.abort()
  }
  return {
    processId,
    takeoverMs,
    retryAfterMs: () => link.retryAfterMs(),
    primary: () => state.leader !== undefined,
    recording: () => state.leader !== undefined || state.resuming,
    onResumed(listener) {
      resumedListeners.add(listener)
      return () => resumedListeners.delete(listener)
    },
    handOver,
    capabilities,
    onCapabilities(listener) {
      capabilityListeners.add(listener)
      return () => capabilityListeners.delete(listener)
    },
    async deploy(workspace) {
      // a process that does not route keeps only its newest (the routing one may retire the others meanwhile)
      if (!state.leading) known.clear()
      remember(workspace)
      await storeVersion(link, keys, workspace)
      try {
        return (await call('deploy', [workspace.version])) as never
      } catch (error) {
        // the routing process removed the stored copy between the two (a retired version deployed again): once more
        if (!isNotStored(error)) throw error
        await storeVersion(link, keys, workspace)
        return (await call('deploy', [workspace.version])) as never
      }
    },
    // each returns call's own promise: an async wrapper per command was one more promise and microtask turn each
    versions: () => call('versions', []) as Promise<never>,
    submit: (input) => call('submit', [input]) as Promise<never>,
    treatmentDone: (id, result) => call('treatmentDone', [id, result]) as Promise<never>,
    confirmReservation: (id, reservation, at) =>
      call('confirmReservation', answerArgs(id, reservation, at)) as Promise<never>,
    connectAgent: (id, answer) => call('connectAgent', [id, answer]) as Promise<never>,
    rejectReservation: (id, reservation, how) =>
      call('rejectReservation', answerArgs(id, reservation, how)) as Promise<never>,
    setPriority: (id, change) => call('setPriority', [id, change]) as Promise<never>,
    abandon: (id, how) => call('abandon', how === undefined ? [id] : [id, how]) as Promise<never>,
    // a plain complete sends the id alone, as an older routing process reads it
    complete: (id, how) => call('complete', how ? [id, how] : [id]) as Promise<never>,
    // a plain change sends the event alone, an ifState-only one as before ifReason, as older routing processes read it
    agentEvent: (event, ifState, ifReason) =>
      call(
        'agentEvent',
        ifReason !== undefined
          ? [event, ifState ?? null, ifReason]
          : ifState === undefined
            ? [event]
            : [event, ifState],
      ) as Promise<never>,
    interaction: (id) => call('interaction', [id]).then(orUndefined) as Promise<never>,
    trace: (id) => trace(id) as Promise<never>,
    waiting: () => call('waiting', []) as Promise<never>,
    agents: () => call('agents', []) as Promise<never>,
    // the routing process cuts the page from what it holds, so one page crosses Redis; an older one answers the
    // whole list, cut here
    waitingPage: (query) =>
      call('waiting', [query]).then((got) =>
        Array.isArray(got) ? waitingPage(got, query) : (got as Page<WaitingView>),
      ),
    agentsPage: (query) =>
      call('agents', [query]).then((got) => {
        if (Array.isArray(got)) return agentsPage(got, query)
        const page = got as Page<AgentView>
        // a routing process older than agents-search answers a page of all agents for a `q` it does not read; its
        // page is filtered whatever it published (an older build's takeover may not be read here yet)
        return query.q === undefined ? page : searchedPage(page, query.q, routingSearches())
      }),
    openCount: () => call('openCount', []) as Promise<never>,
    subscribe(listener) {
      events.listeners.add(listener)
      return () => events.listeners.delete(listener)
    },
    onSubmitted(listener) {
      events.submitListeners.add(listener)
      return () => events.submitListeners.delete(listener)
    },
    onDeployed(listener) {
      events.deployedListeners.add(listener)
      return () => events.deployedListeners.delete(listener)
    },
    onAgentState(listener) {
      events.agentStateListeners.add(listener)
      return () => events.agentStateListeners.delete(listener)
    },
    onForwardedCall(listener) {
      forwardedCallListeners.add(listener)
      return () => forwardedCallListeners.delete(listener)
    },
    onReachability: (listener) => link.onReachability(listener),
    status() {
      if (state.stopping)
        return { ready: false, reason: 'shutting down', redis: { connected: link.ready(), primary: false } }
      const since = link.unreachableSince()
      const primary = state.leader !== undefined
      const takeover = state.lastTakeover ? { takeover: state.lastTakeover } : {}
      if (since === undefined) return { ready: true, redis: { connected: true, primary, ...takeover } }
      return {
        ready: false,
        reason: `Redis at ${link.url} is unreachable`,
        redis: { connected: false, primary, unreachableSince: since, ...takeover },
      }
    },
    async stop() {
      if (state.stopping) return
      // before `stopping`: a hand-over still waits for the takeover or lease check running now
      await handOver()
      state.stopping = true
      forwarder.failWaiting('This process is shutting down')
      // a blocking read in flight ends when the link closes: the stop once waited out the read's 500 ms block, and
      // then a 1.5 s bound whose timer kept the process alive after the stop line
      events.listeners.clear()
      events.submitListeners.clear()
      events.deployedListeners.clear()
      events.agentStateListeners.clear()
      forwardedCallListeners.clear()
      resumedListeners.clear()
      await link.close()
      await settledWithin(following, 1500)
    },
  }
}
