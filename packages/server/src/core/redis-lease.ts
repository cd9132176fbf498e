// The routing lease of a Redis coordinator: every tick the routing process renews it (or writes Redis back after
// Redis lost its data) and the others try to take it; the one that gets it rebuilds routing from Redis (takeOver).
import type { DeployableWorkspace } from './coordinator.ts'
import type { CommandRunner } from './redis-commands.ts'
import type { EventStream } from './redis-event-stream.ts'
import type { Forwarder } from './redis-forward.ts'
import type { LeaderOptions } from './redis-leader.ts'
import { CoordinatorUnavailable, type RedisLink } from './redis-link.ts'
import type { RoutingState } from './redis-routing-state.ts'
import { ACQUIRE, RECLAIM, RELEASE, RENEW, type RedisKeys } from './redis-scripts.ts'
import { type StoredInteraction, storeVersion } from './redis-stored.ts'
import { endedBefore, takeOver } from './redis-takeover.ts'
import type { WindowKeeper } from './redis-windows.ts'

/** A takeover logs this many of the interactions it could not resume one by one (then how many more). */
const LOGGED_FAILURES = 100

type Log = (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void

export interface LeaseOptions {
  link: RedisLink
  keys: RedisKeys
  processId: string
  /** The lease expires after this many ms unless renewed. */
  leaseMs: number
  state: RoutingState
  /** Workspaces deployed through this process, by version, oldest first. */
  known: ReadonlyMap<string, DeployableWorkspace>
  /** What the routing process's leader is made with, but the callbacks the lease adds. */
  leader: Omit<LeaderOptions, 'onFault' | 'onLost' | 'onCommitted' | 'stats' | 'beforeResume'>
  events: EventStream
  forwarder: Forwarder
  commands: CommandRunner
  windows: WindowKeeper
  /** The capability names this process takes, published with its lease while it holds it. */
  capabilities: readonly string[]
  /** After each lease check, done or failed: what it read or changed (routing, the routing list) may be looked at. */
  onChecked?: () => void
  /**
   * A takeover resumes these interactions (after the last routing process's events, before this one's own): told
   * before any event of their resuming, so this process's history continues their records.
   */
  onResumed?: (stored: readonly StoredInteraction[]) => void
  log: Log
}

export interface Lease {
  /** The routing process said it let go of the lease (a stop): taking it over is no sign of a process dying. */
  letGo(): void
  /** One lease check (never two at once); resolves when done, never rejects. */
  tick(): Promise<void>
  /** A lease check that starts after the one running now, if any (which may have read Redis before a change). */
  tickAfter(): Promise<void>
  /**
   * Reads who routes now and the list it published into `state.routingCapabilities` (a process that does not route
   * answers GET /v1/capabilities from it); rejects when Redis does not answer.
   */
  readRouting(): Promise<number>
  /** The takeover running now, if any. */
  becoming(): Promise<void> | undefined
  /** The lease check running now, if any. */
  ticking(): Promise<void> | undefined
  /** Lets go of the lease (SIGTERM). */
  release(): Promise<unknown>
}

export function createLease(o: LeaseOptions): Lease {
  const { link, keys, processId, leaseMs, state, known, events, forwarder, commands, windows, log } = o
  const leaseKeys = [keys.leader, keys.epoch, keys.leaderCapabilities]
  // taking the lease tells the others in the same call (their next answer is the new routing process's list)
  const acquireKeys = [...leaseKeys, keys.control]
  const record = JSON.stringify({ process: processId, capabilities: o.capabilities })
  const acquire = link.script(ACQUIRE)
  const renew = link.script(RENEW)
  const release = link.script(RELEASE)
  const reclaim = link.script(RECLAIM)
  let becoming: Promise<void> | undefined
  let ticking: Promise<void> | undefined
  // the last process seen holding the lease, and whether it said it let go (SIGTERM): else its lease expired
  let lastHolder: string | undefined
  let holderLetGo = false

  function stepDown(reason: string): void {
    state.leading = false
    if (!state.leader) return
    log('warn', 'this process stops routing', { process: processId, reason })
    state.leader.stop()
    state.leader = undefined
  }

  const leaderOptions: LeaderOptions = {
    ...o.leader,
    onFault: (error: Error) => {
      log('error', 'routing state refused by Redis', { error: error.message })
      stepDown(error.message)
    },
    onCommitted: events.deliver,
    onLost: () => void runTick(),
    stats: windows.statsFor,
    beforeResume: async (versions, stored) => {
      await windows.restore(versions, stored)
      // the last routing process's events are all delivered (read at the start of become): what follows is ours
      state.resuming = true
      o.onResumed?.(stored)
    },
  }

  async function become(next: number): Promise<void> {
    state.epoch = next
    state.knownEpoch = next
    state.leading = true
    // read again once this process follows another: a list from before it routed may be long out of date
    state.routingCapabilities = undefined
    forwarder.failWaiting('Routing moved to this process; retry', true)
    // read what the previous routing process committed before delivering this one's events directly
    await events.read(false)
    const fallback = [...known.values()].at(-1)
    const started = Date.now()
    windows.forget()
    let taken: Awaited<ReturnType<typeof takeOver>>
    let ended: Set<string>
    try {
      taken = await takeOver({ link, keys }, next, leaderOptions, fallback)
      // what ended under earlier routing processes (this one keeps what it closes itself)
      ended = new Set(await endedBefore({ link, keys }))
    } catch (error) {
      state.leading = false
      state.resuming = false
      await release([keys.leader, keys.leaderCapabilities], [processId]).catch(() => {})
      throw error
    }
    const { leader: made, resumed, withdrawn, failed, unreadableSubmitted, unreadableAgents } = taken
    // already in Redis (ended as failed, entries removed): told whether or not this process still routes
    for (const { id, reason, unreadable } of failed.slice(0, LOGGED_FAILURES))
      log(
        'error',
        unreadable
          ? 'interaction not resumed at the takeover: its entry is unreadable and was removed from Redis'
          : 'interaction not resumed at the takeover: it ended as failed',
        { interaction: id, reason },
      )
    if (failed.length > LOGGED_FAILURES)
      log('error', 'more interactions not resumed at the takeover (not logged one by one)', {
        more: failed.length - LOGGED_FAILURES,
      })
    if (unreadableSubmitted.length > 0)
      log('warn', 'submitted fields in Redis are not JSON: dropped, their interactions resume without them', {
        interactions: unreadableSubmitted.slice(0, LOGGED_FAILURES),
        count: unreadableSubmitted.length,
      })
    if (unreadableAgents.length > 0)
      log(
        'error',
        'agent states in Redis are not a JSON list: dropped, those agents start from what the host says next',
        {
          agents: unreadableAgents.slice(0, LOGGED_FAILURES),
          count: unreadableAgents.length,
        },
      )
    state.lastTakeover = {
      at: Date.now(),
      epoch: next,
      resumed,
      withdrawnReservations: withdrawn,
      failed: failed.length,
      ...(unreadableAgents.length > 0 ? { unreadableAgents: unreadableAgents.length } : {}),
    }
    state.resuming = false
    if (!state.leading || state.epoch !== next) {
      made.stop()
      return
    }
    state.endedBefore = ended
    state.leader = made
    log('info', 'this process routes now', {
      process: processId,
      epoch: next,
      resumed,
      withdrawnReservations: withdrawn,
      failed: failed.length,
      ms: Date.now() - started,
    })
    void commands.serve(next)
  }

  async function tick(): Promise<void> {
    // a stop that handed routing over does not take it back
    if (state.stopping || state.leaving) return
    if (state.leading) {
      const answer = Number(await renew(leaseKeys, [processId, String(leaseMs), String(state.epoch), record]))
      if (answer === 0) stepDown('another process holds the routing lease')
      else if (answer === -1) {
        // Redis restarted without its data: this process still knows everything, so it writes it back
        const next = state.epoch + 1
        state.leader?.setEpoch(next)
        // before the epoch is written, so no commit goes in ahead of the events readers may have missed
        state.leader?.dataLost()
        const taken = Number(await reclaim(leaseKeys, [processId, String(leaseMs), String(next), record]))
        if (taken === 0) {
          stepDown('another process took the routing lease while Redis was empty')
          return
        }
        for (const workspace of known.values()) await storeVersion(link, keys, workspace)
        log('warn', 'redis lost the routing state: written again from this process', { epoch: next })
        state.epoch = next
        state.knownEpoch = next
        windows.invalidate()
        // the command reader follows the epoch: start it again under the new one
        void commands.serve(next)
        // not awaited: the next ticks renew the lease while it is written (a re-seed under load can take longer than
        // the lease, which then expired and let another process take over from a Redis that did not have it yet)
        void state.leader?.reseed().catch(() => {})
      } else {
        void state.leader?.flushed().catch(() => {})
        if (state.leader) void windows.write(state.epoch, state.leader.local).catch(() => {})
      }
      return
    }
    const seen = await readRouting()
    if (seen > 0) {
      if (state.knownEpoch > 0 && seen !== state.knownEpoch)
        forwarder.failWaiting('Routing moved to another process; retry', true)
      state.knownEpoch = seen
      state.missingSince = undefined
    } else if (state.knownEpoch > 0) state.missingSince ??= Date.now()
    // a missing epoch after one was seen means Redis lost its data: the old routing process re-seeds it first
    const fresh =
      state.knownEpoch === 0 ||
      (state.missingSince !== undefined && Date.now() - state.missingSince > 2 * leaseMs)
    const got = Number(await acquire(acquireKeys, [processId, String(leaseMs), fresh ? '1' : '0', record]))
    if (got > 0) {
      if (state.knownEpoch > 0 && seen === 0) log('error', 'redis lost the routing state; starting empty', {})
      // a process that died (kill -9, a host gone) says nothing: this is the one line naming it, for alerts on warn
      else if (lastHolder !== undefined && lastHolder !== processId && !holderLetGo)
        log('warn', 'the routing process stopped renewing its lease: this process takes over', {
          expired: lastHolder,
          process: processId,
          epoch: got,
        })
      lastHolder = undefined
      // the takeover runs beside the ticks, which keep renewing the lease meanwhile
      becoming = become(got).catch((error: Error) =>
        log('error', 'taking over routing failed', { error: error.message }),
      )
    }
  }

  /**
   * One MGET: the lease and its list are written by one script call, so the list read is the holder's own. Replies
   * on the one link come back in the order sent, so a read never lands over a later one's answer.
   */
  async function readRouting(): Promise<number> {
    const [epoch, holder, published] = (await link.send([
      'MGET',
      keys.epoch,
      keys.leader,
      keys.leaderCapabilities,
    ])) as Array<string | null>
    // no holder: routing is changing hands and the next list is unknown yet, so none of the routing names is listed
    // (the last one read is a process that no longer routes)
    state.routingCapabilities = holder ? publishedBy(holder, published ?? null) : undefined
    if (holder && holder !== lastHolder) {
      lastHolder = holder
      holderLetGo = false
    }
    return Number(epoch ?? 0)
  }

  function runTick(): Promise<void> {
    ticking ??= tick()
      .catch((error: Error) => {
        if (!(error instanceof CoordinatorUnavailable))
          log('error', 'lease check failed', { error: error.message })
      })
      .finally(() => {
        ticking = undefined
        o.onChecked?.()
      })
    return ticking
  }

  return {
    letGo: () => {
      holderLetGo = true
    },
    tick: runTick,
    tickAfter: () => (ticking ? ticking.then(runTick) : runTick()),
    readRouting,
    becoming: () => becoming,
    ticking: () => ticking,
    release: () => release([keys.leader, keys.leaderCapabilities], [processId]),
  }
}

/** The names `holder` published with its lease; undefined when it published none (an older build) or another did. */
function publishedBy(holder: string, text: string | null): readonly string[] | undefined {
  if (text === null) return undefined
  try {
    const { process, capabilities } = JSON.parse(text) as { process?: unknown; capabilities?: unknown }
    if (process !== holder || !Array.isArray(capabilities)) return undefined
    return capabilities.filter((name): name is string => typeof name === 'string')
  } catch {
    return undefined
  }
}
