// pure: the Monitor's live picture: serve's last snapshot plus the stream's events applied since (serve's
// monitor-live figures: waits per target, live entries per node, entered and overflow out per queue and group;
// alarms; groups a reload added, from the first event naming them), and the samples the live charts draw.
// Every figure comes from serve (one owner, @routewright/history's definitions); none is derived here.
import { codeUnitOrder } from '@routewright/strategy-dsl'
import type {
  AlarmView,
  GroupFigures,
  MonitorAnswer,
  MonitorLiveEvent,
  QueueFigures,
  StaleMark,
  StreamItem,
  WorkspaceDriftView,
} from './monitor-types.ts'
import { type ReloadRefusal, refusalOf } from './reload-refusal.ts'

/** Samples kept per chart: five minutes at one a second. */
export const SAMPLE_LIMIT = 300
/** Cleared alarms kept in the list. */
const RECENT_ALARMS = 50

export interface Sample {
  /** Server time of the sample, ms. */
  at: number
  /** Interactions waiting, all queues, each once (serve's `waitingTotal`). */
  waiting: number
  /** Stream events per second over the last sample period. */
  eventsPerSecond: number
  /** Waiting, service level and ASA per queue at the sample. */
  queues: Record<string, { waiting: number; serviceLevel: number | null; asa: number | null }>
}

export interface LiveModel {
  snapshot: MonitorAnswer | null
  /** server clock - client clock at the last snapshot, ms (oldest waits are shown on the server's clock). */
  clockOffset: number
  /** serve's live entries per `strategy/node` (`liveNodes`): the snapshot's, moved on by `monitor-live` events. */
  liveNodes: Record<string, number>
  /** serve's waits per target (`group:support`, queues): how many, and since when (server clock) the oldest. */
  waits: Map<string, { waiting: number; since: number }>
  /** serve's interactions waiting, each once (a caller waiting for six groups is in six of `waits`, once here). */
  waitingTotal: number
  /** serve's entered and overflow out per queue and group (directory id) over its window, replaced by monitor-live. */
  entered: { queues: EnteredMap; groups: EnteredMap }
  /** The `seq` of serve's last `monitor-live` these figures include: older events are skipped. */
  liveSeq: number
  /** Groups monitor-live events named (entered, waits for `group:<id>`) that the snapshot does not list yet. */
  newGroups: Set<string>
  /** Ids the snapshot has `group:<id>` queue rows for but no group row: not (or no longer) the directory's. */
  notGroups: Set<string>
  alarms: Map<string, AlarmView>
  /** Several serve processes on one Redis: this one's workspace is not the version the cluster routes on. */
  workspaceDrift: WorkspaceDriftView | null
  /** serve's last refused workspace change, until a version is deployed after it (the stream's events only). */
  refusal: ReloadRefusal | null
  /** Set while serve's Redis is unreachable: its figures are what it held, frozen since `since` (server clock). */
  stale: StaleMark | null
  samples: Sample[]
  /** Events applied since the last sample, and in all. */
  eventsSinceSample: number
  events: number
  lastSampleAt: number
  /** Grows on every change, so views know when to draw again. */
  version: number
}

/** Entered and overflow out by queue (group) id; an id not in it has entered nothing. */
export type EnteredMap = Map<string, { entered: number; overflowOut: number }>

export function createLiveModel(): LiveModel {
  return {
    snapshot: null,
    clockOffset: 0,
    liveNodes: {},
    waits: new Map(),
    waitingTotal: 0,
    entered: { queues: new Map(), groups: new Map() },
    liveSeq: 0,
    newGroups: new Set(),
    notGroups: new Set(),
    alarms: new Map(),
    workspaceDrift: null,
    refusal: null,
    stale: null,
    samples: [],
    eventsSinceSample: 0,
    events: 0,
    lastSampleAt: 0,
    version: 0,
  }
}

/**
 * An older serve sends no `waitingTotal`: the rows' sum it had before, which counts a caller waiting for several
 * targets in each, is the best figure there is.
 */
function waitsSum(waits: LiveModel['waits']): number {
  let total = 0
  for (const w of waits.values()) total += w.waiting
  return total
}

/** Takes serve's `/v1/monitor` as the new base: figures, waits, live node entries, agents and alarms. */
export function applySnapshot(model: LiveModel, snapshot: MonitorAnswer, clientNow: number): void {
  model.snapshot = snapshot
  model.clockOffset = snapshot.at - clientNow
  model.liveNodes = { ...snapshot.liveNodes }
  model.waits = new Map(
    snapshot.queues
      .filter((q) => q.waiting > 0)
      .map((q) => [q.id, { waiting: q.waiting, since: snapshot.at - q.oldestWaitingSeconds * 1000 }]),
  )
  model.waitingTotal = snapshot.waitingTotal ?? waitsSum(model.waits)
  model.entered = enteredMaps(snapshot)
  model.liveSeq = snapshot.liveSeq
  model.newGroups = new Set()
  model.notGroups = unlistedGroups(snapshot)
  const cleared = [...model.alarms.values()].filter((a) => a.clearedAt !== undefined)
  model.alarms = new Map([...cleared, ...snapshot.alarms].map((a) => [a.id, a]))
  model.workspaceDrift = snapshot.workspaceDrift ?? null
  model.stale = snapshot.stale ?? null
  model.version++
}

type EnteredRows = ReadonlyArray<{ id: string; entered: number; overflowOut: number }>

/**
 * Queues and groups with anything entered, as serve lists them in a monitor-live event (one not listed has 0): the
 * same rule for the snapshot's rows and the event's, for queues and groups alike.
 */
function enteredMaps(rows: { queues: EnteredRows; groups: EnteredRows }): LiveModel['entered'] {
  const map = (list: EnteredRows): EnteredMap =>
    new Map(
      list
        .filter((q) => q.entered > 0)
        .map((q) => [q.id, { entered: q.entered, overflowOut: q.overflowOut }]),
    )
  return { queues: map(rows.queues), groups: map(rows.groups) }
}

/** A queue's (group's) entered and overflow out as the model holds them: 0 when serve did not list it. */
function enteredOf(map: EnteredMap, id: string): { entered: number; overflowOut: number } {
  const row = map.get(id)
  return { entered: row?.entered ?? 0, overflowOut: row?.overflowOut ?? 0 }
}

/** How serve names a group as a target (`group:support`), in waits and queue rows. */
const GROUP_TARGET = 'group:'

/** A group's id out of a target (`group:support`), undefined for a queue. */
function groupOfTarget(target: string): string | undefined {
  return target.startsWith(GROUP_TARGET) ? target.slice(GROUP_TARGET.length) : undefined
}

/**
 * The groups of the snapshot's `group:<id>` queue rows it has no group row for: serve lists every group of its
 * directory, so these are gone from it (callers still waiting for a group a reload dropped, or its recent records).
 */
function unlistedGroups(snapshot: MonitorAnswer): Set<string> {
  const listed = new Set(snapshot.groups.map((g) => g.id))
  const unlisted = new Set<string>()
  for (const q of snapshot.queues) {
    const id = groupOfTarget(q.id)
    if (id !== undefined && !listed.has(id)) unlisted.add(id)
  }
  return unlisted
}

/**
 * Notes the groups a monitor-live event names that the snapshot does not list (a directory reload added them), so
 * they get a row at once. serve's `entered.groups` holds only its directory's groups; a wait for `group:<id>` names
 * a group the last snapshot said is gone only in waits left from before the reload, so those add no row.
 */
function noteNewGroups(model: LiveModel, event: MonitorLiveEvent): void {
  const listed = new Set((model.snapshot?.groups ?? []).map((g) => g.id))
  for (const { id } of event.entered?.groups ?? []) {
    if (listed.has(id)) continue
    model.newGroups.add(id)
    model.notGroups.delete(id)
  }
  for (const w of event.waiting ?? []) {
    const id = groupOfTarget(w.id)
    if (id !== undefined && !listed.has(id) && !model.notGroups.has(id)) model.newGroups.add(id)
  }
}

/** Keeps the recent (cleared) alarms `GET /v1/alarms` lists. */
export function applyRecentAlarms(model: LiveModel, recent: readonly AlarmView[]): void {
  for (const alarm of recent) if (!model.alarms.has(alarm.id)) model.alarms.set(alarm.id, alarm)
  trimAlarms(model)
  model.version++
}

/** serve's figures as they moved; one older than what the model holds (its seq) is skipped. */
function applyLive(model: LiveModel, event: MonitorLiveEvent): void {
  if (event.seq <= model.liveSeq) return
  model.liveSeq = event.seq
  Object.assign(model.liveNodes, event.liveNodes)
  // no waits: serve could not read them (Redis away on a process that does not route), the last ones stand
  if (event.waiting) {
    model.waits = new Map(
      event.waiting.map((w) => [
        w.id,
        { waiting: w.waiting, since: event.at - w.oldestWaitingSeconds * 1000 },
      ]),
    )
    model.waitingTotal = event.waitingTotal ?? waitsSum(model.waits)
  }
  // no entered: serve did not read them (an older serve, or none deployed yet), the last ones stand
  if (event.entered) model.entered = enteredMaps(event.entered)
  noteNewGroups(model, event)
  // each event says whether its figures are stale: the first one without the mark clears it
  model.stale = event.stale ?? null
}

/** A type this view does not know (a newer serve): skipped, not fatal; the compiler still lists the known ones. */
function unknownEvent(_event: never): void {}

/**
 * Applies a batch of stream events in order (one animation frame's worth). `counted` false re-applies events
 * already counted (over a snapshot that arrived after them): applying is idempotent, counting is not.
 */
export function applyEvents(model: LiveModel, items: readonly StreamItem[], counted = true): void {
  for (const { event } of items) {
    switch (event.type) {
      case 'monitor-live':
        applyLive(model, event)
        break
      case 'alarm-raised':
      case 'alarm-cleared': {
        const { type: _type, at: _at, ...alarm } = event
        model.alarms.set(alarm.id, alarm)
        trimAlarms(model)
        break
      }
      case 'workspace-drift':
        model.workspaceDrift = event.drift
        break
      case 'reload-refused':
        model.refusal = refusalOf(event)
        break
      // a version went live since: the refusal is history (another process's shows as drift)
      case 'version-deployed':
        model.refusal = null
        break
      // serve's monitor-live events carry what these change: waits and node entries have one owner, serve
      case 'queued':
      case 'routed':
      case 'timeout':
      case 'treatment':
      case 'data-attached':
      case 'priority-changed':
      case 'finished':
      case 'failed':
      case 'reservation-rejected':
      case 'error':
      // the monitor shows queues and nodes, not agents nor what hosts may send
      case 'agent-state':
      case 'capabilities-changed':
        break
      default:
        unknownEvent(event)
    }
  }
  if (counted) {
    model.events += items.length
    model.eventsSinceSample += items.length
  }
  if (items.length > 0) model.version++
}

function trimAlarms(model: LiveModel): void {
  const cleared = [...model.alarms.values()].filter((a) => a.clearedAt !== undefined)
  if (cleared.length <= RECENT_ALARMS) return
  cleared.sort((a, b) => (b.clearedAt ?? 0) - (a.clearedAt ?? 0))
  for (const old of cleared.slice(RECENT_ALARMS)) model.alarms.delete(old.id)
}

/** Each queue's row: serve's waits, entered and overflow out (live), and its other window figures from the snapshot. */
export function queueRows(model: LiveModel, serverNow: number): QueueFigures[] {
  const base = new Map((model.snapshot?.queues ?? []).map((q) => [q.id, q]))
  const ids = [...new Set([...base.keys(), ...model.waits.keys(), ...model.entered.queues.keys()])].sort()
  return ids.map((id) => {
    const q = base.get(id)
    const wait = model.waits.get(id)
    return {
      id,
      waiting: wait?.waiting ?? 0,
      // the oldest stays the oldest until serve says otherwise: it ages on the server's clock between events
      oldestWaitingSeconds: wait ? Math.max(0, serverNow - wait.since) / 1000 : 0,
      offered: q?.offered ?? 0,
      answered: q?.answered ?? 0,
      abandoned: q?.abandoned ?? 0,
      abandonedCallerHangup: q?.abandonedCallerHangup ?? 0,
      abandonedQueueTimeout: q?.abandonedQueueTimeout ?? 0,
      abandonedHost: q?.abandonedHost ?? 0,
      abandonedNoReason: q?.abandonedNoReason ?? 0,
      shortAbandoned: q?.shortAbandoned ?? 0,
      serviceLevel: q?.serviceLevel ?? null,
      asa: q?.asa ?? null,
      ...enteredOf(model.entered.queues, id),
    }
  })
}

/** A group's row; `agents` null for a group serve's events named before its snapshot listed it. */
export interface GroupRow extends Omit<GroupFigures, 'agents'> {
  agents: GroupFigures['agents'] | null
}

/**
 * Each group's row, by id: the snapshot's agents by state, and serve's waits (`group:<id>`), entered and overflow
 * out (live). The snapshot lists every group of serve's directory; one a reload added shows from the first event
 * that names it, its agents by state from the next snapshot.
 */
export function groupRows(model: LiveModel): GroupRow[] {
  const rows: Array<Pick<GroupRow, 'id' | 'agents'>> = (model.snapshot?.groups ?? []).map((g) => ({
    id: g.id,
    agents: g.agents,
  }))
  for (const id of model.newGroups) rows.push({ id, agents: null })
  return rows
    .sort((a, b) => codeUnitOrder(a.id, b.id))
    .map(({ id, agents }) => ({
      id,
      agents,
      waiting: waitingFor(model, `${GROUP_TARGET}${id}`),
      ...enteredOf(model.entered.groups, id),
    }))
}

/** Waiting for a target (`group:<id>` for the group rows), as serve counts it. */
export function waitingFor(model: LiveModel, target: string): number {
  return model.waits.get(target)?.waiting ?? 0
}

/** Alarms to show: active first (newest first), then cleared ones (most recently cleared first). */
export function alarmList(model: LiveModel): AlarmView[] {
  return [...model.alarms.values()].sort((a, b) => {
    const activeA = a.clearedAt === undefined ? 1 : 0
    const activeB = b.clearedAt === undefined ? 1 : 0
    if (activeA !== activeB) return activeB - activeA
    return (b.clearedAt ?? b.raisedAt) - (a.clearedAt ?? a.raisedAt)
  })
}

/** Takes a chart sample when `periodMs` passed since the last one; returns whether it did. */
export function sample(model: LiveModel, serverNow: number, periodMs = 1000): boolean {
  if (model.lastSampleAt !== 0 && serverNow - model.lastSampleAt < periodMs) return false
  const seconds = model.lastSampleAt === 0 ? 1 : (serverNow - model.lastSampleAt) / 1000
  const queues: Sample['queues'] = {}
  for (const q of queueRows(model, serverNow))
    queues[q.id] = { waiting: q.waiting, serviceLevel: q.serviceLevel, asa: q.asa }
  // not the rows' sum: a caller waiting for several groups is in each of their rows
  const waiting = model.waitingTotal
  model.samples.push({ at: serverNow, waiting, eventsPerSecond: model.eventsSinceSample / seconds, queues })
  if (model.samples.length > SAMPLE_LIMIT) model.samples.splice(0, model.samples.length - SAMPLE_LIMIT)
  model.eventsSinceSample = 0
  model.lastSampleAt = serverNow
  model.version++
  return true
}
