// The router's view of agents (state per media, load, idle time) and the pools targets resolve to (group, queue,
// skill expression, one agent). Each pool keeps a ready index per media and its waiting interactions in heaps.
import type { Agent, AgentState, CapacityRule, DirectoryDocument } from '@routewright/strategy-dsl'
import type { AgentValues } from '../engine/expressions.ts'
import type { WaitHeap } from '../queue/wait-heap.ts'
import type { StatSubject } from '../stats/provider.ts'
import { capacityOf } from './agent-capacity.ts'
import { type IdleEntry, ReadyIndex, type StatReader } from './ready-index.ts'

/** A state set for one media only, with its reason if any. */
export interface MediaState {
  state: AgentState
  since: number
  reason?: string
}

export interface AgentRecord {
  id: string
  /** Directory order, the stable tie-break and the round-robin order. */
  index: number
  /** Its directory definition (skills, groups, site): expressions see it through `agentValues`, built when asked. */
  def: Agent
  /** Per-media limits and allowed combinations (the directory's capacity rule, or `capacity` as limits). */
  rule: CapacityRule
  /** Media the agent can take at all under its rule. */
  media: readonly string[]
  /** The agent-wide state: the last event that named no media. */
  state: AgentState
  /** When the agent entered `state` (ms). */
  since: number
  /** Why the agent is in `state` (`lunch`, or the router's `no-answer` after a RONA); never set while ready. */
  reason: string | undefined
  /** States set for one media only (`not-ready` for chat while ready for voice); cleared by an agent-wide event. */
  mediaState: Record<string, MediaState> | undefined
  /** Time of the last agent event, to refuse out-of-order ones. */
  lastEventAt: number
  /** Interactions in progress per media (changed only by capacity.ts). */
  load: Record<string, number>
  /** Places reserved per media, not yet confirmed (changed only by capacity.ts). */
  reserved: Record<string, number>
  /** `load` plus `reserved` per media, what capacity rules check (changed only by capacity.ts). */
  used: Record<string, number>
  /** `load` plus `reserved` over every media, "fewest busy" (changed only by capacity.ts, with them). */
  busy: number
  /**
   * Per media: when the agent's last interaction on it ended, or when it became ready if it handled none since
   * logging in. Longest idle ranks by it; a state change that is not work leaves it alone.
   */
  idleSince: Record<string, number>
  /** Bumped when skills or groups change; skill pools re-evaluate the agent. */
  skillVersion: number
  pools: Pool[]
  /** Its entries in the ready indexes it was ever listed in, a chain (ready-index.ts owns them). */
  readyEntries: IdleEntry | undefined
}

/**
 * The place counts of an agent that has none (load, reserved, used): one frozen record shared by every such agent,
 * replaced by its own on the first change (capacity.ts), so 50,000 idle agents carry no empty objects.
 */
export const NO_PLACES: Record<string, number> = Object.freeze({}) as Record<string, number>

/** The idle times of an agent that has none: shared and frozen, replaced by its own on the first write. */
const NO_IDLE: Record<string, number> = Object.freeze({}) as Record<string, number>

/** Sets when the agent became idle on `media`; `onlyIfUnset` keeps an idle time already running. */
export function setIdleSince(agent: AgentRecord, media: string, at: number, onlyIfUnset = false): void {
  if (onlyIfUnset && agent.idleSince[media] !== undefined) return
  if (agent.idleSince === NO_IDLE) agent.idleSince = {}
  agent.idleSince[media] = at
}

/** Forgets every idle time (logging out). */
export function clearIdleSince(agent: AgentRecord): void {
  agent.idleSince = NO_IDLE
}

/** Skills of agents defined without any: one frozen object for all of them. */
const NO_SKILLS = Object.freeze({}) as NonNullable<Agent['skills']>

export class Pool {
  readonly members = new Set<AgentRecord>()
  /** `members.size`, kept by the AgentIndex as it adds and removes members: every decision reads it. */
  memberCount = 0
  /** Ready agents with a free place, per media. */
  readonly ready = new Map<string, ReadyIndex>()
  /** The ready index last asked for (most pools serve one media): found again without a look into `ready`. */
  private lastReady: ReadyIndex | undefined = undefined
  readonly waiting = new Map<string, WaitHeap>()
  /** The same heaps as a list (each knows its media), walked on every agent's turn without an iterator. */
  readonly waitingHeaps: WaitHeap[] = []
  /** Its statistics subjects (none for a skill pool), built once: every queue event names them. */
  readonly subjects: readonly StatSubject[]
  constructor(
    readonly key: string,
    readonly kind: 'group' | 'queue' | 'skill' | 'agent',
    private readonly readStat: StatReader,
  ) {
    this.subjects = Object.freeze(
      kind === 'skill' ? [] : [Object.freeze({ kind, id: key.slice(key.indexOf(':') + 1) })],
    )
  }

  /** The pool's ready index for `media`, made on first use. */
  readyFor(media: string): ReadyIndex {
    let index = this.readyIndex(media)
    if (!index) {
      index = new ReadyIndex(media, this.readStat)
      this.ready.set(media, index)
      this.lastReady = index
    }
    return index
  }

  /** The pool's ready index for `media`, if one was made. */
  readyIndex(media: string): ReadyIndex | undefined {
    const last = this.lastReady
    if (last !== undefined && last.media === media) return last
    const index = this.ready.get(media)
    if (index !== undefined) this.lastReady = index
    return index
  }
}

/** The agent's state for one media: its media-specific state if it has one, else the agent-wide state. */
export function stateFor(agent: AgentRecord, media: string): AgentState {
  return agent.mediaState?.[media]?.state ?? agent.state
}

/** When the agent entered its state for `media` (ms). */
export function sinceFor(agent: AgentRecord, media: string): number {
  return agent.mediaState?.[media]?.since ?? agent.since
}

export type SkillMatcher = (agent: AgentValues) => boolean

export function agentValues(id: string, def: Agent): AgentValues {
  return {
    id,
    skills: def.skills ?? NO_SKILLS,
    groups: def.groups ?? [],
    occupancy: 0,
    readyFor: 0,
    load: 0,
    ...(def.site !== undefined ? { site: def.site } : {}),
  }
}

export function newAgentRecord(
  id: string,
  index: number,
  def: Agent,
  directory: DirectoryDocument,
  now: number,
): AgentRecord {
  const capacity = capacityOf(def, directory)
  // a plain literal (no spread) keeps every field in the object itself: a spread moves the fields after it out
  return {
    id,
    index,
    def,
    rule: capacity.rule,
    media: capacity.media,
    state: 'logged-out',
    since: now,
    reason: undefined,
    mediaState: undefined,
    lastEventAt: Number.NEGATIVE_INFINITY,
    load: NO_PLACES,
    reserved: NO_PLACES,
    used: NO_PLACES,
    busy: 0,
    idleSince: NO_IDLE,
    skillVersion: 0,
    pools: [],
    readyEntries: undefined,
  }
}

/** Interactions the agent handles or has reserved, over every media ("fewest busy" ranks by it). */
export function busyCount(agent: AgentRecord): number {
  return agent.busy
}

/** The agent as expressions see it now: live time in ready, load and the given occupancy. */
export function liveAgentValues(
  agent: AgentRecord,
  media: string,
  now: number,
  occupancy: number,
): AgentValues {
  let load = 0
  for (const m in agent.load) load += agent.load[m] ?? 0
  const idle = agent.idleSince[media]
  return {
    ...agentValues(agent.id, agent.def),
    occupancy,
    readyFor: stateFor(agent, media) === 'ready' && idle !== undefined ? Math.max(0, (now - idle) / 1000) : 0,
    load,
  }
}

export function directoryAgents(directory: DirectoryDocument): Array<[string, Agent]> {
  return Object.entries(directory.agents ?? {})
}
