// The routing process's side of the commands: runs each one (its own hosts' and those other processes forwarded
// through the Redis list) and answers once its changes are in Redis; "already ended" holds across takeovers.
import { pause } from '@routewright/node-support/pause'
import type { AgentState } from '@routewright/strategy-dsl'
import type { AgentEventInput, Clock, InteractionInput } from '@routewright/strategy-runtime'
import type { CompleteHow, DeployableWorkspace, ForwardedHostCall } from './coordinator.ts'
import { alreadyEnded } from './interaction-book.ts'
import type { AgentQuery, WaitingQuery } from './list-page.ts'
import { endedRefusal, readClosed, readClosedStored } from './redis-closed.ts'
import type { CommandReply, ForwardedCommand, Op } from './redis-forward.ts'
import type { Leader } from './redis-leader.ts'
import { CoordinatorUnavailable, isErrorReply, type RedisLink } from './redis-link.ts'
import type { RoutingState } from './redis-routing-state.ts'
import type { RedisKeys } from './redis-scripts.ts'
import { readVersion } from './redis-stored.ts'
import { answerRetried, requestFingerprint } from './submit-request.ts'
import { CLOSED_STATES } from './types.ts'

/** How often a Redis without blocking pops is asked for forwarded commands: the most a command waits for it. */
const POLL_MS = 20

const READS = new Set<Op>(['versions', 'interaction', 'waiting', 'agents', 'openCount'])
/** Reads the routing process answers from its own state (an ended interaction it does not hold needs Redis). */
const HELD_READS = new Set<Op>([...READS, 'trace'])
/** Commands on one interaction: refused as "already ended" when it ended, here or under an earlier routing process. */
const ON_ONE = new Set<Op>([
  'treatmentDone',
  'confirmReservation',
  'connectAgent',
  'rejectReservation',
  'setPriority',
  'abandon',
  'complete',
])

export interface CommandRunner {
  /** Runs a command in this (routing) process; changes are in Redis when it answers. */
  execute(op: Op, args: unknown[]): Promise<unknown>
  /** Answers forwarded commands while this process routes under epoch `mine`. */
  serve(mine: number): Promise<void>
}

export interface CommandRunnerOptions {
  link: RedisLink
  keys: RedisKeys
  state: RoutingState
  /** Workspaces deployed through this process, by version (others are read from Redis). */
  known: ReadonlyMap<string, DeployableWorkspace>
  clock?: Clock
  /** The host completes an interaction, before the routing process does (redis-windows.ts counts adopted ones). */
  onComplete?: (id: string) => void
  /** A completion or agent state change another process forwarded ran here (its history is recorded here). */
  onForwardedCall?: (call: ForwardedHostCall) => void
}

export function createCommandRunner({
  link,
  keys,
  state,
  known,
  clock,
  onComplete,
  onForwardedCall,
}: CommandRunnerOptions): CommandRunner {
  /**
   * How forwarded commands come off the list: BLMPOP (Redis 7.0+) takes the first and those behind it in one call;
   * an older Redis blocks in BLPOP for the first, then LPOPs the rest; one without blocking commands (a proxy or a
   * config that renames them away) polls with LPOP.
   */
  let pop: 'blmpop' | 'blpop' | 'poll' = 'blmpop'

  /** Waits up to a second for forwarded commands; the texts of all there are (up to 200), or none. */
  async function take(): Promise<string[]> {
    if (pop === 'blmpop') {
      const got = await unlessUnknown(() =>
        link.sendBlocking('commands', ['BLMPOP', '1', '1', keys.commands, 'LEFT', 'COUNT', '200']),
      )
      if (got !== UNKNOWN) return got ? (got as [string, string[]])[1] : []
      pop = 'blpop'
    }
    if (pop === 'blpop') {
      const first = await unlessUnknown(() => link.sendBlocking('commands', ['BLPOP', keys.commands, '1']))
      if (first !== UNKNOWN) {
        if (!first) return []
        // the first is off the list already: a refused LPOP (no COUNT before Redis 6.2) must not lose it
        const more = await link.send(['LPOP', keys.commands, '200']).catch(() => null)
        return [(first as [string, string])[1], ...((more as string[] | null) ?? [])]
      }
      pop = 'poll'
    }
    const got = (await link.send(['LPOP', keys.commands, '200'])) as string[] | null
    if (got) return got
    await pause(POLL_MS)
    return []
  }

  async function serve(mine: number): Promise<void> {
    while (!state.stopping && !state.leaving && state.leader && state.epoch === mine) {
      let texts: string[]
      try {
        texts = await take()
      } catch {
        // a stop closed the link under the blocking pop: a pause now only kept the stopping process alive
        if (!state.stopping) await pause(200)
        continue
      }
      for (const text of texts) void answer(text)
    }
  }

  /** Replies to senders that read them as lists, by reply channel: published together once this turn's work is done. */
  const gathered = new Map<string, CommandReply[]>()
  function publishGathered(): void {
    for (const [channel, replies] of gathered)
      void link.send(['PUBLISH', channel, JSON.stringify(replies)]).catch(() => {})
    gathered.clear()
  }

  async function answer(text: string): Promise<void> {
    const command = JSON.parse(text) as ForwardedCommand
    if (Date.now() > command.deadline) return
    let reply: CommandReply
    try {
      const value = await execute(command.op, command.args)
      reply = { id: command.id, value: value ?? null }
      if ((value as { ok?: boolean } | undefined)?.ok) forwardedRan(command)
    } catch (error) {
      const moving = error instanceof CoordinatorUnavailable && error.moving
      reply = { id: command.id, error: (error as Error).message, ...(moving ? { moving: true } : {}) }
    }
    const channel = keys.reply(command.from)
    if (!command.many) {
      await link.send(['PUBLISH', channel, JSON.stringify(reply)]).catch(() => {})
      return
    }
    // the commands one commit answers settle in one cascade of promise reactions; a tick runs after all of them
    if (gathered.size === 0) process.nextTick(publishGathered)
    const replies = gathered.get(channel)
    if (replies) replies.push(reply)
    else gathered.set(channel, [reply])
  }

  /** Tells of a forwarded host call that makes no event (the process that took it tells its own listeners). */
  function forwardedRan({ op, args }: ForwardedCommand): void {
    if (op === 'complete') {
      const how = args[1] as CompleteHow | undefined
      onForwardedCall?.(how ? { op, id: args[0] as string, how } : { op, id: args[0] as string })
    } else if (op === 'agentEvent') onForwardedCall?.({ op, event: args[0] as AgentEventInput })
  }

  /**
   * A host retries a submit that answered 503 (its forwarded copy may still run, or already ran and finished,
   * perhaps under a routing process that is gone since): the same id is routed once, so a retry of one that already
   * ended is refused, not routed a second time (an id known here, open or ended, is answered by the local
   * coordinator: the same request replayed).
   */
  async function submit(l: Leader, input: InteractionInput): Promise<unknown> {
    if (!l.local.record(input.id) && state.endedBefore.has(input.id)) {
      const ended = await readClosedStored(link, keys, input.id)
      if (ended) {
        const { request, ...view } = ended
        const kept = { id: input.id, state: ended.state, ...(request === undefined ? {} : { request }) }
        return answerRetried(kept, requestFingerprint(input), () => view)
      }
    }
    const result = await l.submit(input)
    await l.flushed()
    // its answer leaves out what was submitted (routes.ts): not sent through Redis to the process that forwarded it
    if (result.ok && result.value.submitted !== undefined) {
      const { submitted: _submitted, ...view } = result.value
      return { ok: true, value: view }
    }
    return result
  }

  /**
   * Not async: an async function's frame (every register of the op table below) is a heap object made per call, ~0.7
   * KB per command; each op's wait is in a small async function (submit, traced, onOne's ran, other).
   */
  function execute(op: Op, args: unknown[]): Promise<unknown> {
    // a fault here rejects, as it did when this was async: callers never see it thrown
    try {
      return dispatch(op, args)
    } catch (error) {
      return Promise.reject(error)
    }
  }

  function dispatch(op: Op, args: unknown[]): Promise<unknown> {
    const l = state.leader
    if (!l)
      return Promise.reject(
        new CoordinatorUnavailable('No routing process holds the lease yet; retry shortly', {
          moving: true,
        }),
      )
    // a hand-over in progress: what the next routing process resumes is written already, so no change goes in after
    if (state.leaving && !HELD_READS.has(op))
      return Promise.reject(
        new CoordinatorUnavailable('Routing moves to another process; retry', { moving: true }),
      )
    // reads answer from what this process holds, Redis or not (HTTP marks them stale meanwhile); writes wait for it
    if (!link.ready() && !HELD_READS.has(op))
      return Promise.reject(new CoordinatorUnavailable(`Redis at ${link.url} is unreachable; retry shortly`))
    // returned, not awaited: the submit's commit is awaited in its own small frame
    if (op === 'submit') return submit(l, args[0] as InteractionInput)
    if (op === 'trace') return traced(l, args[0] as string)
    if (ON_ONE.has(op)) return onOne(l, op, args)
    return other(l, op, args)
  }

  /** The same trace `interaction` would answer, without building this process's view of it. */
  async function traced(l: Leader, id: string): Promise<unknown> {
    return (await l.local.trace(id)) ?? (await readClosed(link, keys, id))?.trace
  }

  /** A command on one interaction: refused as "already ended" when it ended, here or under an earlier routing process. */
  function onOne(l: Leader, op: Op, args: unknown[]): Promise<unknown> {
    const id = args[0] as string
    const known = l.local.record(id)
    if (known && CLOSED_STATES.has(known.state)) return Promise.resolve(alreadyEnded(id, known.state))
    if (!known && state.endedBefore.has(id)) return endedFirst(l, op, args)
    return ran(l, op, args)
  }

  /** One that ended under an earlier routing process is refused as it was stored; else it runs here. */
  async function endedFirst(l: Leader, op: Op, args: unknown[]): Promise<unknown> {
    const ended = await endedRefusal(link, keys, args[0] as string)
    if (ended) return ended
    return ran(l, op, args)
  }

  /** Runs a command on the local coordinator; answers once its changes are in Redis. */
  async function ran(l: Leader, op: Op, args: unknown[]): Promise<unknown> {
    // the agent's load is released before the router, freed, reserves it again for someone waiting
    if (op === 'complete' && l.local.record(args[0] as string)?.state === 'connected') {
      onComplete?.(args[0] as string)
      l.completed(args[0] as string)
    }
    const result = await (l.local[op] as (...a: unknown[]) => Promise<{ ok: boolean }>)(...args)
    await l.flushed()
    return result
  }

  /** The reads, deploy and agent events: seldom per interaction, so one frame for all of them. */
  async function other(l: Leader, op: Op, args: unknown[]): Promise<unknown> {
    if (op === 'interaction') {
      // an interaction that ended under an earlier routing process is read from what that one stored
      const id = args[0] as string
      return (await l.local.interaction(id)) ?? (await readClosed(link, keys, id))
    }
    // a list's query asks for one page of it (an older process sends none and reads the whole list)
    if (op === 'waiting' && args.length > 0) return l.local.waitingPage(args[0] as WaitingQuery)
    if (op === 'agents' && args.length > 0) return l.local.agentsPage(args[0] as AgentQuery)
    if (READS.has(op)) return (l.local[op] as (...a: unknown[]) => Promise<unknown>)(...args)
    if (op === 'deploy') {
      const version = args[0] as string
      // a process starting on the cluster's own files (the same content hash) changes nothing: nothing to announce
      const current = (await l.local.versions()).find((v) => v.status === 'current')
      if (current?.version === version) return current
      const workspace = known.get(version) ?? (await readVersion(link, keys, version))
      const info = await l.local.deploy(workspace)
      // in the same commit as the version it makes current (a takeover's deploys announce nothing)
      l.announce({
        type: 'version-deployed',
        version: info.version,
        strategies: info.strategies,
        at: clock?.now() ?? Date.now(),
      })
      await l.deployed(workspace)
      return info
    }
    if (op === 'agentEvent') {
      const event = { ...(args[0] as AgentEventInput) }
      // one ahead of the leader's clock counts as now (as the router reads it), so Redis keeps no future last word
      const now = clock?.now() ?? Date.now()
      event.at = Math.min(event.at ?? now, now)
      // the condition is checked here, on the leader, in the same turn as the change: no other command runs between
      // a forwarded absent condition arrives as null (JSON)
      const result = await l.local.agentEvent(
        event,
        (args[1] as AgentState | null | undefined) ?? undefined,
        (args[2] as string | null | undefined) ?? undefined,
      )
      if (result.ok) l.agentEvent(event)
      await l.flushed()
      return result
    }
    return ran(l, op, args)
  }

  return { execute, serve }
}

const UNKNOWN = Symbol('unknown command')

/** Redis's answer, or UNKNOWN when it does not have the command (an older version, or renamed away in its config). */
async function unlessUnknown<T>(send: () => Promise<T>): Promise<T | typeof UNKNOWN> {
  try {
    return await send()
  } catch (error) {
    if (isErrorReply(error) && /unknown command/i.test(error.message)) return UNKNOWN
    throw error
  }
}
