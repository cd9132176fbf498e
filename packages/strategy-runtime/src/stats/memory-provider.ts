// The embedded default StatProvider: fed by the router's events, computes the whole catalogue in memory.
import { type AgentState, assertNever, type DirectoryDocument } from '@routewright/strategy-dsl'
import type { Clock } from '../time/clock.ts'
import { logAnswer } from './answer-log-sharing.ts'
import { AgentBook, type AgentSetup } from './memory-agents.ts'
import { type InteractionRecord, NONE } from './memory-interaction.ts'
import { MidnightCache } from './memory-midnight.ts'
import { parseStatistic, StatReadError, subjectKey, toStatSubject, windowSpanMs } from './memory-names.ts'
import { type ReadContext, readStatistic } from './memory-read.ts'
import { InteractionRecords } from './memory-records.ts'
import { type RetainedFigures, retainedFigures } from './memory-retained.ts'
import type { WaitMark } from './memory-series.ts'
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
import { restoreWindows } from './window-restore.ts'
import { type SliceChange, type WindowSliceState, windowSliceChanges } from './window-slices.ts'
import {
  exportWindows,
  type SubjectWindows,
  type WindowExportOptions,
  type WindowSnapshot,
  windowEntries,
} from './window-snapshot.ts'

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
  /** The windowed figures as plain data (window-snapshot.ts), to continue them in another process. */
  exportWindows(options?: WindowExportOptions): WindowSnapshot
  /** The same, subject by subject (`[key, windows]`), to spread a large export over several turns. */
  windowEntries(options?: WindowExportOptions): Generator<[string, SubjectWindows]>
  /**
   * The subjects whose time-slice parts changed since `state` (window-slices.ts: a writer's record of what it
   * wrote), one at a time, then those gone; with a new state every part of every subject.
   */
  windowSliceChanges(state: WindowSliceState): Generator<SliceChange>
  /**
   * Continues windowed figures from `exportWindows`, or from `mergeWindowSlices`' rows (checked first:
   * WindowSnapshotError). Call it once agents'
   * states are set and before any interaction is counted.
   */
  restoreWindows(snapshot: unknown): void
  /** What the windowed figures keep (rows, logged answers), for benches and tests of the memory bound. */
  retained(): RetainedFigures
  /**
   * Follows a changed directory (one provider serving every strategy version of a server): agents count towards
   * the groups and queues `directory` gives them, with its capacities, from now on; a new group or queue has
   * figures at once; agents, groups and queues named neither by it nor by a directory in `keep` (versions still
   * finishing interactions) are dropped from every figure, read and export. The time zone stays.
   */
  updateDirectory(directory: DirectoryDocument, keep?: readonly DirectoryDocument[]): void
  readonly timeZone: string
}

/** `list` itself when no subject repeats (the usual single target), else its distinct subjects in order. */
function distinct(list: readonly SubjectFigures[]): readonly SubjectFigures[] {
  for (let i = 1; i < list.length; i++) if (list.lastIndexOf(list[i]!, i - 1) >= 0) return [...new Set(list)]
  return list
}

/** `a` followed by what `b` adds; `a` or `b` itself when the other adds nothing (shared lists are never changed). */
function union(a: readonly SubjectFigures[], b: readonly SubjectFigures[]): readonly SubjectFigures[] {
  if (a === b || b.length === 0) return a
  if (a.length === 0) return b
  let out: SubjectFigures[] | undefined
  for (let i = 0; i < b.length; i++) {
    const f = b[i]!
    if (a.includes(f) || out?.includes(f)) continue
    out ??= a.slice()
    out.push(f)
  }
  return out ?? a
}

/** Same subjects in any order (both lists hold no repeats). */
function sameSubjects(a: readonly SubjectFigures[], b: readonly SubjectFigures[]): boolean {
  if (a === b) return true
  if (a.length !== b.length) return false
  for (let i = 0; i < b.length; i++) if (!a.includes(b[i]!)) return false
  return true
}

const HORIZON_MS = 26 * 3_600_000 // since-midnight on a 25 h day, and the longest sliding window (1440m)

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
  const { clock } = options
  let directory = options.directory
  const midnight = new MidnightCache(options.timeZone ?? defaultTimeZone(directory))
  const defaultHandleTimeMs = (options.defaultHandleTimeSeconds ?? 180) * 1000
  const maxExpectedWaitSeconds = options.maxExpectedWaitSeconds ?? 86_400
  const subjects = new Map<string, SubjectFigures>()
  /** Interactions it knows, by the feeder's ref or by id. */
  const book = new InteractionRecords()
  const overrides = new Map<string, StatReading>()
  /** Replaced, never changed, on (un)subscribe: notify walks the array it started with, no iterator. */
  let listeners: ReadonlyArray<(change: StatChange) => void> = []
  /** Subject kind -> id -> the subjects an interaction waiting for it counts in (itself, a queue's groups). */
  const expansions = new Map<string, Map<string, readonly SubjectFigures[]>>()

  function figures(key: string): SubjectFigures {
    let f = subjects.get(key)
    if (!f) {
      f = new SubjectFigures(key, HORIZON_MS)
      subjects.set(key, f)
    }
    return f
  }

  /** While an event is recorded: the feeder's own listener, left untold of the changes the event makes. */
  let quiet: ((change: StatChange) => void) | undefined
  /** Nobody but `quiet` listens (or nobody at all): changes are not even built. */
  let silent = false

  function notify(change: StatChange): void {
    if (silent) return
    const current = listeners
    for (let i = 0; i < current.length; i++) if (current[i] !== quiet) current[i]!(change)
  }

  const agents = new AgentBook(directory, figures, notify, () => !silent, clock.now(), HORIZON_MS)

  function expansionOf(target: StatSubject): readonly SubjectFigures[] {
    let byId = expansions.get(target.kind)
    if (!byId) {
      byId = new Map()
      expansions.set(target.kind, byId)
    }
    let expanded = byId.get(target.id)
    if (!expanded) {
      const groups = target.kind === 'queue' ? (directory.queues?.[target.id]?.groups ?? []) : []
      expanded = Object.freeze([figures(subjectKey(target)), ...groups.map((g) => figures(`group:${g}`))])
      byId.set(target.id, expanded)
    }
    return expanded
  }

  /**
   * The last frozen list of targets expanded and its subjects: the router names a pool's one frozen list, and an
   * interaction's events (left the queue, routed, the next arrival for the freed agent) mostly name the same pool.
   * Only a frozen list is remembered: a caller may refill an array of its own between events.
   */
  let lastTargets: readonly StatSubject[] | undefined
  let lastExpanded: readonly SubjectFigures[] = NONE
  /**
   * The subjects of each frozen list of targets met (a pool's list lives as long as its strategy version): the
   * next event of another pool is one look-up by identity, not two by kind and id strings.
   */
  let byList = new WeakMap<readonly StatSubject[], readonly SubjectFigures[]>()

  /** The subjects of `targets`; one target gives its cached expansion itself, which nobody may change. */
  function expand(targets: readonly StatSubject[]): readonly SubjectFigures[] {
    if (targets === lastTargets) return lastExpanded
    const frozen = Object.isFrozen(targets)
    let list = frozen ? byList.get(targets) : undefined
    if (list === undefined) {
      if (targets.length === 1) list = expansionOf(targets[0]!)
      else if (targets.length === 0) list = NONE
      else {
        const all: SubjectFigures[] = []
        for (const target of targets) all.push(...expansionOf(target))
        list = all
      }
      if (frozen) byList.set(targets, list)
    }
    if (frozen) {
      lastTargets = targets
      lastExpanded = list
    }
    return list
  }

  /** Expansions are made again on the next event that names them (a queue's groups may have changed). */
  function forgetExpansions(): void {
    expansions.clear()
    byList = new WeakMap()
    lastTargets = undefined
    lastExpanded = NONE
  }

  /** Leaves every subject it waits in (one flag on its shared mark, one count per subject). */
  function leaveWaiting(rec: InteractionRecord): void {
    const mark = rec.mark
    if (mark === undefined) return
    mark.live = false
    const list = rec.waitingIn
    for (let i = 0; i < list.length; i++) list[i]!.queue.dequeued(mark)
    rec.mark = undefined
    rec.waitingIn = NONE
  }

  /** Waits in `list` (no repeats) from `since` with one new mark. */
  function waitIn(rec: InteractionRecord, list: readonly SubjectFigures[], since: number): void {
    if (list.length === 0) return
    let mark: WaitMark
    if (rec.markUsed) mark = { since, live: true }
    else {
      rec.markUsed = true
      rec.since = since
      rec.live = true
      rec.held += list.length
      mark = rec
    }
    for (let i = 0; i < list.length; i++) list[i]!.queue.enqueue(mark)
    rec.mark = mark
    rec.waitingIn = list
  }

  /**
   * It is offered to `next` (queued, or routed from a target node at once): each subject new to it counts an entry,
   * each it last left for `next` an overflow out, taken back if it comes back to one (history docs/figures.md
   * "Entered and overflow out": an overflow out is a queue it left and did not end in).
   */
  function enter(rec: InteractionRecord, next: readonly SubjectFigures[], at: number): void {
    const left = rec.lastLeft
    for (let i = 0; i < left.length; i++) {
      const f = left[i]!
      if (next.includes(f) || rec.overflowed.includes(f)) continue
      f.queue.overflowOut.add(at, 1)
      rec.overflowed = [...rec.overflowed, f]
    }
    if (rec.overflowed.length > 0 && rec.overflowed.some((f) => next.includes(f))) {
      for (const f of rec.overflowed) if (next.includes(f)) f.queue.overflowOut.add(at, -1)
      rec.overflowed = rec.overflowed.filter((f) => !next.includes(f))
    }
    // the first wait keeps its list itself: no allocation for an interaction that waits once
    if (rec.entered === NONE) {
      rec.entered = next
      for (let i = 0; i < next.length; i++) next[i]!.queue.entered.add(at, 1)
      return
    }
    for (let i = 0; i < next.length; i++) {
      const f = next[i]!
      if (rec.entered.includes(f)) continue
      f.queue.entered.add(at, 1)
      rec.entered = [...rec.entered, f]
    }
  }

  function record(event: StatEvent, from?: (change: StatChange) => void): void {
    // a listener may feed an event of its own while told of this one: that one's feeder is its own business
    const outerQuiet = quiet
    const outerSilent = silent
    quiet = from
    silent = listeners.length === 0 || (listeners.length === 1 && listeners[0] === from)
    try {
      apply(event)
    } finally {
      quiet = outerQuiet
      silent = outerSilent
    }
  }

  function apply(event: StatEvent): void {
    switch (event.type) {
      case 'agent-state': {
        // a state for one media (not ready for chat only) moves who is ready and staffed, not the agent-wide state
        if (event.media !== undefined) agents.setMediaState(event.agent, event.media, event.state, event.at)
        else agents.setState(event.agent, event.state, event.at)
        return
      }
      case 'agent-reservation':
        agents.changeReserved(event.agent, event.media, event.held, event.at)
        return
      case 'interaction-queued': {
        // a declaration: it now waits for exactly these targets, its wait still counted from the first queueing
        const rec = book.obtain(event.interaction, event.ref)
        const queuedAt = Number.isNaN(rec.queuedAt) ? (event.since ?? event.at) : rec.queuedAt
        rec.queuedAt = queuedAt
        rec.media = event.media
        const next = distinct(expand(event.targets))
        enter(rec, next, event.at)
        if (rec.mark === undefined || !sameSubjects(rec.waitingIn, next)) {
          leaveWaiting(rec)
          waitIn(rec, next, queuedAt)
        }
        rec.lastLeft = NONE
        return
      }
      case 'interaction-left-queue': {
        const rec = book.find(event.interaction, event.ref)
        if (!rec) return
        const was = rec.waitingIn
        const keys = event.targets.length > 0 ? expand(event.targets) : was
        const left = keys === was ? was : was.filter((f) => keys.includes(f))
        if (left.length > 0) {
          const since = rec.mark?.since ?? (Number.isNaN(rec.queuedAt) ? event.at : rec.queuedAt)
          leaveWaiting(rec)
          if (left !== was)
            waitIn(
              rec,
              was.filter((f) => !left.includes(f)),
              since,
            )
          rec.lastLeft = left
        }
        if (rec.waitingIn.length === 0 && Number.isNaN(rec.routedAt)) book.park(rec)
        return
      }
      case 'interaction-routed': {
        const rec = book.obtain(event.interaction, event.ref)
        // routed from a target node: its queues delivered it, not those it left before (queues in turn: AHT and
        // the answer count where it was delivered, as the report does); no target (an agent's own call): where it was
        const targets = distinct(expand(event.targets))
        if (targets.length > 0) enter(rec, targets, event.at)
        const keys = union(rec.waitingIn, targets.length > 0 ? targets : rec.lastLeft)
        leaveWaiting(rec)
        rec.lastLeft = NONE
        // a late word of the answer (a host's link down) times the wait and the handling from the answer itself
        const answeredAt =
          event.answeredAt !== undefined && event.answeredAt < event.at ? event.answeredAt : event.at
        const wait = Number.isNaN(rec.queuedAt) ? 0 : Math.max(0, answeredAt - rec.queuedAt)
        let queues = 0
        for (let i = 0; i < keys.length; i++) {
          const f = keys[i]!
          f.queue.answer(event.at, wait)
          if (f.isQueue) queues++
        }
        logAnswer(keys, event.at, wait)
        // completions count for the handling agent's groups and for the queues it was offered through
        rec.credit = queues === 0 ? NONE : queues === keys.length ? keys : keys.filter((f) => f.isQueue)
        rec.routedAt = answeredAt
        const agent = agents.record(event.agent)
        rec.agent = agent
        rec.media = event.media
        agents.changeLoad(agent, event.media, 1, event.at)
        return
      }
      case 'interaction-abandoned': {
        const rec = book.find(event.interaction, event.ref)
        if (rec !== undefined && !Number.isNaN(rec.routedAt) && rec.agent !== undefined) {
          // abandoned during the reservation: it was answered already, only the agent's load goes back
          const { agent, media } = rec
          book.forget(rec)
          agents.changeLoad(agent, media ?? 'voice', -1, event.at)
          return
        }
        let keys = expand(event.targets)
        if (rec) {
          keys = union(union(rec.waitingIn, rec.lastLeft), keys)
          leaveWaiting(rec)
          book.forget(rec)
        }
        for (let i = 0; i < keys.length; i++) keys[i]!.queue.abandon(event.at)
        return
      }
      case 'interaction-completed': {
        const rec = book.find(event.interaction, event.ref)
        const handle =
          rec === undefined || Number.isNaN(rec.routedAt) ? 0 : Math.max(0, event.at - rec.routedAt)
        const agent =
          rec?.agent !== undefined && rec.agent.id === event.agent ? rec.agent : agents.record(event.agent)
        const credited = rec && rec.credit.length > 0 ? union(agent.creditTo, rec.credit) : agent.creditTo
        // its record is not used below: it may go back to the free records now
        if (rec) book.forget(rec)
        agent.complete(event.at, handle)
        for (let i = 0; i < credited.length; i++) credited[i]!.agents.complete(event.at, handle)
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
    let value: number
    if (request.subject.kind === 'agent') {
      // an agent's own figures are its record; interactions targeted at it wait in its subject's queue side
      const own = agents.known(request.subject.id)
      const status = own?.status ?? agents.status(request.subject.id)
      value = readStatistic(
        parsed,
        { agents: own, queue: f?.queue, agent: status, capacity: own?.capacity },
        ctx,
      )
    } else value = readStatistic(parsed, { agents: f?.agents, queue: f?.queue, agent: undefined }, ctx)
    return { value, asOf: now }
  }

  function updateDirectory(next: DirectoryDocument, keep: readonly DirectoryDocument[] = []): void {
    const all = [next, ...keep]
    const named = (kind: 'agents' | 'groups' | 'queues', id: string) =>
      all.some((d) => Object.hasOwn(d[kind] ?? {}, id))
    directory = next
    forgetExpansions()
    agents.setDirectory(next, clock.now(), (id) => named('agents', id))
    for (const key of [...subjects.keys()]) {
      const { kind, id } = toStatSubject(key)
      const gone =
        (kind === 'group' && !named('groups', id)) ||
        (kind === 'queue' && !named('queues', id)) ||
        (kind === 'agent' && !named('agents', id))
      if (!gone) continue
      // interactions still waiting there keep the object; reads and exports no longer see it
      subjects.delete(key)
      for (const pinned of [...overrides.keys()]) if (pinned.startsWith(`${key}\n`)) overrides.delete(pinned)
    }
  }

  return {
    name: 'memory',
    updateDirectory,
    timeZone: midnight.timeZone,
    read,
    agentStatus: (agent) => agents.status(agent),
    agentStatuses() {
      const out: Record<string, AgentStatus> = {}
      for (const id of Object.keys(directory.agents ?? {})) {
        const status = agents.status(id)
        if (status) out[id] = status
      }
      return out
    },
    record,
    subscribe(listener) {
      listeners = [...listeners, listener]
      return () => {
        const before = listeners.length
        listeners = listeners.filter((l) => l !== listener)
        return listeners.length < before
      }
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
    exportWindows: (exportOptions) =>
      exportWindows({ subjects, figures, agents }, clock.now(), exportOptions),
    windowEntries: (exportOptions) =>
      windowEntries({ subjects, figures, agents }, clock.now(), exportOptions),
    windowSliceChanges: (state) => windowSliceChanges({ subjects, figures, agents }, state, clock.now()),
    restoreWindows: (snapshot) => restoreWindows({ subjects, figures, agents }, snapshot, clock.now()),
    retained: () => retainedFigures(subjects, agents),
    reset() {
      subjects.clear()
      agents.clear(clock.now())
      book.clear()
      forgetExpansions()
      overrides.clear()
    },
  }
}
