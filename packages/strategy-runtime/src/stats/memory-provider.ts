// The embedded default StatProvider: fed by the router's events, computes the whole catalogue in memory.
import { type AgentState, assertNever, type DirectoryDocument } from '@routewright/strategy-dsl'
import type { Clock } from '../clock.ts'
import { MidnightCache } from './memory-midnight.ts'
import { parseStatistic, StatReadError, subjectKey, toStatSubject, windowSpanMs } from './memory-names.ts'
import { type ReadContext, readStatistic } from './memory-read.ts'
import { SubjectFigures } from './memory-subject.ts'
import type {
  AgentStatus,
  StatChange,
  StatEvent,
  StatFeed,
  StatProvider,
  StatReading,
  StatRequest,
  StatSubject,
} from './provider.ts'

export interface MemoryStatProviderOptions {
  clock: Clock
  directory: DirectoryDocument
  /**
   * IANA zone whose midnight starts `since-midnight` (and `current` aggregates). Default: the zone all the
   * directory's calendars share, else UTC.
   */
  timeZone?: string
  /** AHT used by ExpectedWaitTime before any interaction completed. Default 180 s. */
  defaultHandleTimeSeconds?: number
  /** EWT when nobody is staffed, and its cap. Default 86,400 s (a day). */
  maxExpectedWaitSeconds?: number
}

/** An agent's status for a scenario snapshot; `since` defaults to now, `load` to nothing in progress. */
export interface AgentSetup {
  state: AgentState
  since?: number
  load?: Readonly<Record<string, number>>
}

export interface MemoryStatProvider extends StatProvider, StatFeed {
  /** Synchronous: the router's hot path never awaits the embedded provider. */
  read(request: StatRequest): StatReading
  agentStatus(agent: string): AgentStatus | undefined
  /** Sets an agent's status directly (scenario snapshots, tests); notifies subscribers like an agent event. */
  setAgent(agent: string, status: AgentState | AgentSetup): void
  /** Pins a statistic of a subject to a value (all windows) until cleared; it wins over computed figures. */
  override(subject: string | StatSubject, statistic: string, value: number): void
  /** Removes one override, or every override of the subject when `statistic` is omitted. */
  clearOverride(subject: string | StatSubject, statistic?: string): void
  /** Forgets agents, interactions, history and overrides, as if just created. */
  reset(): void
  readonly timeZone: string
}

interface AgentRecord {
  id: string
  status: AgentStatus
  capacity: Readonly<Record<string, number>>
  /** Own figures first, then groups, then queues: everything its state counts towards. */
  members: SubjectFigures[]
  /** Own figures and groups: where its completions count. */
  creditTo: SubjectFigures[]
  flags: [loggedIn: number, readyFree: number, staffed: number, handling: number]
}

interface InteractionRecord {
  queuedAt: number | undefined
  /** Subject keys it waits in now (a queue target also puts it in the queue's groups). */
  waitingIn: Set<string>
  /** Keys it last left, still credited if it is answered or abandoned before it waits again. */
  lastLeft: string[]
  routedAt: number | undefined
  agent: string | undefined
  media: string | undefined
  /** Queue keys its completion counts towards. */
  credit: string[]
}

const HORIZON_MS = 26 * 3_600_000 // since-midnight on a 25 h day, and the longest sliding window (1440m)
const PARKED_LIMIT = 100_000
const DEFAULT_CAPACITY: Readonly<Record<string, number>> = { voice: 1 }

function defaultTimeZone(directory: DirectoryDocument): string {
  const zones = new Set(Object.values(directory.calendars ?? {}).map((c) => c.timezone))
  return zones.size === 1 ? [...zones][0]! : 'UTC'
}

function flagsOf(status: AgentStatus, capacity: Readonly<Record<string, number>>): AgentRecord['flags'] {
  const loggedIn = status.state !== 'logged-out'
  let load = 0
  let free = false
  for (const media in status.load) load += status.load[media] ?? 0
  for (const media in capacity) if ((status.load[media] ?? 0) < (capacity[media] ?? 0)) free = true
  const handling = status.state === 'busy' || status.state === 'after-call-work' || load > 0
  return [
    loggedIn ? 1 : 0,
    status.state === 'ready' && free ? 1 : 0,
    loggedIn && status.state !== 'not-ready' ? 1 : 0,
    loggedIn && handling ? 1 : 0,
  ]
}

/**
 * Creates the in-memory provider. Feed it with `record(event)`; reads are synchronous and cost O(log n).
 * @example
 * const stats = createMemoryStatProvider({ clock, directory })
 * stats.record({ type: 'agent-state', agent: 'a17', state: 'ready', at: clock.now() })
 * stats.read({ subject: { kind: 'group', id: 'sales' }, statistic: 'AgentsReady', window: 'current' })
 */
export function createMemoryStatProvider(options: MemoryStatProviderOptions): MemoryStatProvider {
  const { clock, directory } = options
  const midnight = new MidnightCache(options.timeZone ?? defaultTimeZone(directory))
  const defaultHandleTimeMs = (options.defaultHandleTimeSeconds ?? 180) * 1000
  const maxExpectedWaitSeconds = options.maxExpectedWaitSeconds ?? 86_400
  const groupQueues = new Map<string, string[]>()
  for (const [queue, def] of Object.entries(directory.queues ?? {})) {
    for (const group of def.groups) groupQueues.set(group, [...(groupQueues.get(group) ?? []), queue])
  }

  let createdAt = clock.now()
  const subjects = new Map<string, SubjectFigures>()
  const agents = new Map<string, AgentRecord>()
  const live = new Map<string, InteractionRecord>()
  const parked = new Map<string, InteractionRecord>()
  const overrides = new Map<string, StatReading>()
  const listeners = new Set<(change: StatChange) => void>()
  const expansions = new Map<string, string[]>()

  function figures(key: string): SubjectFigures {
    let f = subjects.get(key)
    if (!f) {
      f = new SubjectFigures(HORIZON_MS)
      subjects.set(key, f)
    }
    return f
  }

  function agentRecord(id: string): AgentRecord {
    let rec = agents.get(id)
    if (rec) return rec
    const def = directory.agents?.[id]
    const groups = def?.groups ?? []
    const queues = new Set(groups.flatMap((g) => groupQueues.get(g) ?? []))
    const own = figures(`agent:${id}`)
    const groupFigures = groups.map((g) => figures(`group:${g}`))
    rec = {
      id,
      status: { state: 'logged-out', since: createdAt, load: {} },
      capacity: def?.capacity ?? DEFAULT_CAPACITY,
      members: [own, ...groupFigures, ...[...queues].map((q) => figures(`queue:${q}`))],
      creditTo: [own, ...groupFigures],
      flags: [0, 0, 0, 0],
    }
    agents.set(id, rec)
    return rec
  }

  function notify(change: StatChange): void {
    // a Set iterates safely while listeners unsubscribe themselves
    for (const listener of listeners) listener(change)
  }

  /** Installs a new status, moves every figure the agent counts towards, then tells subscribers. */
  function applyStatus(rec: AgentRecord, status: AgentStatus, at: number): void {
    rec.status = status
    const next = flagsOf(status, rec.capacity)
    const [l, r, s, h] = rec.flags
    if (next[0] !== l || next[1] !== r || next[2] !== s || next[3] !== h) {
      for (const f of rec.members) {
        f.agents.shift(at, next[0] - l, next[1] - r, next[2] - s, next[3] - h)
      }
      rec.flags = next
    }
    notify({ kind: 'agent', agent: rec.id, status })
  }

  function changeLoad(agent: string, media: string, delta: number, at: number): void {
    const rec = agentRecord(agent)
    const current = rec.status.load[media] ?? 0
    const next = Math.max(0, current + delta)
    if (next === current) return
    for (const f of rec.members) f.agents.load += next - current
    applyStatus(rec, { ...rec.status, load: { ...rec.status.load, [media]: next } }, at)
  }

  function expand(targets: readonly StatSubject[]): string[] {
    const keys: string[] = []
    for (const target of targets) {
      const key = subjectKey(target)
      let expanded = expansions.get(key)
      if (!expanded) {
        const groups = target.kind === 'queue' ? (directory.queues?.[target.id]?.groups ?? []) : []
        expanded = [key, ...groups.map((g) => `group:${g}`)]
        expansions.set(key, expanded)
      }
      keys.push(...expanded)
    }
    return keys
  }

  function interaction(id: string): InteractionRecord {
    let rec = live.get(id)
    if (rec) return rec
    rec = parked.get(id)
    if (rec) parked.delete(id)
    else
      rec = {
        queuedAt: undefined,
        waitingIn: new Set(),
        lastLeft: [],
        routedAt: undefined,
        agent: undefined,
        media: undefined,
        credit: [],
      }
    live.set(id, rec)
    return rec
  }

  function leaveAll(id: string, rec: InteractionRecord): string[] {
    const keys = [...rec.waitingIn]
    for (const key of rec.lastLeft) if (!rec.waitingIn.has(key)) keys.push(key)
    for (const key of rec.waitingIn) subjects.get(key)?.queue.dequeue(id)
    rec.waitingIn.clear()
    rec.lastLeft = []
    return keys
  }

  function park(id: string, rec: InteractionRecord): void {
    live.delete(id)
    parked.set(id, rec)
    // an interaction that left every queue may come back (escalation); remember a bounded number of them
    if (parked.size > PARKED_LIMIT) parked.delete(parked.keys().next().value as string)
  }

  function record(event: StatEvent): void {
    switch (event.type) {
      case 'agent-state': {
        const rec = agentRecord(event.agent)
        const since = rec.status.state === event.state ? rec.status.since : event.at
        applyStatus(rec, { state: event.state, since, load: rec.status.load }, event.at)
        return
      }
      case 'interaction-queued': {
        // a declaration: it now waits for exactly these targets, its wait still counted from the first queueing
        const rec = interaction(event.interaction)
        const queuedAt = rec.queuedAt ?? event.at
        rec.queuedAt = queuedAt
        rec.media = event.media
        const next = new Set(expand(event.targets))
        for (const key of rec.waitingIn)
          if (!next.has(key)) subjects.get(key)?.queue.dequeue(event.interaction)
        for (const key of next)
          if (!rec.waitingIn.has(key)) figures(key).queue.enqueue(event.interaction, queuedAt)
        rec.waitingIn = next
        rec.lastLeft = []
        return
      }
      case 'interaction-left-queue': {
        const rec = live.get(event.interaction)
        if (!rec) return
        const keys = event.targets.length > 0 ? expand(event.targets) : [...rec.waitingIn]
        const left: string[] = []
        for (const key of keys) {
          if (!rec.waitingIn.delete(key)) continue
          subjects.get(key)?.queue.dequeue(event.interaction)
          left.push(key)
        }
        if (left.length > 0) rec.lastLeft = left
        if (rec.waitingIn.size === 0 && rec.routedAt === undefined) park(event.interaction, rec)
        return
      }
      case 'interaction-routed': {
        const rec = interaction(event.interaction)
        const keys = leaveAll(event.interaction, rec)
        for (const key of expand(event.targets)) if (!keys.includes(key)) keys.push(key)
        const wait = Math.max(0, event.at - (rec.queuedAt ?? event.at))
        rec.credit = []
        for (const key of keys) {
          figures(key).queue.answer(event.at, wait)
          // completions count for the handling agent's groups and for the queues it was offered through
          if (key.startsWith('queue:')) rec.credit.push(key)
        }
        rec.routedAt = event.at
        rec.agent = event.agent
        rec.media = event.media
        changeLoad(event.agent, event.media, 1, event.at)
        return
      }
      case 'interaction-abandoned': {
        const rec = live.get(event.interaction) ?? parked.get(event.interaction)
        live.delete(event.interaction)
        parked.delete(event.interaction)
        if (rec?.routedAt !== undefined && rec.agent !== undefined) {
          // abandoned during the reservation: it was answered already, only the agent's load goes back
          changeLoad(rec.agent, rec.media ?? 'voice', -1, event.at)
          return
        }
        const keys = new Set([...(rec ? leaveAll(event.interaction, rec) : []), ...expand(event.targets)])
        for (const key of keys) figures(key).queue.abandon(event.at)
        return
      }
      case 'interaction-completed': {
        const rec = live.get(event.interaction)
        live.delete(event.interaction)
        const handle = Math.max(0, event.at - (rec?.routedAt ?? event.at))
        const agent = agentRecord(event.agent)
        let credited = agent.creditTo
        if (rec && rec.credit.length > 0) {
          credited = [...agent.creditTo]
          for (const key of rec.credit) {
            const f = figures(key)
            if (!credited.includes(f)) credited.push(f)
          }
        }
        for (const f of credited) {
          f.agents.handled.add(event.at, 1)
          f.agents.handleMs.add(event.at, handle)
        }
        changeLoad(event.agent, event.media, -1, event.at)
        return
      }
      default:
        assertNever(event)
    }
  }

  function read(request: StatRequest): StatReading {
    const parsed = parseStatistic(request.statistic)
    const span = windowSpanMs(request.window)
    const key = subjectKey(request.subject)
    const pinned = overrides.get(`${key}\n${request.statistic}`)
    if (pinned) return pinned
    const now = clock.now()
    const from = typeof span === 'number' ? now - span : midnight.midnightBefore(now)
    const ctx: ReadContext = { now, from, defaultHandleTimeMs, maxExpectedWaitSeconds }
    const f = subjects.get(key)
    const agent = request.subject.kind === 'agent' ? agentStatus(request.subject.id) : undefined
    const value = readStatistic(parsed, { agents: f?.agents, queue: f?.queue, agent }, ctx)
    return { value, asOf: now }
  }

  function agentStatus(agent: string): AgentStatus | undefined {
    const rec = agents.get(agent)
    if (rec) return rec.status
    return directory.agents?.[agent] ? { state: 'logged-out', since: createdAt, load: {} } : undefined
  }

  return {
    name: 'memory',
    timeZone: midnight.timeZone,
    read,
    agentStatus,
    record,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    setAgent(agent, setup) {
      const s = typeof setup === 'string' ? { state: setup } : setup
      const rec = agentRecord(agent)
      const now = clock.now()
      const load = s.load ?? rec.status.load
      for (const f of rec.members) {
        for (const media of new Set([...Object.keys(load), ...Object.keys(rec.status.load)])) {
          f.agents.load += (load[media] ?? 0) - (rec.status.load[media] ?? 0)
        }
      }
      applyStatus(rec, { state: s.state, since: s.since ?? now, load: { ...load } }, now)
    },
    override(subject, statistic, value) {
      parseStatistic(statistic)
      if (!Number.isFinite(value))
        throw new StatReadError(`Override of ${statistic} must be a finite number.`)
      const key = subjectKey(toStatSubject(subject))
      overrides.set(`${key}\n${statistic}`, { value, asOf: clock.now() })
      notify({ kind: 'statistic', subject: toStatSubject(subject), statistic })
    },
    clearOverride(subject, statistic) {
      const key = subjectKey(toStatSubject(subject))
      for (const pinned of [...overrides.keys()]) {
        if (statistic === undefined ? pinned.startsWith(`${key}\n`) : pinned === `${key}\n${statistic}`) {
          overrides.delete(pinned)
        }
      }
    },
    reset() {
      subjects.clear()
      agents.clear()
      live.clear()
      parked.clear()
      overrides.clear()
      createdAt = clock.now()
    },
  }
}
