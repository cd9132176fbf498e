// What the routing process changed and has not committed to Redis yet (tagged events, holds, interactions and
// agents changed, the current version), and how it becomes the next commit's batch, failed batches first.
import type { AgentEventInput } from '@routewright/strategy-runtime'
import { explainedAt } from './explained-by-trace.ts'
import { ExplanationTexts } from './explanation-texts.ts'
import type { LocalCoordinator } from './local-coordinator.ts'
import { closedText } from './redis-closed.ts'
import type { Batch, PendingEvent } from './redis-commit-pipeline.ts'
import type { CommitHold, CommitOps } from './redis-scripts.ts'
import type { StoredInteraction } from './redis-stored.ts'
import { explanationJson, flat, withExplanation } from './shared-json.ts'
import { type AgentStateEvent, CLOSED_STATES, type ServerEvent, type VersionDeployedEvent } from './types.ts'

/** The changes of one leader, gathered for its commits (redis-leader.ts commits them through its pipeline). */
export interface PendingChanges {
  /** Unique to this leader: its event tags (`<prefix><seq>`) and commit ids start with it. */
  readonly tagPrefix: string
  /** An event to commit (with the input of a submit on an interaction's first); its interaction is written again. */
  event(event: ServerEvent, input?: string): void
  /**
   * A version deployed or an agent's state changed, announced on every process's stream with the next commit (no
   * interaction is written).
   */
  announce(event: VersionDeployedEvent | AgentStateEvent): void
  /** A reservation or connection taken (`c`) or let go (`r`). */
  hold(op: CommitHold): void
  /** The interaction's record (or its closed view) is written again with the next commit. */
  changed(id: string): void
  /**
   * What is stored of an interaction (a submit's input, or what Redis held of one taken over), until newer facts;
   * with a submit's input, its record's submitted fields go with the next commit, once; `submittedKept`: Redis has
   * them already (taken over), so they are not written again.
   */
  store(stored: StoredInteraction, submittedKept?: boolean): void
  /** Submitted fields Redis keeps of no stored interaction (or cannot parse): they go with the next commit. */
  dropSubmitted(ids: readonly string[]): void
  /** A connection taken over: its hold is already in Redis, and a re-seed writes it again. */
  keepHold(op: CommitHold): void
  /** An agent's state for the next leader to replay: the host's, or one a router set itself. */
  agentState(event: AgentEventInput, at: number): void
  /** An agent's stored states that could not be read: written as none (an empty list) by the next commit. */
  dropAgent(agent: string): void
  /**
   * The version new interactions start on, written with the next commit (and again after a re-seed) with its stored
   * copy (`stored`, kept if Redis has it): a copy removed by a commit in flight when it was deployed again comes back.
   */
  deployed(version: string, stored: string): void
  /**
   * The version retired here (nothing open on it): Redis's stored copy goes with the first commit that leaves no
   * stored interaction naming it (a takeover reads the version of each one it resumes).
   */
  retired(version: string): void
  /** SIGTERM: the next commit stores each reserved interaction's snapshot with its reservation, for the next leader. */
  handOver(): void
  /**
   * An explanation's JSON, made once for the next batch's texts (the record carrying it reuses it) and the caller's
   * reply; undefined when JSON.stringify leaves it out.
   */
  explanationText(explanation: object): string | undefined
  /** Everything pending (failed batches first) as one batch; undefined when there is nothing to write. */
  take(failed: Batch[]): Batch | undefined
  /** Nothing is pending: take([]) would answer undefined. */
  idle(): boolean
  /**
   * Redis lost its data: every hold, interaction, agent state and the current version are written again by the next
   * commit, which replaces what Redis holds; `again` (events it may have lost) go before the pending ones.
   */
  reseed(again: PendingEvent[]): void
}

export interface PendingLimits {
  maxEvents: number
  closedTtlMs: number
  maxClosed: number
}

const tagNumber = (tag: string) => Number(tag.slice(tag.indexOf('#') + 1))

// shared by the batches that have none (most commits): read only, frozen so a write would throw, not leak
const NO_IDS: Set<string> = Object.freeze(new Set<string>()) as Set<string>
const NONE: never[] = Object.freeze([]) as unknown as never[]

/**
 * JSON.stringify(entry) (its record first, as take builds it), the record's explanation text shared with its event;
 * left out of the record when `explained` names the trace entry that holds it (its reader puts it back).
 */
function storedJson(entry: StoredInteraction, texts: ExplanationTexts): string {
  // what it was submitted with is written once, beside it (keys.submitted), not with each rewrite of its entry; left
  // out in the one copy that also leaves out or splices its explanation
  const record = entry.record
  const leaveOut = record.submitted === undefined ? undefined : 'submitted'
  // the other members in the order take sets them, written one by one: no copy of the entry without its record
  let tail = ''
  if (entry.snapshot !== undefined) tail += `,"snapshot":${JSON.stringify(entry.snapshot)}`
  if (entry.input !== undefined) tail += `,"input":${JSON.stringify(entry.input)}`
  if (entry.trace !== undefined) tail += `,"trace":${JSON.stringify(entry.trace)}`
  if (entry.arrival !== undefined) tail += `,"arrival":${JSON.stringify(entry.arrival)}`
  if (entry.explained !== undefined) tail += `,"explained":${JSON.stringify(entry.explained)}`
  let head: string
  if (entry.explained === undefined) head = withExplanation(record, texts, leaveOut)
  else {
    const { explanation: _, submitted: _submitted, ...rest } = record
    head = JSON.stringify(rest)
  }
  return `{"record":${head}${tail}}`
}

/** `epoch`: the one the next commit carries. */
export function createPendingChanges(
  local: LocalCoordinator,
  limits: PendingLimits,
  epoch: () => number,
): PendingChanges {
  const shadow = new Map<string, StoredInteraction>()
  const hostAgents = new Map<string, Map<string, AgentEventInput>>()
  let holds: CommitHold[] = []
  /**
   * [tag, event JSON, input JSON?]: the tag (`<leader>#<seq>`) lets readers drop an event a retried commit wrote
   * twice; the input rides on an interaction's first event.
   */
  let events: PendingEvent[] = []
  const tagPrefix = `${Math.random().toString(36).slice(2, 10)}#`
  let seq = 0
  /** The explanations of the events pending, as text: an interaction's record written beside its event reuses it. */
  const explained = new ExplanationTexts()
  const tagged = (event: ServerEvent, input?: string): PendingEvent => [
    `${tagPrefix}${++seq}`,
    // flat: kept until its commit is answered
    flat(withExplanation(event, explained)),
    input,
    event,
  ]
  let dirty = new Set<string>()
  /** Submitted interactions whose submitted fields Redis does not have yet. */
  const unsubmitted = new Set<string>()
  /** Submitted fields in Redis to delete whose interaction's entry stays or is already gone. */
  const staleSubmitted = new Set<string>()
  let agentsDirty = new Set<string>()
  let current: [version: string, stored: string] | undefined
  let lastCurrent: [version: string, stored: string] | undefined
  /** Versions retired here whose stored copy Redis still has; `retireCheck`: whether a take should look again. */
  const retiring = new Set<string>()
  let retireCheck = false
  /** Reservations and connections this leader holds, as committed or about to be: a re-seed writes them again. */
  const active = new Map<string, CommitHold>()
  /** Bumped by a re-seed, which writes every hold again from `active`: holds of older batches are superseded. */
  let generation = 0
  /** The next commit replaces every hold and load in Redis (a re-seed), instead of adding to them. */
  let resetHolds = false

  /** Set at SIGTERM: reserved interactions are stored with their reservation (never on the hot path before). */
  let handingOver = false

  /** Everything pending (failed batches first) as one batch, with the closed views and records as they are now. */
  function take(failed: Batch[]): Batch | undefined {
    if (failed.length > 0) {
      // a re-seed since a batch was made writes every hold from `active` (and resets Redis's): drop its own
      holds = [...failed.filter((b) => b.generation === generation).flatMap((b) => b.holds), ...holds]
      // in tag order: a re-seed may have put older, already committed events in front meanwhile
      events = [...failed.flatMap((b) => b.events), ...events].sort(
        (x, y) => tagNumber(x[0]) - tagNumber(y[0]),
      )
      for (const b of failed) {
        for (const id of b.dirty) dirty.add(id)
        for (const [id] of b.ops.submitted ?? []) unsubmitted.add(id)
        for (const id of b.ops.dropSubmitted ?? []) staleSubmitted.add(id)
        for (const agent of b.agentsDirty) agentsDirty.add(agent)
        if (b.reset) resetHolds = true
      }
      current ??= failed.findLast((b) => b.current !== undefined)?.current
      for (const b of failed)
        for (const version of b.retired) {
          retiring.add(version)
          retireCheck = true
        }
    }
    // made on the first entry only: most batches have no submit, no end, or nothing but holds and events
    let set: Array<[string, string]> = NONE
    let submitted: Array<[string, string]> = NONE
    let del: string[] = NONE
    let delSubmitted = false
    let closed: Array<[string, string]> = NONE
    for (const id of dirty) {
      const record = local.record(id)
      if (!record || CLOSED_STATES.has(record.state)) {
        // the last stored interaction naming a retired version may be leaving Redis: look again below
        if (retiring.size > 0 && retiring.has(shadow.get(id)?.record.version ?? '')) retireCheck = true
        shadow.delete(id)
        unsubmitted.delete(id)
        if (del === NONE) del = []
        del.push(id)
        // no record here (a resume failed, evicted while Redis was away, stored by an older serve): Redis may still
        // have its field, and deleting a missing one costs nothing
        if (record === undefined || record.submitted !== undefined) delSubmitted = true
        // ended: its view stays readable, and refused again, from any process after this one is gone
        const text = record && closedText(local, id)
        if (text) {
          if (closed === NONE) closed = []
          closed.push([id, text])
        }
        continue
      }
      const before = shadow.get(id)
      let input = before?.input
      let snapshot = before?.snapshot
      let trace = before?.trace
      const waiting = local.exportWaiting(id, handingOver)
      if (waiting) {
        snapshot = waiting
        input = undefined
      }
      if (record.state === 'connected' && !trace) {
        // only complete is left: the trace replaces what a resume would need
        trace = local.traceNow(id)
        snapshot = undefined
        input = undefined
      }
      // a new entry, not one with properties deleted: that would turn each into a slow dictionary-mode object
      const entry: StoredInteraction = { record }
      if (snapshot) entry.snapshot = snapshot
      if (input) entry.input = input
      if (trace) entry.trace = trace
      if (before?.arrival) entry.arrival = before.arrival
      // a connected one's explanation is in its trace: written once, there
      const at = explainedAt(record.explanation, trace)
      if (at !== undefined) entry.explained = at
      shadow.set(id, entry)
      if (set === NONE) set = []
      set.push([id, flat(storedJson(entry, explained))])
      if (unsubmitted.delete(id) && record.submitted !== undefined) {
        if (submitted === NONE) submitted = []
        submitted.push([id, JSON.stringify(record.submitted)])
      }
    }
    const retired = retireCheck ? unnamed() : NONE
    const dropSubmitted: string[] = staleSubmitted.size === 0 ? NONE : [...staleSubmitted]
    let agents: Array<[string, string]> = NONE
    if (agentsDirty.size > 0) {
      agents = []
      for (const agent of agentsDirty)
        agents.push([agent, JSON.stringify([...(hostAgents.get(agent)?.values() ?? [])])])
    }
    // an empty list handed over is the shared one: hold and event push onto theirs while the batch is in flight
    const takenHolds: CommitHold[] = holds.length === 0 ? NONE : holds
    const takenEvents: PendingEvent[] = events.length === 0 ? NONE : events
    // members set one by one in the order the commit has always had them: no small object spread per optional one
    const ops = { holds: takenHolds, set } as CommitOps
    if (submitted.length > 0) ops.submitted = submitted
    ops.del = del
    if (delSubmitted) ops.delSubmitted = delSubmitted
    if (dropSubmitted.length > 0) ops.dropSubmitted = dropSubmitted
    ops.agents = agents
    ops.events = takenEvents
    ops.closed = closed
    ops.maxEvents = limits.maxEvents
    ops.closedTtlMs = limits.closedTtlMs
    ops.maxClosed = limits.maxClosed
    if (current !== undefined) {
      ops.current = current[0]
      ops.currentStored = current[1]
    }
    if (retired.length > 0) ops.retired = retired
    if (resetHolds) ops.reset = true
    // a batch sent again (Redis was away) recomputes its records and closed views from `dirty`; an empty set is the
    // shared one, and a set handed over is replaced (the batch keeps it until its commit is answered)
    const batch = {
      holds: takenHolds,
      events: takenEvents,
      dirty: dirty.size === 0 ? NO_IDS : dirty,
      agentsDirty: agentsDirty.size === 0 ? NO_IDS : agentsDirty,
      generation,
      reset: resetHolds,
    } as Batch
    if (current !== undefined) batch.current = current
    batch.retired = retired
    batch.epoch = epoch()
    batch.ops = ops
    // the texts are in this batch now; kept longer, they would be copied out of the young generation
    explained.clear()
    resetHolds = false
    if (holds.length > 0) holds = []
    if (events.length > 0) events = []
    if (dirty.size > 0) dirty = new Set()
    if (agentsDirty.size > 0) agentsDirty = new Set()
    staleSubmitted.clear()
    current = undefined
    const empty =
      batch.holds.length + batch.events.length + batch.dirty.size + batch.agentsDirty.size === 0 &&
      dropSubmitted.length === 0 &&
      batch.current === undefined &&
      retired.length === 0 &&
      !batch.reset
    return empty ? undefined : batch
  }

  /**
   * The retiring versions no stored interaction names any more (taken out of `retiring`): one pass over what Redis
   * stores, only when a version retired or an interaction left Redis while one waits, never on other commits.
   */
  function unnamed(): string[] {
    retireCheck = false
    if (retiring.size === 0) return []
    const named = new Set<string>()
    for (const stored of shadow.values()) named.add(stored.record.version)
    const free = [...retiring].filter((version) => !named.has(version))
    for (const version of free) retiring.delete(version)
    return free
  }

  return {
    tagPrefix,
    // tagged like the others, so a retried commit announces it once; readers parse its JSON (it is rare)
    announce: (event) => void events.push([`${tagPrefix}${++seq}`, JSON.stringify(event), undefined]),
    event(event, input) {
      events.push(tagged(event, input))
      dirty.add(event.interaction)
    },
    hold(op) {
      holds.push(op)
      if (op[0] === 'c') active.set(op[1], op)
      else if (op[0] === 'r') active.delete(op[1])
    },
    changed: (id) => dirty.add(id),
    store(stored, submittedKept = false) {
      shadow.set(stored.record.id, stored)
      dirty.add(stored.record.id)
      if (stored.input !== undefined && !submittedKept) unsubmitted.add(stored.record.id)
    },
    dropSubmitted(ids) {
      for (const id of ids) staleSubmitted.add(id)
    },
    keepHold: (op) => active.set(op[1], op),
    agentState(event, at) {
      let byMedia = hostAgents.get(event.agent)
      if (!byMedia) {
        byMedia = new Map()
        hostAgents.set(event.agent, byMedia)
      }
      if (event.media === undefined) byMedia.clear()
      byMedia.set(event.media ?? '*', { ...event, at })
      agentsDirty.add(event.agent)
    },
    dropAgent(agent) {
      hostAgents.delete(agent)
      agentsDirty.add(agent)
    },
    deployed(version, stored) {
      current = [version, stored]
      lastCurrent = current
      // deployed again before its stored copy went: it stays
      retiring.delete(version)
    },
    retired(version) {
      retiring.add(version)
      retireCheck = true
    },
    handOver() {
      handingOver = true
      for (const [id, op] of active) if (op[0] === 'c') dirty.add(id)
    },
    explanationText(explanation) {
      let text = explained.get(explanation)
      if (text === undefined) {
        text = explanationJson(explanation)
        if (text !== undefined) explained.set(explanation, text)
      }
      return text
    },
    take,
    idle: () =>
      holds.length === 0 &&
      events.length === 0 &&
      dirty.size === 0 &&
      agentsDirty.size === 0 &&
      staleSubmitted.size === 0 &&
      current === undefined &&
      !(retireCheck && retiring.size > 0) &&
      !resetHolds,
    reseed(again) {
      generation++
      resetHolds = true
      holds = [...active.values()]
      events = [...again, ...events]
      for (const id of shadow.keys()) {
        dirty.add(id)
        unsubmitted.add(id)
      }
      for (const agent of hostAgents.keys()) agentsDirty.add(agent)
      current = lastCurrent
    },
  }
}
