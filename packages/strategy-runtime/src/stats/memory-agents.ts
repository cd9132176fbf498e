// The agents the memory provider knows: their live status, and the figures each change moves.
import type { AgentState, DirectoryDocument } from '@routewright/strategy-dsl'
import type { SubjectFigures } from './memory-subject.ts'
import type { AgentStatus, StatChange } from './provider.ts'

/** An agent's status for a scenario snapshot; `since` defaults to now, `load` to what it has. */
export interface AgentSetup {
  state: AgentState
  since?: number
  load?: Readonly<Record<string, number>>
}

export interface AgentRecord {
  id: string
  status: AgentStatus
  capacity: Readonly<Record<string, number>>
  /** Own figures first, then groups, then queues: everything its state counts towards. */
  members: SubjectFigures[]
  /** Own figures and groups: where its completions count. */
  creditTo: SubjectFigures[]
  /** Bits LOGGED_IN | READY_FREE | STAFFED | HANDLING: one number, so a change allocates nothing. */
  flags: number
  /** States set for one media only (not ready for chat while ready for voice); an agent-wide state clears them. */
  mediaState: Readonly<Record<string, AgentState>> | undefined
}

const LOGGED_IN = 1
const READY_FREE = 2
const STAFFED = 4
const HANDLING = 8

const DEFAULT_CAPACITY: Readonly<Record<string, number>> = { voice: 1 }

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

function flagsOf(
  status: AgentStatus,
  capacity: Readonly<Record<string, number>>,
  mediaState: Readonly<Record<string, AgentState>> | undefined,
): number {
  const loggedIn = status.state !== 'logged-out'
  let load = 0
  let readyFree = false
  let staffed = loggedIn && status.state !== 'not-ready'
  for (const media in status.load) load += status.load[media] ?? 0
  if (mediaState === undefined) {
    if (status.state === 'ready')
      for (const media in capacity) if ((status.load[media] ?? 0) < (capacity[media] ?? 0)) readyFree = true
  } else if (loggedIn) {
    // per media: ready with a free place in some media; staffed while some media is not in not-ready
    staffed = false
    for (const media in capacity) {
      const state = mediaState[media] ?? status.state
      if (state !== 'not-ready') staffed = true
      if (state === 'ready' && (status.load[media] ?? 0) < (capacity[media] ?? 0)) readyFree = true
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

/** +1 when `bit` turned on from `before` to `after`, -1 when it turned off, else 0. */
function delta(before: number, after: number, bit: number): number {
  return (after & bit ? 1 : 0) - (before & bit ? 1 : 0)
}

/** Keeps each agent's status and moves its subjects' counts and time integrals when it changes. */
export class AgentBook {
  private readonly agents = new Map<string, AgentRecord>()
  private readonly groupQueues = new Map<string, string[]>()

  constructor(
    private readonly directory: DirectoryDocument,
    private readonly figures: (key: string) => SubjectFigures,
    private readonly notify: (change: StatChange) => void,
    private createdAt: number,
  ) {
    for (const [queue, def] of Object.entries(directory.queues ?? {})) {
      for (const group of def.groups)
        this.groupQueues.set(group, [...(this.groupQueues.get(group) ?? []), queue])
    }
  }

  /** The agent's record, created logged out on first use. */
  record(id: string): AgentRecord {
    let rec = this.agents.get(id)
    if (rec) return rec
    const def = this.directory.agents?.[id]
    const groups = def?.groups ?? []
    const queues = new Set(groups.flatMap((g) => this.groupQueues.get(g) ?? []))
    const own = this.figures(`agent:${id}`)
    const groupFigures = groups.map((g) => this.figures(`group:${g}`))
    const creditTo = [own].concat(groupFigures)
    rec = {
      id,
      status: { state: 'logged-out', since: this.createdAt, load: NO_LOAD },
      capacity: def?.capacity ?? DEFAULT_CAPACITY,
      // concat allocates exact sizes (an array literal with spreads reserves slack); without queues both lists are one
      members:
        queues.size === 0 ? creditTo : creditTo.concat([...queues].map((q) => this.figures(`queue:${q}`))),
      creditTo,
      flags: 0,
      mediaState: undefined,
    }
    this.agents.set(id, rec)
    return rec
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
    const since = rec.status.state === state && rec.mediaState === undefined ? rec.status.since : at
    rec.mediaState = undefined
    this.apply(rec, { state, since, load: rec.status.load }, at)
  }

  /** A state for one media (not ready for chat only): moves the ready and staffed counts, not the agent-wide state. */
  setMediaState(id: string, media: string, state: AgentState, at: number): void {
    const rec = this.record(id)
    if (rec.mediaState?.[media] === state) return
    rec.mediaState = { ...rec.mediaState, [media]: state }
    this.apply(rec, rec.status, at)
  }

  /** Moves the load of an agent, by id or by the record the caller already holds (one lookup fewer). */
  changeLoad(agent: string | AgentRecord, media: string, delta: number, at: number): void {
    const rec = typeof agent === 'string' ? this.record(agent) : agent
    const current = rec.status.load[media] ?? 0
    const next = Math.max(0, current + delta)
    if (next === current) return
    for (const f of rec.members) f.agents.load += next - current
    // a new status (callers may hold the old one); loads are never changed in place, so they may be shared
    const status = rec.status
    this.apply(
      rec,
      status.idleSince === undefined
        ? { state: status.state, since: status.since, load: withLoad(status.load, media, next) }
        : { ...status, load: withLoad(status.load, media, next) },
      at,
    )
  }

  /** A snapshot's status, installed at `now`. */
  set(id: string, setup: AgentSetup, now: number): void {
    const rec = this.record(id)
    rec.mediaState = undefined
    const load = setup.load ?? rec.status.load
    for (const media of new Set([...Object.keys(load), ...Object.keys(rec.status.load)])) {
      const delta = (load[media] ?? 0) - (rec.status.load[media] ?? 0)
      for (const f of rec.members) f.agents.load += delta
    }
    this.apply(rec, { state: setup.state, since: setup.since ?? now, load: { ...load } }, now)
  }

  clear(createdAt: number): void {
    this.agents.clear()
    this.createdAt = createdAt
  }

  /** Installs a new status, moves every figure the agent counts towards, then tells subscribers. */
  private apply(rec: AgentRecord, status: AgentStatus, at: number): void {
    rec.status = status
    const next = flagsOf(status, rec.capacity, rec.mediaState)
    const prev = rec.flags
    if (next !== prev) {
      const l = delta(prev, next, LOGGED_IN)
      const r = delta(prev, next, READY_FREE)
      const s = delta(prev, next, STAFFED)
      const h = delta(prev, next, HANDLING)
      for (const f of rec.members) f.agents.shift(at, l, r, s, h)
      rec.flags = next
    }
    this.notify({ kind: 'agent', agent: rec.id, status })
  }
}
