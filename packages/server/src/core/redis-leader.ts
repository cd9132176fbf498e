// The routing process of a Redis cluster: a LocalCoordinator whose every change (interaction records and
// snapshots, reservations, agent states, events) is committed to Redis in fenced, pipelined Lua calls before anyone
// sees it (redis-pending.ts gathers the changes into batches; redis-takeover.ts rebuilds a leader from Redis when it
// takes over from a process that died or left).
import { capacityRuleOf, type DirectoryDocument } from '@routewright/strategy-dsl'
import type { AgentEventInput, InteractionInput } from '@routewright/strategy-runtime'
import type { DeployableWorkspace } from './coordinator.ts'
import type { InteractionRecord } from './interaction-book.ts'
import {
  createLocalCoordinator,
  type LocalCoordinator,
  type LocalCoordinatorOptions,
} from './local-coordinator.ts'
import { closedText } from './redis-closed.ts'
import {
  type Batch,
  createCommitPipeline,
  DEFAULT_COMMIT_LINGER_MS,
  type PendingEvent,
  type Verdict,
} from './redis-commit-pipeline.ts'
import { commitWhen } from './redis-commit-when.ts'
import { CoordinatorUnavailable, type RedisLink } from './redis-link.ts'
import { createPendingChanges } from './redis-pending.ts'
import { COMMIT, commitCall, type RedisKeys, STORE_CLOSED } from './redis-scripts.ts'
import { type StoredInteraction, storedVersionText } from './redis-stored.ts'
import { EXPLANATION_JSON } from './shared-json.ts'
import { type SubmitStage, submitTiming } from './submit-timing.ts'
import type { CommandResult, InteractionView, ServerEvent, VersionDeployedEvent } from './types.ts'

/** The commit refused: another process leads now, or (a fault) a reservation would overbook an agent. */
export class CommitRefused extends CoordinatorUnavailable {
  override name = 'CommitRefused'
}

export interface Leader {
  local: LocalCoordinator
  /**
   * Resolves when every change so far is in Redis (hurrying none that lingers); rejects with CommitRefused or
   * CoordinatorUnavailable (also after stop: a change made then is committed under its epoch, or refused once another
   * process routes).
   */
  flushed(): Promise<void>
  /** A host agent event, recorded for the next leader to replay (with the states routers set themselves). */
  agentEvent(event: AgentEventInput): void
  /** An agent's state Redis kept, given to this leader's routers at a takeover: recorded again, not streamed. */
  replayAgent(event: AgentEventInput): Promise<unknown>
  /**
   * Submits here: the input goes into the stream with the interaction's first event (every process's history
   * and monitor records get its media, priority and data) and is kept until there is a waiting snapshot.
   */
  submit(input: InteractionInput): Promise<CommandResult<InteractionView>>
  /**
   * What Redis held of an interaction being taken over, kept until newer facts replace it; `submittedKept`: Redis has
   * its submitted fields beside it (not written again).
   */
  remember(stored: StoredInteraction, submittedKept?: boolean): void
  /** Submitted fields Redis holds of no stored interaction, or unreadable: deleted by the next commit. */
  dropSubmitted(ids: readonly string[]): void
  /**
   * Entries a takeover could not read (no record to resume): deleted, submitted fields, hold and agent load too, by
   * the next commit.
   */
  dropUnreadable(ids: readonly string[]): void
  /** Agents whose stored states a takeover could not read: written again as none by the next commit. */
  dropAgents(agents: readonly string[]): void
  /** The host completed an interaction: its reservation's load is released in Redis too. */
  completed(id: string): void
  deployed(workspace: DeployableWorkspace): Promise<void>
  /**
   * Stored versions a takeover found that no stored interaction names and that are not current (left by a routing
   * process that stopped before removing them, or by a serve before they were removed): they go as retired ones do.
   */
  dropStored(versions: readonly string[]): void
  /** A host deployed a version: every process's stream says so, with the commit that makes it current. */
  announce(event: VersionDeployedEvent): void
  /**
   * Redis lost its data: the events other processes may have missed and everything this leader knows go into the
   * next commit, before any event made later. Called at once, before the new epoch is written: a commit sent under
   * the new epoch before them would put later tags in the stream first, and readers drop a tag below the last they
   * delivered (the missed events were lost for good, and their interactions never confirmed or completed).
   */
  dataLost(): void
  /**
   * Writes what dataLost() gathered, under the new epoch (the ended interactions it still keeps in chunks after
   * that, so they stay readable after a later takeover).
   */
  reseed(): Promise<void>
  /** The epoch the next commits carry (set before a re-seed writes it, so commits in flight are not faults). */
  setEpoch(epoch: number): void
  /** SIGTERM: reserved interactions go to Redis with their reservation, which the next leader keeps under its id. */
  handOver(): void
  /** A reservation made by a process that is gone: released, announced, and (by the caller) put back in line. */
  withdraw(record: InteractionRecord): void
  stop(): void
}

/** A reserved interaction handed over with its reservation (SIGTERM): the next leader holds it under the same id. */
export function keepsReservation(stored: StoredInteraction): boolean {
  const { state, reservation } = stored.record
  return state === 'reserved' && reservation !== undefined && stored.snapshot?.reservation?.id === reservation
}

/** Notes the stage of every routed event in the batch (ROUTEWRIGHT_SUBMIT_TIMING). */
function markRouted(batch: Batch, stage: SubmitStage): void {
  for (const [, , , event] of batch.events)
    if (event?.type === 'routed') submitTiming?.mark(event.interaction, stage)
}

export function createLeader(link: RedisKeysLink, firstEpoch: number, options: LeaderOptions): Leader {
  const { link: redis, keys } = link
  // a state a router set itself (not ready after a RONA) is the agent's last word for the next leader too
  // reservation ids carry the epoch: the next routing process never gives out one a host may still answer
  const local = createLocalCoordinator({
    ...options,
    reservationTag: `e${firstEpoch}-`,
    onAgentDecided: (event) => agentState(event),
    onVersionRetired: retired,
  })
  let epoch = firstEpoch
  const commit = redis.script(COMMIT)
  const storeClosed = redis.script(STORE_CLOSED)
  const directories = new Map<string, DirectoryDocument>()
  const pending = createPendingChanges(local, options, () => epoch)
  /** Inputs of submits running now, until their first event carries them. */
  const inputs = new Map<string, string>()
  /**
   * The last events committed, [tag, event or its JSON, input?]: a Redis that restarted empty lost its stream, with
   * events the other processes may not have read yet; a re-seed writes these again (readers drop the tags they
   * already have). The event itself is kept where this process has it (the event log holds it anyway), its JSON
   * made again on a re-seed: 10,000 JSON copies that live on would be copied out of the young generation by the
   * scavenger once each (about 1 KB per routed interaction).
   */
  let recent: Array<[tag: string, event: ServerEvent | string, input: string | undefined]> = []
  const keptRecent = Math.min(options.maxEvents, 10_000)
  let stopped = false
  /** Submits accepted under the current epoch: with it, their order for the next routing process (arrivedBefore). */
  let arrivals = 0

  function ruleOf(version: string, agent: string) {
    const directory = directories.get(version)
    return capacityRuleOf(directory?.agents?.[agent] ?? {}, directory?.capacityRules)
  }

  /** A submit routed at once, its record and explanation's text pending for the next commit. */
  function submitted(input: InteractionInput): CommandResult<InteractionView> {
    inputs.set(input.id, JSON.stringify(input))
    let result: CommandResult<InteractionView>
    try {
      result = local.submitNow(input)
    } finally {
      inputs.delete(input.id)
    }
    // a retried submit answered with the interaction as it is: nothing new to store (its arrival stays)
    if (!result.ok || result.value.replayed) return result
    submitTiming?.mark(input.id, 'decided')
    // one text of the explanation for the record's commit and the reply (each stringified it before)
    const explanation = result.value.explanation
    const text = explanation && pending.explanationText(explanation)
    if (text !== undefined) (result.value as { [EXPLANATION_JSON]?: string })[EXPLANATION_JSON] = text
    const record = local.record(input.id)
    if (record) pending.store({ record, input, arrival: [epoch, ++arrivals] })
    else pending.changed(input.id)
    // its submitter waits for this commit (and its routed event with it): sent in this turn, not the next
    void schedule('soon').catch(() => {})
    return result
  }

  const pipeline = createCommitPipeline({
    idPrefix: pending.tagPrefix,
    take: pending.take,
    idle: pending.idle,
    commit: (batch, id, after) => {
      if (submitTiming) markRouted(batch, 'commitSent')
      return commit(...commitCall(keys, batch.epoch, id, after, batch.ops))
    },
    settle,
    lingerMs: options.commitLingerMs ?? DEFAULT_COMMIT_LINGER_MS,
  })
  const schedule = pipeline.schedule

  const unsubscribe = local.subscribe((event: ServerEvent) => {
    const input = event.type === 'error' ? undefined : inputs.get(event.interaction)
    if (input !== undefined) inputs.delete(event.interaction)
    pending.event(event, input)
    if (event.type === 'routed') {
      const media = local.record(event.interaction)?.media ?? 'voice'
      const rule = ruleOf(event.version, event.agent)
      pending.hold(['c', event.interaction, event.agent, media, rule, event.reservation])
    } else if (event.type === 'reservation-rejected')
      pending.hold(['r', event.interaction, event.reservation])
    else if (event.type === 'finished') {
      // a confirmation commits only if Redis holds the reservation it confirmed (checked in the commit script)
      const reservation =
        event.outcome === 'routed' ? local.record(event.interaction)?.reservation : undefined
      if (reservation !== undefined) pending.hold(['k', event.interaction, reservation])
      else if (event.outcome !== 'routed') pending.hold(['r', event.interaction])
    }
    schedule(commitWhen(event))
  })

  // every change of an agent's state reaches every process's stream with the next commit
  const unsubscribeAgents = local.onAgentState((event) => {
    pending.announce(event)
    void schedule('linger').catch(() => {})
  })

  function settle(batch: Batch, answer: unknown): Verdict {
    if (answer === 'lost') {
      options.onLost()
      const error = new CoordinatorUnavailable(
        'Redis restarted without its data; the routing process is writing it back',
      )
      return { error, keep: true }
    }
    // behind a commit Redis did not apply, or sent before this leader re-seeded Redis under a new epoch: again
    if (answer === 'gap' || (answer === 'fenced' && epoch !== batch.epoch)) return 'again'
    if (!Array.isArray(answer)) {
      const error = new CommitRefused(
        answer === 'fenced'
          ? 'Another process took over routing (this one lost its lease)'
          : String(answer).startsWith('stale:')
            ? `Redis holds another reservation than the one this process answered (${String(answer)})`
            : `Redis refused a reservation that would put an agent over capacity (${String(answer)})`,
        { moving: answer === 'fenced' },
      )
      // a leader that stopped is not the caller's to step down: this process may route again with a new one
      if (!stopped) options.onFault(error)
      return { error, keep: false }
    }
    const ids = answer.slice(1) as string[]
    if (submitTiming) markRouted(batch, 'committed')
    for (const [tag, json, input, event] of batch.events) recent.push([tag, event ?? json, input])
    if (recent.length > keptRecent * 2) recent = recent.slice(-keptRecent)
    for (let i = 0; i < ids.length; i++) {
      const [tag, json, input, event] = batch.events[i]!
      options.onCommitted(ids[i]!, json, tag, input, event)
    }
    return 'applied'
  }

  /** Nothing is open on `version` here any more: what is kept of it goes (Redis's copy once nothing stored names it). */
  function retired(version: string): void {
    directories.delete(version)
    pending.retired(version)
    options.onRetired?.(version)
    void schedule('linger').catch(() => {})
  }

  /** An agent's state for the next leader to replay: the host's, or one a router set itself. */
  function agentState(event: AgentEventInput): void {
    pending.agentState(event, event.at ?? options.clock?.now() ?? Date.now())
    // recorded for the next leader only: an agent made ready that routes someone commits with that routed event
    void schedule('linger').catch(() => {})
  }

  /** Ended interactions' views, written again after a re-seed: in chunks, so no one call holds Redis long. */
  async function rewriteClosed(): Promise<void> {
    const ids = local.closedIds()
    for (let i = 0; i < ids.length && !stopped; i += 500) {
      const args = [keys.closedPrefix, String(options.closedTtlMs), String(options.maxClosed)]
      for (const id of ids.slice(i, i + 500)) {
        const text = closedText(local, id)
        if (text) args.push(id, text)
      }
      await storeClosed([keys.closedOrder], args)
    }
  }

  return {
    local,
    // also once stopped: a command that awaited Redis while routing moved (an ended id's record, a stored version)
    // runs on and commits under the old epoch; its host hears whether Redis took it (or was fenced: retry)
    flushed: pipeline.flushed,
    agentEvent: agentState,
    replayAgent(event) {
      agentState(event)
      // no change of the agent: the local coordinator applies it without announcing it
      return Promise.resolve(local.replayAgentEvent(event))
    },
    // not async: an async function's frame is a heap object, alive through the routing (where scavenges fall)
    submit(input) {
      try {
        return Promise.resolve(submitted(input))
      } catch (error) {
        return Promise.reject(error)
      }
    },
    handOver() {
      pending.handOver()
      void schedule().catch(() => {})
    },
    remember(stored, submittedKept) {
      pending.store({ ...stored }, submittedKept)
      // a connected one keeps its agent, and so does one handed over reserved: a later re-seed (Redis restarted
      // empty) must write that hold again too
      const { id, state, agent, media, version, reservation } = stored.record
      if ((state === 'connected' || keepsReservation(stored)) && agent) {
        const rule = ruleOf(version, agent)
        pending.keepHold(
          reservation === undefined
            ? ['c', id, agent, media, rule]
            : ['c', id, agent, media, rule, reservation],
        )
      }
    },
    dropSubmitted: (ids) => pending.dropSubmitted(ids),
    dropUnreadable(ids) {
      // no record here: the commit deletes the entry and its submitted field (redis-pending.ts take); a takeover
      // reads no holds, so its hold and the agent's load go too ('r' naming no reservation releases what is held)
      for (const id of ids) {
        pending.hold(['r', id])
        pending.changed(id)
      }
    },
    dropAgents(agents) {
      for (const agent of agents) pending.dropAgent(agent)
    },
    completed(id) {
      pending.hold(['r', id])
      pending.changed(id)
      // the load released: an interaction routed to the freed agent commits with its own (urgent) routed event
      void schedule('linger').catch(() => {})
    },
    announce: (event) => pending.announce(event),
    async deployed(workspace) {
      directories.set(workspace.version, workspace.directory)
      pending.deployed(workspace.version, storedVersionText(workspace))
      options.onDeployed?.(workspace)
      await schedule()
    },
    dropStored(versions) {
      for (const version of versions) pending.retired(version)
    },
    setEpoch(next) {
      epoch = next
      arrivals = 0
    },
    dataLost() {
      // the events other processes may have missed go first (same tags: a reader drops those it has)
      const again = recent
        .slice(-keptRecent)
        .map(
          ([tag, event, input]): PendingEvent => [
            tag,
            typeof event === 'string' ? event : JSON.stringify(event),
            input,
          ],
        )
      pending.reseed(again)
      recent = []
    },
    reseed() {
      const written = schedule()
      // beside the lease ticks, not in their way; a Redis lost again meanwhile leaves the rest unwritten
      void written.then(rewriteClosed).catch(() => {})
      return written
    },
    withdraw(record) {
      pending.hold(record.reservation === undefined ? ['r', record.id] : ['r', record.id, record.reservation])
      const event: ServerEvent = {
        type: 'reservation-rejected',
        interaction: record.id,
        at: options.clock?.now() ?? Date.now(),
        agent: record.agent ?? '',
        reservation: record.reservation ?? '',
        reason: 'the routing process that made this reservation stopped; the interaction is back in line',
        // not the agent's doing: its state is what the new routing process knows
        withdrawn: true,
        version: record.version,
        strategy: record.strategy,
      }
      pending.event(event)
    },
    stop() {
      stopped = true
      unsubscribe()
      unsubscribeAgents()
      void local.stop()
    },
  }
}

export type LeaderOptions = LocalCoordinatorOptions & {
  maxEvents: number
  /** Ended interactions' views stay in Redis this long ... */
  closedTtlMs: number
  /** ... and at most this many of them (the oldest dropped first). */
  maxClosed: number
  /**
   * A change nobody's routing waits on (a confirm, a complete, an agent's state) waits up to this many ms to ride the
   * next urgent commit (a submit's, a routed event's); 0: it commits at the next turn. Default 2.
   */
  commitLingerMs?: number
  /** The commit was refused (fenced or over capacity): the caller steps down. */
  onFault: (error: Error) => void
  /** Redis has no epoch any more (restarted empty): the caller re-seeds it. */
  onLost: () => void
  /**
   * An event is in Redis under this stream id (in order), with the submitted input on an interaction's first;
   * `parsed` is the event itself when this process made it (no need to parse the JSON again).
   */
  onCommitted: (
    id: string,
    event: string,
    tag: string,
    input: string | undefined,
    parsed: ServerEvent | undefined,
  ) => void
  /**
   * A takeover replayed the agents' states and resumes the interactions Redis holds next (redis-windows.ts
   * restores the statistics windows there).
   */
  beforeResume?: (versions: string[], stored: readonly StoredInteraction[]) => Promise<void>
  /** This leader deployed a version (a host's deploy, or one a takeover resumes interactions on). */
  onDeployed?: (workspace: DeployableWorkspace) => void
  /** This leader retired a version: nothing open on it (redis-coordinator.ts forgets its workspace). */
  onRetired?: (version: string) => void
}

export interface RedisKeysLink {
  link: RedisLink
  keys: RedisKeys
}
