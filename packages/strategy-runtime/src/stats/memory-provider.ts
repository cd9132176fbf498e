// The embedded default StatProvider: fed by the router's events, computes the whole catalogue in memory.
import { type AgentState, assertNever, type DirectoryDocument } from '@routewright/strategy-dsl'
import type { Clock } from '../time/clock.ts'
import { AgentBook, type AgentSetup } from './memory-agents.ts'
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

export type { AgentSetup }

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

export interface MemoryStatProvider extends StatProvider, StatFeed {
  /** Synchronous: the router's hot path never awaits the embedded provider. */
  read(request: StatRequest): StatReading
  agentStatus(agent: string): AgentStatus | undefined
  agentStatuses(): Record<string, AgentStatus>
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

interface InteractionRecord {
  queuedAt: number | undefined
  /**
   * Subject keys it waits in now (a queue target also puts it in the queue's groups), without repeats. Never
   * changed in place (it may be a cached expansion or NONE): every change assigns a new array.
   */
  waitingIn: readonly string[]
  /** Keys it last left, still credited if it is answered or abandoned before it waits again. */
  lastLeft: readonly string[]
  routedAt: number | undefined
  agent: string | undefined
  media: string | undefined
  /** Queue keys its completion counts towards. */
  credit: readonly string[]
}

/** The empty key list every new interaction starts with (shared, so it is frozen). */
const NONE: readonly string[] = Object.freeze([])

/** `keys` itself when no key repeats (the usual single target), else its distinct keys in order. */
function distinct(keys: readonly string[]): readonly string[] {
  for (let i = 1; i < keys.length; i++) if (keys.lastIndexOf(keys[i]!, i - 1) >= 0) return [...new Set(keys)]
  return keys
}

const HORIZON_MS = 26 * 3_600_000 // since-midnight on a 25 h day, and the longest sliding window (1440m)
const PARKED_LIMIT = 100_000

function defaultTimeZone(directory: DirectoryDocument): string {
  const zones = new Set(Object.values(directory.calendars ?? {}).map((c) => c.timezone))
  return zones.size === 1 ? [...zones][0]! : 'UTC'
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
  const subjects = new Map<string, SubjectFigures>()
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

  function notify(change: StatChange): void {
    // a Set iterates safely while listeners unsubscribe themselves
    for (const listener of listeners) listener(change)
  }

  const agents = new AgentBook(directory, figures, notify, clock.now())

  function expansionOf(target: StatSubject): readonly string[] {
    const key = subjectKey(target)
    let expanded = expansions.get(key)
    if (!expanded) {
      const groups = target.kind === 'queue' ? (directory.queues?.[target.id]?.groups ?? []) : []
      expanded = [key, ...groups.map((g) => `group:${g}`)]
      expansions.set(key, expanded)
    }
    return expanded
  }

  /** The subject keys of `targets`; one target gives its cached expansion itself, which nobody may change. */
  function expand(targets: readonly StatSubject[]): readonly string[] {
    if (targets.length === 1) return expansionOf(targets[0]!)
    const keys: string[] = []
    for (const target of targets) keys.push(...expansionOf(target))
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
        waitingIn: NONE,
        lastLeft: NONE,
        routedAt: undefined,
        agent: undefined,
        media: undefined,
        credit: NONE,
      }
    live.set(id, rec)
    return rec
  }

  function leaveAll(id: string, rec: InteractionRecord): string[] {
    const keys = rec.waitingIn.slice()
    for (const key of rec.lastLeft) if (!rec.waitingIn.includes(key)) keys.push(key)
    for (const key of rec.waitingIn) subjects.get(key)?.queue.dequeue(id)
    rec.waitingIn = NONE
    rec.lastLeft = NONE
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
        // a state for one media (not ready for chat only) leaves the agent-wide figures alone
        if (event.media !== undefined) return
        agents.setState(event.agent, event.state, event.at)
        return
      }
      case 'interaction-queued': {
        // a declaration: it now waits for exactly these targets, its wait still counted from the first queueing
        const rec = interaction(event.interaction)
        const queuedAt = rec.queuedAt ?? event.since ?? event.at
        rec.queuedAt = queuedAt
        rec.media = event.media
        const next = distinct(expand(event.targets))
        for (const key of rec.waitingIn)
          if (!next.includes(key)) subjects.get(key)?.queue.dequeue(event.interaction)
        for (const key of next)
          if (!rec.waitingIn.includes(key)) figures(key).queue.enqueue(event.interaction, queuedAt)
        rec.waitingIn = next
        rec.lastLeft = NONE
        return
      }
      case 'interaction-left-queue': {
        const rec = live.get(event.interaction)
        if (!rec) return
        const keys = event.targets.length > 0 ? expand(event.targets) : rec.waitingIn
        let remaining = rec.waitingIn
        const left: string[] = []
        for (const key of keys) {
          if (!remaining.includes(key)) continue
          remaining = remaining.length === 1 ? NONE : remaining.filter((k) => k !== key)
          subjects.get(key)?.queue.dequeue(event.interaction)
          left.push(key)
        }
        rec.waitingIn = remaining
        if (left.length > 0) rec.lastLeft = left
        if (remaining.length === 0 && rec.routedAt === undefined) park(event.interaction, rec)
        return
      }
      case 'interaction-routed': {
        const rec = interaction(event.interaction)
        const keys = leaveAll(event.interaction, rec)
        for (const key of expand(event.targets)) if (!keys.includes(key)) keys.push(key)
        const wait = Math.max(0, event.at - (rec.queuedAt ?? event.at))
        let credit = NONE
        for (const key of keys) {
          figures(key).queue.answer(event.at, wait)
          // completions count for the handling agent's groups and for the queues it was offered through
          if (key.startsWith('queue:')) credit = [...credit, key]
        }
        rec.credit = credit
        rec.routedAt = event.at
        rec.agent = event.agent
        rec.media = event.media
        agents.changeLoad(event.agent, event.media, 1, event.at)
        return
      }
      case 'interaction-abandoned': {
        const rec = live.get(event.interaction) ?? parked.get(event.interaction)
        live.delete(event.interaction)
        parked.delete(event.interaction)
        if (rec?.routedAt !== undefined && rec.agent !== undefined) {
          // abandoned during the reservation: it was answered already, only the agent's load goes back
          agents.changeLoad(rec.agent, rec.media ?? 'voice', -1, event.at)
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
        const agent = agents.record(event.agent)
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
        agents.changeLoad(agent, event.media, -1, event.at)
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
    const agent = request.subject.kind === 'agent' ? agents.status(request.subject.id) : undefined
    const value = readStatistic(parsed, { agents: f?.agents, queue: f?.queue, agent }, ctx)
    return { value, asOf: now }
  }

  return {
    name: 'memory',
    timeZone: midnight.timeZone,
    read,
    agentStatus: (agent) => agents.status(agent),
    agentStatuses() {
      const out: Record<string, AgentStatus> = {}
      for (const id of Object.keys(options.directory.agents ?? {})) {
        const status = agents.status(id)
        if (status) out[id] = status
      }
      return out
    },
    record,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    setAgent(agent, setup) {
      agents.set(agent, typeof setup === 'string' ? { state: setup } : setup, clock.now())
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
      agents.clear(clock.now())
      live.clear()
      parked.clear()
      overrides.clear()
    },
  }
}
