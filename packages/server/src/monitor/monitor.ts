// `GET /v1/monitor`: the live wallboard (CCPulse+'s role) per queue, group and agent, from the coordinator's state
// and the record window; queue figures use @routewright/history's definitions (figuresOf) over a rolling window.

import type { FigureName, FigureSums, Figures } from '@routewright/history'
import { codeUnitOrder } from '@routewright/strategy-dsl'
import { agentCapacityOf, statesToRank, summaryState } from '@routewright/strategy-runtime'
import type { DeployableWorkspace, RoutingCoordinator } from '../core/coordinator.ts'
import type { AgentView, EnteredRow, LiveEntered } from '../core/types.ts'
import type { HistoryKit } from '../history/history-kit.ts'
import type { MonitorSettings } from './monitor-settings.ts'
import type { RecordWindow, WindowFromCause } from './record-window.ts'

export { DEFAULT_MONITOR, type MonitorSettings } from './monitor-settings.ts'

/** The queue figures the wallboard shows, each as @routewright/history's Figures defines it (figuresOf). */
export const QUEUE_FIGURES = [
  'offered',
  'answered',
  'abandoned',
  'abandonedCallerHangup',
  'abandonedQueueTimeout',
  'abandonedHost',
  'abandonedNoReason',
  'shortAbandoned',
  'serviceLevel',
  'asa',
] as const satisfies readonly FigureName[]
export type QueueFigures = Pick<Figures, (typeof QUEUE_FIGURES)[number]>

/**
 * Interactions that entered the queue (group) over the window, and of them those that left it for a later queue:
 * the report's `entered` and `overflowOut` (docs/figures.md "Entered and overflow out"), always a number here.
 */
export interface EnteredFigures {
  entered: number
  overflowOut: number
}

/** A queue row: its waiting interactions, then its figures over the window (shortAbandoned: S = shortAbandonSeconds). */
export interface QueueView extends QueueFigures, EnteredFigures {
  id: string
  waiting: number
  oldestWaitingSeconds: number
}

export interface AgentCounts {
  ready: number
  busy: number
  reserved: number
  notReady: number
  afterCallWork: number
  loggedOut: number
}

export interface GroupView extends EnteredFigures {
  id: string
  agents: AgentCounts
  waiting: number
}

/** An agent as GET /v1/agents lists it, with its groups and where it counts. */
export interface AgentGridRow extends AgentView {
  groups: string[]
  /** Where the agent counts on the wallboard (its group rows' column): `agentBucket`'s answer. */
  bucket: keyof AgentCounts
}

export interface MonitorSnapshot {
  at: number
  windowSeconds: number
  /**
   * Only while the window's figures count the arrivals since this time, not the whole window (a reload changed T or
   * S less than a window ago, or serve started less than a window ago without a store to read it back from): they
   * read low until a window has passed.
   */
  windowFrom?: number
  /** Beside `windowFrom`: why the figures count only since then (record-window.ts WindowFromCause). */
  windowFromCause?: WindowFromCause
  serviceLevelSeconds: number
  /** S of `shortAbandoned`: the alarms file's `monitor.shortAbandon` (default 5 s). */
  shortAbandonSeconds: number
  queues: QueueView[]
  groups: GroupView[]
  agents: AgentGridRow[]
  /** Entries per `strategy/node` of finished interactions. */
  nodes: Record<string, number>
  /** Entries per `strategy/node` counted as interactions pass the nodes: open interactions' entries so far too. */
  liveNodes: Record<string, number>
  /** The `seq` of the last `monitor-live` event sent before this snapshot was read (0: none yet). */
  liveSeq: number
  /** Interactions waiting, each once: one waiting for several targets counts in each of their rows, once here. */
  waitingTotal: number
}

const byId = <T extends { id: string }>(a: T, b: T) => codeUnitOrder(a.id, b.id)

/** The summary state's column on the wallboard. */
const BUCKET_OF: ReadonlyMap<string, keyof AgentCounts> = new Map([
  ['ready', 'ready'],
  ['busy', 'busy'],
  ['reserved', 'reserved'],
  ['after-call-work', 'afterCallWork'],
  ['not-ready', 'notReady'],
  ['logged-out', 'loggedOut'],
])

/**
 * Where an agent counts on the wallboard: the state the history reports count over its media (`summaryState` over
 * `statesToRank`, history docs/figures.md "State times per media" and "Busy"), so the wallboard and the report
 * agree: busy on any media or handling an interaction (load > 0) while logged in, then reserved (ringing) on any,
 * then ready on any; an agent logged out but made ready for voice alone is ready. `media`: her capacity's media
 * (`agentCapacityOf`): a state set agent-wide or for a media she does not have counts only where it covers hers. A
 * router reservation does not make her reserved: the history cannot count it (its records keep when a reservation
 * began, not when a rejected or withdrawn one ended, and its state rows hold the host's states only); the row shows
 * it in `reserved`.
 */
export function agentBucket(
  agent: {
    state: string
    load: Record<string, number>
    media?: Record<string, string>
  },
  media?: readonly string[],
): keyof AgentCounts {
  const handling = Object.values(agent.load).some((n) => n > 0)
  return BUCKET_OF.get(summaryState(statesToRank(agent.state, agent.media, media, handling))) ?? 'loggedOut'
}

const secondsSince = (since: number, now: number) => Math.max(0, now - since) / 1000

/** Waiting and oldest wait per target, as the queue rows and the `monitor-live` events show them, sorted by id. */
export function waitRows(
  waits: ReadonlyMap<string, { count: number; since: number }>,
  now: number,
): Array<{ id: string; waiting: number; oldestWaitingSeconds: number }> {
  return [...waits]
    .map(([id, wait]) => ({
      id,
      waiting: wait.count,
      oldestWaitingSeconds: secondsSince(wait.since, now),
    }))
    .sort(byId)
}

/** One line of the coordinator's waiting list, as the wallboard counts it. */
type WaitingLine = { interaction: string; targets: readonly string[]; since: number }

/**
 * What waits: per target (`waitsByTarget`) and how many interactions in all, each once whatever its targets; and the
 * list they come from, whose waits begun in a window count in its offered and entered (`openWaits`).
 */
export interface Waits {
  byTarget: Map<string, { count: number; since: number }>
  total: number
  waiting: ReadonlyArray<WaitingLine>
}

/**
 * The waits of the coordinator's waiting list, by the rule the Monitor states under its tables: an interaction counts
 * once in the row of each target it waits for (one waiting for sales or support is in both rows), and once in the
 * total. An interaction listed twice (two versions' lines) or naming a target twice still counts once per row.
 */
export function waitsOf(waiting: ReadonlyArray<WaitingLine>): Waits {
  return { byTarget: waitsByTarget(waiting), total: new Set(waiting.map((w) => w.interaction)).size, waiting }
}

/**
 * Per target, the open interactions (`waiting`: the waiting list, and the window's open entries: queued, ringing at
 * an agent) whose wait began in [now - windowMs, now], each once per target it waits for (the Waiting rule): offered
 * and entered count an interaction when it enters the queue, as every ACD's live view does (Pulse's entered, Cisco's
 * calls offered), so offered - answered - abandoned - other = those still open in it. The window's records count
 * only ended interactions; the two never overlap (an interaction leaves the list and the entries as it ends, before
 * its record reaches the window: for that trip it is in neither, one low, never twice). One waiting since before
 * the window began arrived before it: its record will not count here either.
 */
export function openWaits(
  waiting: ReadonlyArray<WaitingLine>,
  now: number,
  windowMs: number,
): Map<string, number> {
  const from = now - windowMs
  const counts = new Map<string, number>()
  for (const [target, wait] of waitsByTarget(waiting.filter((w) => w.since >= from)))
    counts.set(target, wait.count)
  return counts
}

/** How many interactions wait for each target (queue, `group:x`), each once, and since when the oldest has. */
export function waitsByTarget(
  waiting: Iterable<{ interaction: string; targets: readonly string[]; since: number }>,
): Map<string, { count: number; since: number }> {
  const waits = new Map<string, { count: number; since: number }>()
  // target and interaction seen together already: a second line or a repeated label moves only the oldest wait
  const counted = new Set<string>()
  for (const w of waiting)
    for (const target of w.targets) {
      const entry = waits.get(target)
      const fresh = !counted.has(`${target}\n${w.interaction}`)
      if (fresh) counted.add(`${target}\n${w.interaction}`)
      if (entry) {
        if (fresh) entry.count++
        entry.since = Math.min(entry.since, w.since)
      } else waits.set(target, { count: 1, since: w.since })
    }
  return waits
}

/** The wallboard's queue figures out of a row of report figures, in QUEUE_FIGURES' order. */
function queueFigures(f: Figures): QueueFigures {
  return Object.fromEntries(QUEUE_FIGURES.map((name) => [name, f[name]])) as unknown as QueueFigures
}

/**
 * Entered and overflow out from the window's own sums (SlidingSums: the records' `queue` and `overflowQueue`, the
 * report's rule), not from the memory provider's `Entered` / `OverflowOut`: the row's other figures count by
 * arrival in this window, the provider counts when things happen in its own window, so mixing them would break
 * entered = offered + overflowOut within one row; and a serve whose strategies read another provider has none.
 */
function enteredFigures(sums: FigureSums | undefined, open = 0): EnteredFigures {
  // those still waiting entered too (openWaits), so entered = offered + overflowOut holds in a row as before
  return { entered: (sums?.entered ?? 0) + open, overflowOut: sums?.overflowOut ?? 0 }
}

/**
 * Rows with anything entered, by id, out of the window's sums and the waits begun in it (`open`, openWaits); `idOf`
 * maps a key to the row's id.
 */
function enteredRows(
  sums: Map<string, FigureSums>,
  open: ReadonlyMap<string, number>,
  idOf: (key: string) => string | undefined,
): EnteredRow[] {
  const rows: EnteredRow[] = []
  for (const key of new Set([...sums.keys(), ...open.keys()])) {
    const id = idOf(key)
    const figures = enteredFigures(sums.get(key), open.get(key))
    if (id !== undefined && figures.entered > 0) rows.push({ id, ...figures })
  }
  return rows.sort(byId)
}

/**
 * Entered and overflow out as of `now` for a `monitor-live` event: the same window sums (and sliding window) and the
 * same waits (`waiting`, the coordinator's list: openWaits) as the snapshot's rows, so an event and the snapshot
 * after it agree; groups are those of the directory, by their id.
 */
export function liveEntered(
  window: RecordWindow,
  settings: MonitorSettings,
  groups: ReadonlySet<string>,
  now: number,
  waiting: ReadonlyArray<WaitingLine> = [],
): LiveEntered {
  const read = (by: 'queue' | 'group') =>
    window.sums(by, now, settings.windowMs, settings.serviceLevelSeconds, settings.shortAbandonSeconds)
  const open = openWaits([...waiting, ...window.openLines()], now, settings.windowMs)
  return {
    queues: enteredRows(read('queue'), open, (key) => key),
    // the history keys a group as its target does (`group:support`); the group rows name it `support`
    groups: enteredRows(read('group'), open, (key) => {
      const id = key.startsWith('group:') ? key.slice('group:'.length) : undefined
      return id !== undefined && groups.has(id) ? id : undefined
    }),
  }
}

export async function monitorSnapshot(
  kit: Pick<HistoryKit, 'emptySums' | 'figuresOf'>,
  coordinator: Pick<RoutingCoordinator, 'waiting' | 'agents'>,
  window: RecordWindow,
  workspace: DeployableWorkspace,
  settings: MonitorSettings,
  now: number,
  liveSeq: () => number = () => 0,
): Promise<MonitorSnapshot> {
  const [waiting, agents] = await Promise.all([coordinator.waiting(), coordinator.agents()])
  // read with the window's live entries, in one synchronous stretch: no monitor-live event can fall in between
  const seq = liveSeq()
  const { byTarget: waits, total: waitingTotal } = waitsOf(waiting)
  const sums = window.sums(
    'queue',
    now,
    settings.windowMs,
    settings.serviceLevelSeconds,
    settings.shortAbandonSeconds,
  )
  const groupSums = window.sums(
    'group',
    now,
    settings.windowMs,
    settings.serviceLevelSeconds,
    settings.shortAbandonSeconds,
  )
  // waiting now, or queued and ringing at an agent (the window's open entries): each once per target all the same
  const open = openWaits([...waiting, ...window.openLines()], now, settings.windowMs)
  const queueIds = new Set([...waits.keys(), ...sums.keys(), ...open.keys()])
  const queues: QueueView[] = [...queueIds].map((id) => {
    const f = kit.figuresOf(sums.get(id) ?? kit.emptySums())
    const wait = waits.get(id)
    return {
      id,
      waiting: wait?.count ?? 0,
      oldestWaitingSeconds: wait ? secondsSince(wait.since, now) : 0,
      ...queueFigures(f),
      // offered counts at entry: the ended ones of the window's records and those still waiting (openWaits)
      offered: f.offered + (open.get(id) ?? 0),
      ...enteredFigures(sums.get(id), open.get(id)),
    }
  })
  const directoryAgents = workspace.directory.agents ?? {}
  const grid: AgentGridRow[] = agents.map((a) => ({
    id: a.id,
    state: a.state,
    load: { ...a.load },
    reserved: a.reserved,
    ...(a.reason === undefined ? {} : { reason: a.reason }),
    ...(a.media ? { media: { ...a.media } } : {}),
    ...(a.mediaReasons ? { mediaReasons: { ...a.mediaReasons } } : {}),
    groups: [...(directoryAgents[a.id]?.groups ?? [])],
    bucket: agentBucket(a, agentCapacityOf(workspace.directory, a.id).media),
  }))
  const groups: GroupView[] = Object.keys(workspace.directory.groups ?? {}).map((id) => {
    const counts: AgentCounts = {
      ready: 0,
      busy: 0,
      reserved: 0,
      notReady: 0,
      afterCallWork: 0,
      loggedOut: 0,
    }
    for (const agent of grid) if (agent.groups.includes(id)) counts[agent.bucket]++
    return {
      id,
      agents: counts,
      waiting: waits.get(`group:${id}`)?.count ?? 0,
      // the history keys a group as its target does (`group:support`, records-builder's groupsIn)
      ...enteredFigures(groupSums.get(`group:${id}`), open.get(`group:${id}`)),
    }
  })
  const since = window.countsSince(now, settings.serviceLevelSeconds, settings.shortAbandonSeconds)
  return {
    at: now,
    windowSeconds: settings.windowMs / 1000,
    ...(since.from > now - settings.windowMs ? { windowFrom: since.from, windowFromCause: since.cause } : {}),
    serviceLevelSeconds: settings.serviceLevelSeconds,
    shortAbandonSeconds: settings.shortAbandonSeconds,
    queues: queues.sort(byId),
    groups: groups.sort(byId),
    agents: grid.sort(byId),
    nodes: window.nodeEntries(),
    liveNodes: window.liveNodeEntries(),
    liveSeq: seq,
    waitingTotal,
  }
}
