// The agents the memory provider knows: their live status, and the figures each change moves.
import { type AgentState, type DirectoryDocument, fitsCapacity } from '@routewright/strategy-dsl'
import type { AgentCapacity } from '../selection/agent-capacity.ts'
import { agentCapacityOf, loggedInOnAnyMedia, stateOnMedia } from './agent-media-rule.ts'
import type { AgentSide, SubjectFigures } from './memory-subject.ts'
import { AgentTimeline } from './memory-timeline.ts'
import type { AgentStatus, StatChange } from './provider.ts'

/** An agent's status for a scenario snapshot; `since` defaults to now, `load` to what it has. */
export interface AgentSetup {
  state: AgentState
  since?: number
  load?: Readonly<Record<string, number>>
}

/**
 * One agent: its live status, the subjects its changes move, and its own figures. An agent is its own statistics
 * subject (`agent:<id>`): its counts follow from its flags and load and its four figures are one timeline it extends,
 * so 50,000 agents carry no per-agent subject object, key string, map entry or series object besides this record.
 */
export class AgentRecord extends AgentTimeline implements AgentSide {
  /** Its status as fields (a status object is built only when someone asks: 50,000 agents carry none). */
  state: AgentState = 'logged-out'
  since: number
  /** Never changed in place: shared frozen loads (one media) or a copy per change. */
  load: Readonly<Record<string, number>> = NO_LOAD
  /** Places the router holds for offers ringing at her, by media (its reservations): no free place for others. */
  reserved: Readonly<Record<string, number>> = NO_LOAD
  /** Bits LOGGED_IN | READY_FREE | STAFFED | HANDLING: one number, so a change allocates nothing. */
  flags = 0
  /** States set for one media only (not ready for chat while ready for voice); an agent-wide state clears them. */
  mediaState: Readonly<Record<string, AgentState>> | undefined = undefined
  /** When each of `mediaState` began, by media (TimeInReadyState counts from them). */
  mediaSince: Readonly<Record<string, number>> | undefined = undefined

  constructor(
    readonly id: string,
    since: number,
    /** These three change only when the directory does (AgentBook.setDirectory). */
    public capacity: AgentCapacity,
    /** Groups, then queues: everything else its state counts towards (shared by agents of the same groups). */
    public members: readonly SubjectFigures[],
    /** Its groups: where its completions count besides itself (shared too). */
    public creditTo: readonly SubjectFigures[],
    horizonMs: number,
  ) {
    super(horizonMs)
    this.since = since
  }

  /** Its status now, a new object (callers may keep it); per-media states ride along so a Redis copy keeps them. */
  get status(): AgentStatus {
    const status: AgentStatus = { state: this.state, since: this.since, load: this.load }
    if (this.mediaState !== undefined) status.mediaStates = this.mediaState
    if (this.mediaSince !== undefined) status.mediaSince = this.mediaSince
    return status
  }

  get loggedIn(): number {
    return this.flags & LOGGED_IN ? 1 : 0
  }

  get readyFree(): number {
    return this.flags & READY_FREE ? 1 : 0
  }

  get staffed(): number {
    return this.flags & STAFFED ? 1 : 0
  }

  /** Interactions in progress over every media (the agent's CurrentLoad). */
  get totalLoad(): number {
    let sum = 0
    for (const media in this.load) sum += this.load[media] ?? 0
    return sum
  }

  /** Its own time integrals follow its flags (a rate of 0 or 1). */
  shiftOwn(at: number, prev: number, next: number): void {
    if ((prev ^ next) & (LOGGED_IN | HANDLING))
      this.setRates(at, next & LOGGED_IN ? 1 : 0, next & HANDLING ? 1 : 0)
  }
}

const LOGGED_IN = 1
const READY_FREE = 2
const STAFFED = 4
const HANDLING = 8

const NO_SUBJECTS: readonly SubjectFigures[] = Object.freeze([])

/** Loads of one media with a small count, shared and frozen: most agents work one media, so a change allocates none. */
const SHARED_LOADS = new Map<string, ReadonlyArray<Readonly<Record<string, number>>>>()
const SHARED_UP_TO = 8
const NO_LOAD: Readonly<Record<string, number>> = Object.freeze({})

/** `load` with `media` set to `n`: a shared object when that is the only media in use, else a copy. */
function withLoad(
  load: Readonly<Record<string, number>>,
  media: string,
  n: number,
): Readonly<Record<string, number>> {
  let others = false
  for (const m in load) if (m !== media && (load[m] ?? 0) !== 0) others = true
  if (!others && n <= SHARED_UP_TO) {
    if (n === 0) return NO_LOAD
    let shared = SHARED_LOADS.get(media)
    if (!shared) {
      shared = Array.from({ length: SHARED_UP_TO + 1 }, (_, k) => Object.freeze({ [media]: k }))
      SHARED_LOADS.set(media, shared)
    }
    return shared[n]!
  }
  const copy = { ...load }
  copy[media] = n
  return copy
}

/**
 * Load and reservations together, by media: the places the router counts as taken. Built by `withLoad`, so an agent
 * of one media with an offer ringing gets a shared object, not a copy per event (a media at 0 reads as absent).
 */
function usedPlaces(
  load: Readonly<Record<string, number>>,
  reserved: Readonly<Record<string, number>>,
): Readonly<Record<string, number>> {
  let used = load
  for (const media in reserved) {
    const held = reserved[media] ?? 0
    if (held !== 0) used = withLoad(used, media, (used[media] ?? 0) + held)
  }
  return used
}

function flagsOf(
  status: AgentRecord,
  capacity: AgentCapacity,
  mediaState: Readonly<Record<string, AgentState>> | undefined,
): number {
  // indexed loops: a for-of over the shared media list allocates an iterator per change
  const { rule, media } = capacity
  // logged in on any media of her capacity is logged in (docs/statistics.md "Logged in", history docs/figures.md
  // "State times per media")
  const loggedIn = loggedInOnAnyMedia(status.state, mediaState, media)
  let load = 0
  let readyFree = false
  let staffed = loggedIn && status.state !== 'not-ready'
  for (const media in status.load) load += status.load[media] ?? 0
  // a free place as the router counts it: its reservations hold places too (selection/capacity.ts `used`)
  const used = status.reserved === NO_LOAD ? status.load : usedPlaces(status.load, status.reserved)
  if (mediaState === undefined) {
    if (status.state === 'ready')
      for (let i = 0; i < media.length && !readyFree; i++) readyFree = fitsCapacity(rule, used, media[i]!)
  } else if (loggedIn) {
    // per media: ready with a free place in some media; staffed while some media is logged in and not not-ready
    staffed = false
    for (let i = 0; i < media.length; i++) {
      const state = stateOnMedia(status.state, mediaState, media[i]!)
      if (state !== 'not-ready' && state !== 'logged-out') staffed = true
      // a free place as the router counts it: the rule's limits and combinations over her load
      if (!readyFree && state === 'ready' && fitsCapacity(rule, used, media[i]!)) readyFree = true
    }
  }
  const handling = status.state === 'busy' || status.state === 'after-call-work' || load > 0
  return (
    (loggedIn ? LOGGED_IN : 0) |
    (readyFree ? READY_FREE : 0) |
    (staffed ? STAFFED : 0) |
    (loggedIn && handling ? HANDLING : 0)
  )
}

/** Same subjects in the same order (lists rebuilt for a new directory are new arrays). */
function sameList(a: readonly SubjectFigures[], b: readonly SubjectFigures[]): boolean {
  return a.length === b.length && a.every((f, i) => f === b[i])
}

function sameCapacity(a: AgentCapacity, b: AgentCapacity): boolean {
  // a shared rule is the same object; an agent's own capacity makes a new rule on every directory
  return a.rule === b.rule || JSON.stringify(a.rule) === JSON.stringify(b.rule)
}

/** +1 when `bit` turned on from `before` to `after`, -1 when it turned off, else 0. */
function delta(before: number, after: number, bit: number): number {
  return (after & bit ? 1 : 0) - (before & bit ? 1 : 0)
}

/** Keeps each agent's status and moves its subjects' counts and time integrals when it changes. */
export class AgentBook {
  private readonly agents = new Map<string, AgentRecord>()
  private readonly groupQueues = new Map<string, string[]>()
  /** Subject lists by group list: agents of the same groups share them (they are never changed). */
  private readonly lists = new Map<
    string,
    { members: readonly SubjectFigures[]; creditTo: readonly SubjectFigures[] }
  >()

  constructor(
    private directory: DirectoryDocument,
    private readonly figures: (key: string) => SubjectFigures,
    private readonly notify: (change: StatChange) => void,
    /** Whether anybody is to be told of a change now (the feeder of the event being recorded is not). */
    private readonly listening: () => boolean,
    private createdAt: number,
    private readonly horizonMs: number,
  ) {
    this.indexQueues()
  }

  private indexQueues(): void {
    this.groupQueues.clear()
    for (const [queue, def] of Object.entries(this.directory.queues ?? {})) {
      for (const group of def.groups)
        this.groupQueues.set(group, [...(this.groupQueues.get(group) ?? []), queue])
    }
  }

  /**
   * A changed directory at `at`: each agent counts towards the groups and queues it names now (moved out of the
   * others with its state and load), with its new capacity; agents it no longer names and `keep` does not keep
   * are taken out of every figure and forgotten.
   */
  setDirectory(directory: DirectoryDocument, at: number, keep: (agent: string) => boolean): void {
    this.directory = directory
    this.indexQueues()
    this.lists.clear()
    this.last = undefined
    for (const rec of [...this.agents.values()]) {
      const def = directory.agents?.[rec.id]
      if (!def && !keep(rec.id)) {
        this.move(rec, NO_SUBJECTS, NO_SUBJECTS, rec.capacity, at)
        this.agents.delete(rec.id)
        continue
      }
      const lists = this.listsOf(def?.groups ?? [])
      const capacity = agentCapacityOf(directory, rec.id)
      // unchanged membership keeps its arrays (agents of the same groups share them again)
      if (sameList(rec.members, lists.members) && sameCapacity(rec.capacity, capacity)) {
        rec.members = lists.members
        rec.creditTo = lists.creditTo
        continue
      }
      this.move(rec, lists.members, lists.creditTo, capacity, at)
      this.notify({ kind: 'agent', agent: rec.id, status: rec.status })
    }
  }

  /** Takes the agent's state and load out of its subjects and puts them into `members` (capacity may change). */
  private move(
    rec: AgentRecord,
    members: readonly SubjectFigures[],
    creditTo: readonly SubjectFigures[],
    capacity: AgentCapacity,
    at: number,
  ): void {
    const prev = rec.flags
    const load = rec.totalLoad
    const bit = (flags: number, b: number) => (flags & b ? 1 : 0)
    for (const f of rec.members) {
      const side = f.agents
      side.shift(at, -bit(prev, LOGGED_IN), -bit(prev, READY_FREE), -bit(prev, STAFFED), -bit(prev, HANDLING))
      side.load -= load
    }
    rec.members = members
    rec.creditTo = creditTo
    rec.capacity = capacity
    const flags = flagsOf(rec, capacity, rec.mediaState)
    rec.shiftOwn(at, prev, flags)
    rec.flags = flags
    for (const f of members) {
      const side = f.agents
      side.shift(at, bit(flags, LOGGED_IN), bit(flags, READY_FREE), bit(flags, STAFFED), bit(flags, HANDLING))
      side.load += load
    }
  }

  /** The record last asked for: an agent that completes is often routed the next interaction at once. */
  private last: AgentRecord | undefined = undefined

  /** The agent's record, created logged out on first use. */
  record(id: string): AgentRecord {
    const last = this.last
    if (last !== undefined && last.id === id) return last
    let rec = this.agents.get(id)
    if (rec) {
      this.last = rec
      return rec
    }
    const def = this.directory.agents?.[id]
    const groups = def?.groups ?? []
    const lists = this.listsOf(groups)
    rec = new AgentRecord(
      id,
      this.createdAt,
      agentCapacityOf(this.directory, id),
      lists.members,
      lists.creditTo,
      this.horizonMs,
    )
    this.agents.set(id, rec)
    this.last = rec
    return rec
  }

  /** Every agent record made so far (window-snapshot.ts). */
  records(): IterableIterator<AgentRecord> {
    return this.agents.values()
  }

  /** The agent if it had an event (its own figures for reads), else undefined. */
  known(id: string): AgentRecord | undefined {
    return this.agents.get(id)
  }

  private listsOf(groups: readonly string[]): {
    members: readonly SubjectFigures[]
    creditTo: readonly SubjectFigures[]
  } {
    const key = groups.join('\n')
    let lists = this.lists.get(key)
    if (!lists) {
      const queues = new Set(groups.flatMap((g) => this.groupQueues.get(g) ?? []))
      const creditTo = Object.freeze(groups.map((g) => this.figures(`group:${g}`)))
      const members =
        queues.size === 0
          ? creditTo
          : Object.freeze(creditTo.concat([...queues].map((q) => this.figures(`queue:${q}`))))
      lists = { members, creditTo }
      this.lists.set(key, lists)
    }
    return lists
  }

  /** Directory agents never heard of are logged out; others are unknown. */
  status(id: string): AgentStatus | undefined {
    const rec = this.agents.get(id)
    if (rec) return rec.status
    return this.directory.agents?.[id] ? { state: 'logged-out', since: this.createdAt, load: {} } : undefined
  }

  /** An agent-state event: the same state again keeps `since`; it ends every per-media state. */
  setState(id: string, state: AgentState, at: number): void {
    const rec = this.record(id)
    const since = rec.state === state && rec.mediaState === undefined ? rec.since : at
    rec.mediaState = undefined
    rec.mediaSince = undefined
    rec.state = state
    rec.since = since
    this.apply(rec, at)
  }

  /** A state for one media (not ready for chat only): moves the ready and staffed counts, not the agent-wide state. */
  setMediaState(id: string, media: string, state: AgentState, at: number): void {
    const rec = this.record(id)
    if (rec.mediaState?.[media] === state) return
    rec.mediaState = { ...rec.mediaState, [media]: state }
    rec.mediaSince = { ...rec.mediaSince, [media]: at }
    this.apply(rec, at)
  }

  /** Moves the load of an agent, by id or by the record the caller already holds (one lookup fewer). */
  changeLoad(agent: string | AgentRecord, media: string, delta: number, at: number): void {
    const rec = typeof agent === 'string' ? this.record(agent) : agent
    this.last = rec
    const current = rec.load[media] ?? 0
    const next = Math.max(0, current + delta)
    if (next === current) return
    const members = rec.members
    for (let i = 0; i < members.length; i++) members[i]!.agents.load += next - current
    // loads are never changed in place (statuses handed out hold them), so they may be shared
    rec.load = withLoad(rec.load, media, next)
    this.apply(rec, at)
  }

  /** Moves the places the router holds for the agent's offers (its reservations): they take free places. */
  changeReserved(agent: string, media: string, delta: number, at: number): void {
    const rec = this.record(agent)
    const current = rec.reserved[media] ?? 0
    const next = Math.max(0, current + delta)
    if (next === current) return
    rec.reserved = withLoad(rec.reserved, media, next)
    this.apply(rec, at)
  }

  /** A snapshot's status, installed at `now`. */
  set(id: string, setup: AgentSetup, now: number): void {
    const rec = this.record(id)
    rec.mediaState = undefined
    rec.mediaSince = undefined
    const load = setup.load ?? rec.load
    for (const media of new Set([...Object.keys(load), ...Object.keys(rec.load)])) {
      const delta = (load[media] ?? 0) - (rec.load[media] ?? 0)
      for (const f of rec.members) f.agents.load += delta
    }
    rec.state = setup.state
    rec.since = setup.since ?? now
    rec.load = { ...load }
    this.apply(rec, now)
  }

  clear(createdAt: number): void {
    this.agents.clear()
    this.last = undefined
    this.lists.clear()
    this.createdAt = createdAt
  }

  /** Installs a new status, moves every figure the agent counts towards, then tells subscribers. */
  private apply(rec: AgentRecord, at: number): void {
    const next = flagsOf(rec, rec.capacity, rec.mediaState)
    const prev = rec.flags
    if (next !== prev) {
      const l = delta(prev, next, LOGGED_IN)
      const r = delta(prev, next, READY_FREE)
      const s = delta(prev, next, STAFFED)
      const h = delta(prev, next, HANDLING)
      const members = rec.members
      for (let i = 0; i < members.length; i++) members[i]!.agents.shift(at, l, r, s, h)
      rec.shiftOwn(at, prev, next)
      rec.flags = next
    }
    if (this.listening()) this.notify({ kind: 'agent', agent: rec.id, status: rec.status })
  }
}
