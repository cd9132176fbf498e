// pure: the Monitor's live picture: serve's last snapshot plus the stream's events applied since (waiting per
// queue, entries per node of interactions still open, alarms), and the samples the live charts draw.
// Figures such as service level and ASA come from serve (@routewright/history's definitions); none is computed here.
import { assertNever } from '@routewright/strategy-dsl'
import type { AlarmView, MonitorAnswer, QueueFigures, StreamItem, WaitingView } from './monitor-types.ts'

/** Samples kept per chart: five minutes at one a second. */
export const SAMPLE_LIMIT = 300
/** Cleared alarms kept in the list. */
const RECENT_ALARMS = 50

export interface Sample {
  /** Server time of the sample, ms. */
  at: number
  /** Interactions waiting, all queues. */
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
  /** Waiting interactions by id: where and since when. */
  waiting: Map<string, { since: number; targets: string[] }>
  /** Nodes entered by interactions not yet finished (`strategy/node`), to add to the snapshot's finished ones. */
  open: Map<string, Set<string>>
  alarms: Map<string, AlarmView>
  samples: Sample[]
  /** Events applied since the last sample, and in all. */
  eventsSinceSample: number
  events: number
  lastSampleAt: number
  /** Grows on every change, so views know when to draw again. */
  version: number
}

export function createLiveModel(): LiveModel {
  return {
    snapshot: null,
    clockOffset: 0,
    waiting: new Map(),
    open: new Map(),
    alarms: new Map(),
    samples: [],
    eventsSinceSample: 0,
    events: 0,
    lastSampleAt: 0,
    version: 0,
  }
}

/**
 * Takes serve's state as the new base: figures, agents and alarms from `/v1/monitor`, waits from `/v1/waiting`.
 * `fresh` (first load, or events were missed) also forgets the open interactions' nodes: their ends may be lost.
 */
export function applySnapshot(
  model: LiveModel,
  snapshot: MonitorAnswer,
  waiting: readonly WaitingView[],
  clientNow: number,
  fresh: boolean,
): void {
  model.snapshot = snapshot
  model.clockOffset = snapshot.at - clientNow
  model.waiting = new Map(waiting.map((w) => [w.interaction, { since: w.since, targets: [...w.targets] }]))
  // the snapshot counts the nodes of finished interactions; the open ones stay counted here until they finish
  if (fresh) model.open.clear()
  const cleared = [...model.alarms.values()].filter((a) => a.clearedAt !== undefined)
  model.alarms = new Map([...cleared, ...snapshot.alarms].map((a) => [a.id, a]))
  model.version++
}

/** Keeps the recent (cleared) alarms `GET /v1/alarms` lists. */
export function applyRecentAlarms(model: LiveModel, recent: readonly AlarmView[]): void {
  for (const alarm of recent) if (!model.alarms.has(alarm.id)) model.alarms.set(alarm.id, alarm)
  trimAlarms(model)
  model.version++
}

function nodeKey(strategy: string | undefined, node: string): string {
  return node.includes('/') || strategy === undefined ? node : `${strategy}/${node}`
}

function enter(model: LiveModel, interaction: string, key: string): void {
  let nodes = model.open.get(interaction)
  if (nodes === undefined) {
    nodes = new Set()
    model.open.set(interaction, nodes)
  }
  nodes.add(key)
}

/**
 * Applies a batch of stream events in order (one animation frame's worth). `counted` false re-applies events
 * already counted (over a snapshot that arrived after them): applying is idempotent, counting is not.
 */
export function applyEvents(model: LiveModel, items: readonly StreamItem[], counted = true): void {
  for (const { event } of items) {
    switch (event.type) {
      case 'queued':
        model.waiting.set(event.interaction, { since: event.at, targets: [...event.targets] })
        enter(model, event.interaction, nodeKey(event.strategy, event.node))
        break
      case 'routed':
      case 'timeout':
        model.waiting.delete(event.interaction)
        enter(model, event.interaction, nodeKey(event.strategy, event.node))
        break
      case 'treatment':
      case 'data-attached':
        enter(model, event.interaction, nodeKey(event.strategy, event.node))
        break
      case 'finished':
      case 'failed':
        model.waiting.delete(event.interaction)
        model.open.delete(event.interaction)
        break
      case 'alarm-raised':
      case 'alarm-cleared': {
        const { type: _type, at: _at, ...alarm } = event
        model.alarms.set(alarm.id, alarm)
        trimAlarms(model)
        break
      }
      case 'reservation-rejected':
      case 'error':
      case 'version-deployed':
      case 'reload-refused':
        break
      default:
        assertNever(event, 'monitor event')
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

/** Each queue's row: live waits from the stream, window figures from the snapshot. */
export function queueRows(model: LiveModel, serverNow: number): QueueFigures[] {
  const waits = new Map<string, { count: number; since: number }>()
  for (const w of model.waiting.values())
    for (const target of w.targets) {
      const entry = waits.get(target)
      if (entry) {
        entry.count++
        entry.since = Math.min(entry.since, w.since)
      } else waits.set(target, { count: 1, since: w.since })
    }
  const base = new Map((model.snapshot?.queues ?? []).map((q) => [q.id, q]))
  const ids = [...new Set([...base.keys(), ...waits.keys()])].sort()
  return ids.map((id) => {
    const q = base.get(id)
    const wait = waits.get(id)
    return {
      id,
      waiting: wait?.count ?? 0,
      oldestWaitingSeconds: wait ? Math.max(0, serverNow - wait.since) / 1000 : 0,
      offered: q?.offered ?? 0,
      answered: q?.answered ?? 0,
      abandoned: q?.abandoned ?? 0,
      serviceLevel: q?.serviceLevel ?? null,
      asa: q?.asa ?? null,
    }
  })
}

/** Waiting per group target (`group:<id>`), for the group rows. */
export function waitingFor(model: LiveModel, target: string): number {
  let count = 0
  for (const w of model.waiting.values()) if (w.targets.includes(target)) count++
  return count
}

/** Entries per `strategy/node`: the snapshot's finished interactions plus the open ones seen on the stream. */
export function nodeEntries(model: LiveModel): Record<string, number> {
  const out: Record<string, number> = { ...(model.snapshot?.nodes ?? {}) }
  for (const nodes of model.open.values()) for (const key of nodes) out[key] = (out[key] ?? 0) + 1
  return out
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
  let waiting = 0
  for (const q of queueRows(model, serverNow)) {
    queues[q.id] = { waiting: q.waiting, serviceLevel: q.serviceLevel, asa: q.asa }
    waiting += q.waiting
  }
  model.samples.push({ at: serverNow, waiting, eventsPerSecond: model.eventsSinceSample / seconds, queues })
  if (model.samples.length > SAMPLE_LIMIT) model.samples.splice(0, model.samples.length - SAMPLE_LIMIT)
  model.eventsSinceSample = 0
  model.lastSampleAt = serverNow
  model.version++
  return true
}
