// The Monitor's pure parts: the SSE parser, the live model over snapshot + events, and the connection's
// resume, missed-events reload and per-frame batching against a scripted serve.
import { describe, expect, it } from 'vitest'
import { filterAgents, loadText, visibleRange } from './AgentGrid.tsx'
import {
  alarmList,
  applyEvents,
  applySnapshot,
  createLiveModel,
  groupRows,
  queueRows,
  sample,
  waitingFor,
} from './live-model.ts'
import { checkServeUrl, createMonitorConnection } from './monitor-connection.ts'
import type { AlarmView, MonitorAnswer, MonitorLiveEvent, StreamItem } from './monitor-types.ts'
import { OFFERED_RULE } from './QueueTable.tsx'
import { sparkPath } from './Sparkline.tsx'
import { createSseParser } from './sse-parser.ts'
import { windowNoteOf } from './window-note.ts'

function snapshot(overrides: Partial<MonitorAnswer> = {}): MonitorAnswer {
  return {
    at: 100_000,
    windowSeconds: 900,
    serviceLevelSeconds: 20,
    shortAbandonSeconds: 5,
    queues: [
      {
        id: 'group:support',
        waiting: 0,
        oldestWaitingSeconds: 0,
        offered: 10,
        answered: 8,
        abandoned: 1,
        abandonedCallerHangup: 1,
        abandonedQueueTimeout: 0,
        abandonedHost: 0,
        abandonedNoReason: 0,
        shortAbandoned: 0,
        serviceLevel: 0.75,
        asa: 12.5,
        entered: 14,
        overflowOut: 4,
      },
    ],
    groups: [
      {
        id: 'support',
        agents: { ready: 1, busy: 1, reserved: 0, notReady: 0, afterCallWork: 0, loggedOut: 0 },
        waiting: 0,
        entered: 14,
        overflowOut: 4,
      },
    ],
    agents: [{ id: 'ann', state: 'ready', load: {}, reserved: 0, groups: ['support'], bucket: 'ready' }],
    nodes: { 'support/pick': 9 },
    liveNodes: { 'support/pick': 9 },
    liveSeq: 3,
    waitingTotal: 0,
    alarms: [],
    ...overrides,
  }
}

let nextId = 1
function item(event: Record<string, unknown>): StreamItem {
  return {
    id: nextId++,
    event: {
      interaction: 'c1',
      at: 100_000,
      version: 'v1',
      strategy: 'support',
      ...event,
    } as StreamItem['event'],
  }
}

/** A monitor-live event of serve. */
const live = (
  seq: number,
  at: number,
  figures: {
    liveNodes?: Record<string, number>
    /** null: serve sent no waits (it could not read them). */
    waiting?: MonitorLiveEvent['waiting'] | null
    /** Absent: the waits summed (each caller of these tests waits for one target); null: none (an older serve). */
    waitingTotal?: number | null
    entered?: MonitorLiveEvent['entered']
    stale?: MonitorLiveEvent['stale']
  },
): StreamItem => ({
  id: nextId++,
  event: {
    type: 'monitor-live',
    at,
    seq,
    liveNodes: figures.liveNodes ?? {},
    ...(figures.waiting === null
      ? {}
      : {
          waiting: figures.waiting ?? [],
          ...(figures.waitingTotal === null
            ? {}
            : {
                waitingTotal:
                  figures.waitingTotal ?? (figures.waiting ?? []).reduce((n, w) => n + w.waiting, 0),
              }),
        }),
    ...(figures.entered ? { entered: figures.entered } : {}),
    ...(figures.stale ? { stale: figures.stale } : {}),
  },
})

const alarm = (overrides: Partial<AlarmView> = {}): AlarmView => ({
  id: 'sl/group:support',
  rule: 'sl',
  subject: 'group:support',
  figure: 'service-level',
  severity: 'critical',
  message: 'Service level of group:support is 50%, under 80%',
  value: 0.5,
  threshold: 0.8,
  raisedAt: 99_000,
  ...overrides,
})

describe('SSE parser', () => {
  it('reads ids, event names and multi-line data across chunk boundaries, skipping comments', () => {
    const parser = createSseParser()
    expect(parser.push('retry: 1000\n\n: keep-alive\n\nid: 7\nevent: que')).toEqual([])
    expect(parser.push('ued\ndata: {"a":\ndata: 1}\r')).toEqual([])
    expect(parser.push('\n\r\nevent: events-missed\ndata: {}\n\n')).toEqual([
      { id: '7', event: 'queued', data: '{"a":\n1}' },
      { id: '7', event: 'events-missed', data: '{}' },
    ])
    expect(parser.lastId()).toBe('7')
    expect(parser.retry()).toBe(1000)
  })
})

describe('live model', () => {
  it('takes waits per queue from serve, snapshot then monitor-live, ageing the oldest on the server clock', () => {
    const model = createLiveModel()
    const waiting = snapshot().queues.map((q) => ({ ...q, waiting: 2, oldestWaitingSeconds: 30 }))
    applySnapshot(model, snapshot({ queues: waiting }), 90_000)
    expect(model.clockOffset).toBe(10_000)
    expect(queueRows(model, 104_000)[0]).toMatchObject({
      id: 'group:support',
      waiting: 2,
      oldestWaitingSeconds: 34,
      serviceLevel: 0.75,
      asa: 12.5,
      // the abandons by reason come through from the snapshot (the Monitor's abandons table)
      abandonedCallerHangup: 1,
      // as do entered and overflow out (the queue table's columns)
      entered: 14,
      overflowOut: 4,
    })
    // the interaction events themselves move nothing: serve counts waits, once
    applyEvents(model, [item({ type: 'queued', node: 'pick', priority: 0, targets: ['group:support'] })])
    expect(waitingFor(model, 'group:support')).toBe(2)
    applyEvents(model, [
      live(4, 110_000, { waiting: [{ id: 'queue:vip', waiting: 1, oldestWaitingSeconds: 5 }] }),
    ])
    // group:support is not listed: nobody waits for it any more; a queue with no window figures gets a row
    expect(waitingFor(model, 'group:support')).toBe(0)
    expect(
      queueRows(model, 111_000).map((q) => [q.id, q.waiting, q.oldestWaitingSeconds, q.offered]),
    ).toEqual([
      ['group:support', 0, 0, 10],
      ['queue:vip', 1, 6, 0],
    ])
  })

  it('moves entered and overflow out per queue with each monitor-live, between snapshots', () => {
    const model = createLiveModel()
    applySnapshot(model, snapshot(), 100_000)
    const columns = () => queueRows(model, 101_000).map((q) => [q.id, q.entered, q.overflowOut, q.offered])
    expect(columns()).toEqual([['group:support', 14, 4, 10]])
    // an event without entered (an older serve) leaves them as they are
    applyEvents(model, [live(4, 101_000, {})])
    expect(columns()).toEqual([['group:support', 14, 4, 10]])
    // serve's window moved: support took one more and passed it on to queue:vip, which gets a row of its own
    applyEvents(model, [
      live(5, 102_000, {
        entered: {
          queues: [
            { id: 'group:support', entered: 15, overflowOut: 5 },
            { id: 'queue:vip', entered: 1, overflowOut: 0 },
          ],
          groups: [{ id: 'support', entered: 15, overflowOut: 5 }],
        },
      }),
    ])
    expect(columns()).toEqual([
      ['group:support', 15, 5, 10],
      ['queue:vip', 1, 0, 0],
    ])
    // an older event (seq <= the model's) moves nothing back; a queue no longer listed has entered nothing
    applyEvents(model, [live(5, 102_000, { entered: { queues: [], groups: [] } })])
    expect(columns()).toHaveLength(2)
    applyEvents(model, [
      live(6, 103_000, {
        entered: { queues: [{ id: 'queue:vip', entered: 1, overflowOut: 0 }], groups: [] },
      }),
    ])
    expect(columns()).toEqual([
      ['group:support', 0, 0, 10],
      ['queue:vip', 1, 0, 0],
    ])
  })

  it('moves entered and overflow out per group with each monitor-live, as it does per queue', () => {
    const model = createLiveModel()
    const sales = {
      id: 'sales',
      agents: { ready: 0, busy: 0, reserved: 0, notReady: 1, afterCallWork: 0, loggedOut: 0 },
      waiting: 0,
      entered: 0,
      overflowOut: 0,
    }
    const base = snapshot()
    applySnapshot(model, snapshot({ groups: [sales, ...base.groups] }), 100_000)
    // the snapshot's order (the directory's ids, sorted by serve) and its agents by state stand between snapshots
    const columns = () =>
      groupRows(model).map((g) => [g.id, g.entered, g.overflowOut, g.waiting, g.agents?.ready])
    expect(columns()).toEqual([
      ['sales', 0, 0, 0, 0],
      ['support', 14, 4, 0, 1],
    ])
    // an event without entered (an older serve) leaves them as they are; its waits for the group move its Waiting
    applyEvents(model, [
      live(4, 101_000, { waiting: [{ id: 'group:support', waiting: 2, oldestWaitingSeconds: 3 }] }),
    ])
    expect(columns()).toEqual([
      ['sales', 0, 0, 0, 0],
      ['support', 14, 4, 2, 1],
    ])
    // serve's window moved: support passed one more on, sales took it; the queue rows are the queues' lists, not these
    applyEvents(model, [
      live(5, 102_000, {
        entered: {
          queues: [{ id: 'group:support', entered: 14, overflowOut: 4 }],
          groups: [
            { id: 'sales', entered: 1, overflowOut: 0 },
            { id: 'support', entered: 15, overflowOut: 5 },
          ],
        },
      }),
    ])
    expect(columns()).toEqual([
      ['sales', 1, 0, 0, 0],
      ['support', 15, 5, 0, 1],
    ])
    expect(queueRows(model, 102_000).map((q) => [q.id, q.entered, q.overflowOut])).toEqual([
      ['group:support', 14, 4],
    ])
    // an older event moves nothing back; a group no longer listed has entered nothing
    applyEvents(model, [live(5, 102_000, { entered: { queues: [], groups: [] } })])
    expect(columns()[1]).toEqual(['support', 15, 5, 0, 1])
    applyEvents(model, [
      live(6, 103_000, { entered: { queues: [], groups: [{ id: 'sales', entered: 1, overflowOut: 1 }] } }),
    ])
    expect(columns()).toEqual([
      ['sales', 1, 1, 0, 0],
      ['support', 0, 0, 0, 1],
    ])
    // a new snapshot is the base again
    applySnapshot(model, snapshot({ liveSeq: 7 }), 104_000)
    expect(columns()).toEqual([['support', 14, 4, 0, 1]])
  })

  it('gives a group a reload added its row from the first monitor-live naming it, its agents from the next snapshot', () => {
    const model = createLiveModel()
    applySnapshot(model, snapshot(), 100_000)
    const rows = () => groupRows(model).map((g) => [g.id, g.agents?.ready ?? null, g.waiting, g.entered])
    // serve's directory gained billing: callers wait for it before the snapshot lists it
    applyEvents(model, [
      live(4, 101_000, { waiting: [{ id: 'group:billing', waiting: 2, oldestWaitingSeconds: 1 }] }),
    ])
    expect(rows()).toEqual([
      ['billing', null, 2, 0],
      ['support', 1, 0, 14],
    ])
    // its waits over, its row stands with what serve counted it entered (entered names only directory groups)
    applyEvents(model, [
      live(5, 102_000, {
        waiting: [],
        entered: { queues: [], groups: [{ id: 'billing', entered: 2, overflowOut: 0 }] },
      }),
    ])
    expect(rows()).toEqual([
      ['billing', null, 0, 2],
      ['support', 1, 0, 0],
    ])
    // a queue is no group: a wait for it adds no group row
    applyEvents(model, [
      live(6, 102_500, { waiting: [{ id: 'sales_ny', waiting: 1, oldestWaitingSeconds: 0 }] }),
    ])
    expect(rows().map(([id]) => id)).toEqual(['billing', 'support'])
    // the next snapshot counts its agents
    const billing = {
      id: 'billing',
      agents: { ready: 3, busy: 0, reserved: 0, notReady: 0, afterCallWork: 0, loggedOut: 0 },
      waiting: 0,
      entered: 2,
      overflowOut: 0,
    }
    applySnapshot(model, snapshot({ groups: [billing, ...snapshot().groups], liveSeq: 6 }), 103_000)
    expect(rows()).toEqual([
      ['billing', 3, 0, 2],
      ['support', 1, 0, 14],
    ])
  })

  it('drops a group the snapshot no longer lists, though callers still wait for it', () => {
    const model = createLiveModel()
    applySnapshot(model, snapshot(), 100_000)
    applyEvents(model, [
      live(4, 101_000, { waiting: [{ id: 'group:billing', waiting: 1, oldestWaitingSeconds: 1 }] }),
    ])
    expect(groupRows(model).map((g) => g.id)).toEqual(['billing', 'support'])
    // a reload dropped billing from serve's directory: the caller left waiting for it is a queue row, not a group
    const waitingForBilling = {
      ...snapshot().queues[0]!,
      id: 'group:billing',
      waiting: 1,
      oldestWaitingSeconds: 2,
    }
    applySnapshot(model, snapshot({ queues: [waitingForBilling, ...snapshot().queues], liveSeq: 4 }), 102_000)
    expect(groupRows(model).map((g) => g.id)).toEqual(['support'])
    applyEvents(model, [
      live(5, 103_000, { waiting: [{ id: 'group:billing', waiting: 1, oldestWaitingSeconds: 3 }] }),
    ])
    expect(groupRows(model).map((g) => g.id)).toEqual(['support'])
    expect(queueRows(model, 103_000).map((q) => [q.id, q.waiting])).toEqual([
      ['group:billing', 1],
      ['group:support', 0],
    ])
    // a reload that brings it back: serve names it among its directory's groups entered, so its row returns
    applyEvents(model, [
      live(6, 104_000, { entered: { queues: [], groups: [{ id: 'billing', entered: 1, overflowOut: 0 }] } }),
    ])
    expect(groupRows(model).map((g) => g.id)).toEqual(['billing', 'support'])
  })

  it('takes live entries per node from serve: the snapshot, then what each newer monitor-live names', () => {
    const model = createLiveModel()
    applySnapshot(model, snapshot({ liveNodes: { 'support/pick': 9, 'support/greet': 4 } }), 100_000)
    applyEvents(model, [
      item({ type: 'treatment', node: 'greet', treatment: {}, description: 'music' }),
      live(4, 100_200, { liveNodes: { 'support/pick': 11, 'sub/tag': 1 } }),
    ])
    expect(model.liveNodes).toEqual({ 'support/pick': 11, 'support/greet': 4, 'sub/tag': 1 })
    // an event older than the figures held (seq not above) is skipped, so a replay cannot take them back
    applyEvents(model, [live(3, 100_100, { liveNodes: { 'support/pick': 10 } })])
    expect(model.liveNodes['support/pick']).toBe(11)
    expect(model.liveSeq).toBe(4)
    // the next snapshot is the new base, whatever was applied before it
    applySnapshot(model, snapshot({ liveNodes: { 'support/pick': 12 }, liveSeq: 7 }), 100_000)
    expect(model.liveNodes).toEqual({ 'support/pick': 12 })
    expect(model.liveSeq).toBe(7)
  })

  it('skips an event type it does not know instead of failing', () => {
    const model = createLiveModel()
    applySnapshot(model, snapshot(), 100_000)
    applyEvents(model, [item({ type: 'agent-moved-to-mars' })])
    expect(model.events).toBe(1)
    expect(model.liveNodes).toEqual({ 'support/pick': 9 })
  })

  it('lists active alarms first and keeps cleared ones, from events and snapshots', () => {
    const model = createLiveModel()
    applySnapshot(model, snapshot({ alarms: [alarm({ id: 'old', raisedAt: 1 })] }), 100_000)
    const { id: _id, ...raised } = alarm()
    applyEvents(model, [item({ type: 'alarm-raised', ...raised, id: 'sl/group:support' })])
    applyEvents(model, [
      item({ type: 'alarm-cleared', ...alarm({ id: 'old', raisedAt: 1, clearedAt: 99_500 }) }),
    ])
    expect(alarmList(model).map((a) => [a.id, a.clearedAt])).toEqual([
      ['sl/group:support', undefined],
      ['old', 99_500],
    ])
    // a refresh without the cleared alarm keeps it in the recent list
    applySnapshot(model, snapshot({ alarms: [alarm()] }), 100_000)
    expect(alarmList(model).map((a) => a.id)).toEqual(['sl/group:support', 'old'])
  })

  it("keeps serve's workspace drift from the snapshot and each workspace-drift event", () => {
    const model = createLiveModel()
    const drift = { current: 'b2', workspace: 'a1', warning: 'New interactions start on b2 ...' }
    applySnapshot(model, { ...snapshot(), workspaceDrift: drift }, 100_000)
    expect(model.workspaceDrift).toEqual(drift)
    applyEvents(model, [item({ type: 'workspace-drift', at: 100_500, version: 'a1', drift: null })])
    expect(model.workspaceDrift).toBeNull()
    applyEvents(model, [item({ type: 'workspace-drift', at: 101_000, version: 'a1', drift })])
    expect(model.workspaceDrift).toEqual(drift)
    applySnapshot(model, snapshot(), 102_000)
    expect(model.workspaceDrift).toBeNull()
  })

  it("[RW091] keeps a refused reload's errors and the entries it skipped, a few of each and a count, until a version is deployed", () => {
    const model = createLiveModel()
    applySnapshot(model, snapshot(), 100_000)
    const error = (n: number) => ({
      code: 'RW301',
      severity: 'error',
      message: `calls e${n}`,
      path: [],
      file: 'a.strategy.yaml',
    })
    const fifo = (n: number) => ({
      code: 'RW091',
      severity: 'warning',
      message:
        'not a regular file (a named pipe (FIFO)), skipped. Rename or remove it: only regular files are read.',
      path: [],
      file: `p${n}.strategy.yaml`,
    })
    const refused = (errors: number, skipped: number) =>
      item({
        type: 'reload-refused',
        at: 100_500,
        errors,
        diagnostics: Array.from({ length: errors }, (_, n) => error(n)),
        ...(skipped > 0 ? { skipped: Array.from({ length: skipped }, (_, n) => fifo(n)) } : {}),
      })
    applyEvents(model, [refused(7, 8)])
    expect(model.refusal?.errors.map((r) => r.message)).toEqual([
      'calls e0',
      'calls e1',
      'calls e2',
      'calls e3',
      'calls e4',
    ])
    expect(model.refusal?.moreErrors).toBe(2)
    expect(model.refusal?.skipped).toHaveLength(5)
    expect(model.refusal?.skipped[0]).toEqual({
      file: 'p0.strategy.yaml',
      code: 'RW091',
      message:
        'not a regular file (a named pipe (FIFO)), skipped. Rename or remove it: only regular files are read.',
    })
    expect(model.refusal?.moreSkipped).toBe(3)
    // a snapshot does not carry refusals: the one seen stays
    applySnapshot(model, snapshot(), 101_000)
    expect(model.refusal?.at).toBe(100_500)
    // the next refusal replaces it whole, without skipped entries when serve sent none
    applyEvents(model, [refused(1, 0)])
    expect(model.refusal).toEqual({
      at: 100_500,
      errors: [{ file: 'a.strategy.yaml', code: 'RW301', message: 'calls e0' }],
      moreErrors: 0,
      skipped: [],
      moreSkipped: 0,
    })
    applyEvents(model, [
      item({ type: 'version-deployed', version: 'v2', strategies: ['support'], at: 102_000 }),
    ])
    expect(model.refusal).toBeNull()
  })

  it('shows a refused reload whose findings are not what serve writes as empty rows, without failing', () => {
    const model = createLiveModel()
    applyEvents(model, [
      item({ type: 'reload-refused', at: 1, errors: 3, diagnostics: [null, 'x'], skipped: 'no' }),
    ])
    expect(model.refusal).toEqual({
      at: 1,
      errors: [
        { file: '', code: '', message: '' },
        { file: '', code: '', message: '' },
      ],
      moreErrors: 1,
      skipped: [],
      moreSkipped: 0,
    })
  })

  it("marks serve's figures stale from the snapshot and each monitor-live, until one comes without the mark", () => {
    const model = createLiveModel()
    const mark = { reason: 'redis-unreachable', since: 99_000 } as const
    applySnapshot(model, { ...snapshot({ liveSeq: 3 }), stale: mark }, 100_000)
    expect(model.stale).toEqual(mark)
    // an event older than the snapshot says nothing about now: skipped, the mark stays
    applyEvents(model, [live(3, 99_500, {})])
    expect(model.stale).toEqual(mark)
    applyEvents(model, [live(4, 101_000, { stale: mark })])
    expect(model.stale).toEqual(mark)
    applyEvents(model, [live(5, 102_000, {})])
    expect(model.stale).toBeNull()
    const waiting = [{ id: 'group:support', waiting: 2, oldestWaitingSeconds: 30 }]
    applyEvents(model, [live(6, 102_200, { waiting })])
    // a process that does not route could not read its waits: marked, and the waits it sent last still stand
    applyEvents(model, [
      live(7, 103_000, { waiting: null, stale: { reason: 'redis-unreachable', since: 102_500 } }),
    ])
    expect(model.stale).toEqual({ reason: 'redis-unreachable', since: 102_500 })
    expect(queueRows(model, 103_000).find((q) => q.id === 'group:support')).toMatchObject({
      waiting: 2,
      oldestWaitingSeconds: 30.8,
    })
    applySnapshot(model, snapshot({ liveSeq: 8 }), 104_000)
    expect(model.stale).toBeNull()
  })

  it('samples once a period, with the event rate since the last sample', () => {
    const model = createLiveModel()
    applySnapshot(model, snapshot(), 100_000)
    expect(sample(model, 100_000)).toBe(true)
    applyEvents(
      model,
      Array.from({ length: 400 }, () => item({ type: 'error', reason: 'x' })),
    )
    expect(sample(model, 100_500)).toBe(false)
    expect(sample(model, 102_000)).toBe(true)
    expect(model.samples.map((s) => s.eventsPerSecond)).toEqual([0, 200])
  })

  // every agent not ready: 4 callers wait for the six groups of "Every voice agent", 2 for one group of their own
  it("charts the callers waiting once each, not once per group they wait for (serve's waitingTotal)", () => {
    const model = createLiveModel()
    const groups = ['a', 'b', 'c', 'd', 'e', 'f'].map((g) => ({
      id: `group:${g}`,
      waiting: 4,
      oldestWaitingSeconds: 1,
    }))
    applySnapshot(model, snapshot({ queues: [], waitingTotal: 6 }), 100_000)
    applyEvents(model, [
      live(4, 100_500, {
        waiting: [...groups, { id: 'group:g', waiting: 2, oldestWaitingSeconds: 1 }],
        waitingTotal: 6,
      }),
    ])
    sample(model, 101_000)
    expect(model.samples.at(-1)?.waiting).toBe(6)
    // an event without waits (serve could not read them): the last total stands
    applyEvents(model, [live(5, 101_500, { waiting: null })])
    sample(model, 102_000)
    expect(model.samples.at(-1)?.waiting).toBe(6)
  })

  it('charts the waits summed, as before, for an older serve that sends no waitingTotal (not 0)', () => {
    const model = createLiveModel()
    const { waitingTotal: _absent, ...older } = snapshot({
      queues: [{ ...snapshot().queues[0]!, id: 'sales', waiting: 3, oldestWaitingSeconds: 2 }],
    })
    applySnapshot(model, older, 100_000)
    sample(model, 100_000)
    expect(model.samples.at(-1)?.waiting).toBe(3)
    applyEvents(model, [
      live(4, 100_500, {
        waiting: [
          { id: 'sales', waiting: 2, oldestWaitingSeconds: 1 },
          { id: 'group:support', waiting: 4, oldestWaitingSeconds: 1 },
        ],
        waitingTotal: null,
      }),
    ])
    sample(model, 101_000)
    expect(model.samples.at(-1)?.waiting).toBe(6)
  })
})

describe('view helpers', () => {
  it('draws only the agent rows in view, plus a margin', () => {
    expect(visibleRange(0, 220, 1000)).toEqual([0, 15])
    expect(visibleRange(26 * 500, 220, 1000)).toEqual([494, 515])
    expect(visibleRange(0, 220, 3)).toEqual([0, 3])
  })

  // a router reservation is no state of the agent's (the report cannot count it): the row still shows it
  it('shows the offers the router holds for an agent beside her load', () => {
    expect(loadText({ load: {}, reserved: 0 })).toBe('–')
    expect(loadText({ load: { voice: 0 }, reserved: 1 })).toBe('offered 1')
    expect(loadText({ load: { chat: 2 }, reserved: 1 })).toBe('chat 2, offered 1')
  })

  it('filters the agent grid by group and by the column serve counts each agent in', () => {
    const agents = [
      {
        id: 'ann',
        state: 'ready',
        load: { voice: 1 },
        reserved: 0,
        groups: ['support'],
        bucket: 'busy' as const,
      },
      {
        id: 'bob',
        state: 'ready',
        load: {},
        reserved: 0,
        groups: ['support', 'sales'],
        bucket: 'ready' as const,
      },
      { id: 'cy', state: 'not-ready', load: {}, reserved: 0, groups: ['sales'], bucket: 'notReady' as const },
    ]
    const ids = (group: string, bucket: '' | 'busy' | 'ready') =>
      filterAgents(agents, { group, bucket }).map((a) => a.id)
    expect(ids('', '')).toEqual(['ann', 'bob', 'cy'])
    expect(ids('sales', '')).toEqual(['bob', 'cy'])
    // ann says ready but has a call: serve counts her busy, and so does the filter
    expect(ids('', 'busy')).toEqual(['ann'])
    expect(ids('sales', 'busy')).toEqual([])
  })

  it('breaks a sparkline at gaps and scales to the maximum', () => {
    expect(sparkPath([0, 2, null, 1], 30, 11)).toEqual({
      line: 'M0.0,11.0L10.0,1.0M30.0,6.0',
      area: 'M0.0,11L0.0,11.0L10.0,1.0L10.0,11ZM30.0,11L30.0,6.0L30.0,11Z',
    })
  })

  it('says what a serve URL should look like', () => {
    expect(checkServeUrl(' http://127.0.0.1:8380/ ')).toBe('http://127.0.0.1:8380')
    // serve's address as it prints it, without a scheme, was refused as 'not a URL' (or read as scheme 'localhost:')
    expect(checkServeUrl('127.0.0.1:8380')).toBe('http://127.0.0.1:8380')
    expect(checkServeUrl('localhost:9000/')).toBe('http://localhost:9000')
    expect(checkServeUrl('localhost')).toBe('http://localhost:8380')
    expect(checkServeUrl('[::1]:8380')).toBe('http://[::1]:8380')
    // port 80 is http's default, so the parsed URL named none and the address was sent to :8380
    expect(checkServeUrl('serve.example:80')).toBe('http://serve.example:80')
    expect(checkServeUrl('[::1]:80/')).toBe('http://[::1]:80')
    expect(checkServeUrl('[::1]')).toBe('http://[::1]:8380')
    expect(checkServeUrl('serve host')).toEqual({
      error: '"serve host" is not a URL: give serve\'s address, e.g. http://127.0.0.1:8380',
    })
    expect(checkServeUrl('ftp://x')).toEqual({ error: 'serve is reached over http or https, not ftp:' })
    // an empty field asked 'Connect' to read '"" is not a URL'
    expect(checkServeUrl('  ')).toEqual({
      error: "Give serve's address first, e.g. http://127.0.0.1:8380 (serve's default port)",
    })
  })
})

/** A scripted serve: JSON answers, and event streams the test writes into. */
function fakeServe() {
  const streams: Array<{ url: string; write(text: string): void; end(): void }> = []
  const requests: string[] = []
  let monitor = snapshot()
  let gate: Promise<void> | undefined
  let streamRefusal: Record<string, string> | undefined
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input)
    requests.push(url)
    const path = new URL(url).pathname
    if (path === '/v1/monitor' && gate) await gate
    if (path === '/v1/events' && streamRefusal)
      return new Response('{"error":"Too many event streams open (1)","code":"too-many-streams"}', {
        status: 503,
        headers: streamRefusal,
      })
    if (path === '/v1/events') {
      let controller!: ReadableStreamDefaultController<Uint8Array>
      const body = new ReadableStream<Uint8Array>({ start: (c) => (controller = c) })
      init?.signal?.addEventListener('abort', () =>
        controller.error(new DOMException('aborted', 'AbortError')),
      )
      const encoder = new TextEncoder()
      streams.push({
        url,
        write: (t) => controller.enqueue(encoder.encode(t)),
        end: () => controller.close(),
      })
      return new Response(body, { status: 200 })
    }
    const json =
      path === '/v1/monitor' ? monitor : path === '/v1/waiting' ? { waiting: [] } : { active: [], recent: [] }
    return new Response(JSON.stringify(json), { status: 200 })
  }
  return {
    fetch,
    streams,
    requests,
    setMonitor: (m: MonitorAnswer) => (monitor = m),
    /** /v1/events answers 503 with these headers from now on (undefined: streams again). */
    refuseStreams: (headers: Record<string, string> | undefined) => (streamRefusal = headers),
    /** Holds /v1/monitor answers until the returned function is called. */
    hold() {
      let release!: () => void
      gate = new Promise((resolve) => (release = resolve))
      return () => {
        gate = undefined
        release()
      }
    },
  }
}

function harness() {
  const serve = fakeServe()
  const frames: Array<() => void> = []
  const timers: Array<{ at: number; run: () => void }> = []
  let now = 100_000
  const connection = createMonitorConnection(
    { serve: 'http://serve.test', refreshMs: 60_000 },
    {
      fetch: serve.fetch as typeof fetch,
      now: () => now,
      requestFrame: (cb) => frames.push(cb),
      setTimer: (run, ms) => timers.push({ at: now + ms, run }),
      clearTimer: () => {},
    },
  )
  const settle = () => new Promise((r) => setTimeout(r, 5))
  return {
    serve,
    connection,
    timers,
    settle,
    /** Runs the pending animation frame(s). */
    frame() {
      for (const f of frames.splice(0)) f()
    },
    async advance(ms: number) {
      now += ms
      for (const t of timers.filter((t) => t.at <= now)) {
        timers.splice(timers.indexOf(t), 1)
        t.run()
      }
      await settle()
    },
  }
}

const frame = (id: number, event: Record<string, unknown>) =>
  `id: ${id}\nevent: ${event.type}\ndata: ${JSON.stringify({ interaction: `c${id}`, at: 100_000, version: 'v', strategy: 'support', ...event })}\n\n`

const liveFrame = (id: number, seq: number, waiting: number, liveNodes: Record<string, number> = {}) =>
  `id: ${id}\nevent: monitor-live\ndata: ${JSON.stringify({
    type: 'monitor-live',
    at: 100_000,
    seq,
    liveNodes,
    waiting: waiting > 0 ? [{ id: 'group:support', waiting, oldestWaitingSeconds: 1 }] : [],
  })}\n\n`

const monitorReads = (h: ReturnType<typeof harness>) =>
  h.serve.requests.filter((r) => r.endsWith('/v1/monitor')).length

describe('monitor connection', () => {
  it('applies a burst of events in one animation frame', async () => {
    const h = harness()
    await h.settle()
    h.frame()
    expect(h.connection.status().state).toBe('live')
    let draws = 0
    h.connection.subscribe(() => draws++)
    const stream = h.serve.streams[0]!
    for (let id = 1; id <= 50; id++)
      stream.write(frame(id, { type: 'queued', node: 'pick', priority: 0, targets: ['group:support'] }))
    stream.write(liveFrame(51, 4, 50, { 'support/pick': 59 }))
    await h.settle()
    expect(waitingFor(h.connection.model, 'group:support')).toBe(0) // nothing applied until the frame
    h.frame()
    expect(draws).toBe(1)
    expect(waitingFor(h.connection.model, 'group:support')).toBe(50)
    expect(h.connection.model.liveNodes).toEqual({ 'support/pick': 59 })
    expect(h.connection.model.events).toBe(51)
    expect(h.connection.status().lastEventId).toBe(51)
    h.connection.destroy()
  })

  it("waits the seconds of serve's retry-after before connecting again after a refused stream, and says so", async () => {
    const h = harness()
    await h.settle()
    h.serve.refuseStreams({ 'retry-after': '15' })
    h.serve.streams[0]!.end()
    await h.settle()
    // the drop's own backoff (1 s), then a stream serve refuses
    await h.advance(1_000)
    const streamsAsked = () => h.serve.requests.filter((r) => r.includes('/v1/events')).length
    const asked = streamsAsked()
    expect(h.connection.status()).toMatchObject({
      state: 'reconnecting',
      error: '/v1/events answered 503 (serve says retry in 15 s)',
    })
    // not the backoff's 1 s, 2 s ...: nothing asked again until serve's 15 s are over
    await h.advance(14_000)
    expect(streamsAsked()).toBe(asked)
    h.serve.refuseStreams(undefined)
    await h.advance(1_000)
    expect(streamsAsked()).toBe(asked + 1)
    h.connection.destroy()
  })

  it("keeps backing off while serve's retry-after says 1 s (a Redis outage: its next reconnect attempt)", async () => {
    const h = harness()
    await h.settle()
    h.serve.refuseStreams({ 'retry-after': '1' })
    h.serve.streams[0]!.end()
    await h.settle()
    const streamsAsked = () => h.serve.requests.filter((r) => r.includes('/v1/events')).length
    await h.advance(1_000) // the drop's backoff, then a stream serve refuses
    const asked = streamsAsked()
    // the longer of serve's 1 s and the backoff's 2 s, 4 s: not a try each second for the whole outage
    await h.advance(1_000)
    expect(streamsAsked()).toBe(asked)
    await h.advance(1_000)
    expect(streamsAsked()).toBe(asked + 1)
    await h.advance(3_000)
    expect(streamsAsked()).toBe(asked + 1)
    await h.advance(1_000)
    expect(streamsAsked()).toBe(asked + 2)
    h.connection.destroy()
  })

  it('resumes from the last event id after a drop and reads the snapshot again, as when events were missed', async () => {
    const h = harness()
    await h.settle()
    h.serve.streams[0]!.write(liveFrame(41, 4, 1, { 'support/pick': 10 }))
    await h.settle()
    h.frame()
    expect(h.connection.model.liveNodes).toEqual({ 'support/pick': 10 })
    h.serve.streams[0]!.end()
    await h.settle()
    h.frame()
    expect(h.connection.status()).toMatchObject({
      state: 'reconnecting',
      reconnects: 1,
      error: 'serve closed the event stream',
    })
    // meanwhile serve moved on (a takeover, a restart): the resumed view takes its picture, not what it had
    h.serve.setMonitor(snapshot({ liveNodes: { 'support/pick': 30 }, liveSeq: 1 }))
    const before = monitorReads(h)
    await h.advance(1000)
    expect(h.serve.streams[1]?.url).toBe('http://serve.test/v1/events?lastEventId=41')
    h.frame()
    expect(h.connection.status().state).toBe('live')
    expect(monitorReads(h)).toBe(before + 1)
    expect(h.connection.model.liveNodes).toEqual({ 'support/pick': 30 })
    // with that serve's seq: its next event applies although its seq is below the old serve's
    h.serve.streams[1]!.write(liveFrame(42, 2, 0, { 'support/pick': 31 }))
    await h.settle()
    h.frame()
    expect(h.connection.model.liveNodes).toEqual({ 'support/pick': 31 })
    h.serve.setMonitor(snapshot({ liveNodes: { 'support/pick': 50 }, liveSeq: 9 }))
    h.serve.streams[1]!.write('event: events-missed\ndata: {"after":41,"oldest":900}\n\n')
    await h.settle()
    h.frame()
    expect(monitorReads(h)).toBe(before + 2)
    expect(h.connection.status().missedReloads).toBe(1)
    expect(h.connection.model.liveNodes).toEqual({ 'support/pick': 50 })
    h.connection.destroy()
  })

  it('reads the snapshot again when serve deploys a new version: groups it added or dropped', async () => {
    const h = harness()
    await h.settle()
    h.frame()
    const before = monitorReads(h)
    h.serve.setMonitor(snapshot({ groups: [], liveSeq: 3 }))
    h.serve.streams[0]!.write(
      `id: 5\nevent: version-deployed\ndata: ${JSON.stringify({ type: 'version-deployed', version: 'v2', strategies: ['support'], at: 100_000 })}\n\n`,
    )
    await h.settle()
    h.frame()
    expect(monitorReads(h)).toBe(before + 1)
    expect(groupRows(h.connection.model)).toEqual([])
    h.connection.destroy()
  })

  it("turns serve's partial window whole on the view's clock, with no newer snapshot read", async () => {
    const h = harness()
    await h.settle()
    // serve counts since 3 min before its `at` (a reload changed T): 12 of its 15 min are left
    h.serve.setMonitor(snapshot({ windowFrom: 100_000 - 3 * 60_000 }))
    await h.advance(60_000)
    const note = () => windowNoteOf(h.connection.model.snapshot!, h.connection.serverNow())
    expect(note()?.minutesLeft).toBe(12)
    // serve's next snapshots do not come back (a refresh that hangs): the clock alone moves the note
    const release = h.serve.hold()
    await h.advance(11 * 60_000)
    expect(note()?.minutesLeft).toBe(1)
    await h.advance(60_000)
    expect(h.connection.model.snapshot?.windowFrom).toBe(100_000 - 3 * 60_000)
    expect(note()).toBeNull()
    release()
    h.connection.destroy()
  })

  it("reads the agents again on serve's agent-state events, one read at a time for a burst", async () => {
    const h = harness()
    await h.settle()
    h.frame()
    const before = monitorReads(h)
    const agentState = (id: number, state: string) =>
      `id: ${id}\nevent: agent-state\ndata: ${JSON.stringify({ type: 'agent-state', agent: 'ann', state, by: 'supervisor', at: 100_000 })}\n\n`
    const release = h.serve.hold()
    h.serve.setMonitor(
      snapshot({
        agents: [
          { id: 'ann', state: 'not-ready', load: {}, reserved: 0, groups: ['support'], bucket: 'notReady' },
        ],
      }),
    )
    h.serve.streams[0]!.write(agentState(6, 'not-ready'))
    await h.settle()
    h.serve.streams[0]!.write(agentState(7, 'logged-out'))
    h.serve.streams[0]!.write(agentState(8, 'not-ready'))
    await h.settle()
    expect(monitorReads(h)).toBe(before + 1)
    release()
    await h.settle()
    await h.settle()
    h.frame()
    // the two that came during the first read make one more, not two
    expect(monitorReads(h)).toBe(before + 2)
    expect(h.connection.model.snapshot?.agents.map((a) => [a.id, a.bucket])).toEqual([['ann', 'notReady']])
    h.connection.destroy()
  })

  it('re-applies the events that arrived while snapshots were on their way, newer than them only', async () => {
    const h = harness()
    await h.settle()
    h.frame()
    const release = h.serve.hold()
    await h.advance(60_000) // the periodic refresh starts and waits for /v1/monitor (liveSeq 3)
    h.serve.streams[0]!.write('event: events-missed\ndata: {}\n\n') // a reload overlaps it
    h.serve.streams[0]!.write(liveFrame(8, 3, 7, { 'support/pick': 1 })) // older than the snapshot
    h.serve.streams[0]!.write(liveFrame(9, 4, 1, { 'support/pick': 10 }))
    await h.settle()
    h.frame()
    expect(waitingFor(h.connection.model, 'group:support')).toBe(1)
    release()
    await h.settle()
    h.frame()
    // both snapshots were read before seq 4 was sent: it stays applied over them, seq 3 does not come back
    expect(waitingFor(h.connection.model, 'group:support')).toBe(1)
    expect(h.connection.model.liveNodes).toEqual({ 'support/pick': 10 })
    expect(h.connection.model.events).toBe(2)
    h.connection.destroy()
  })

  it.each([
    [
      'answers to a no-cors request (it does not allow this page)',
      true,
      'serve at http://serve.test answers but does not allow this page: restart it with --allow-origin http://designer.test',
    ],
    [
      'answers nothing',
      false,
      'nothing answers at http://serve.test: start serve there (routewright serve --workspace <folder> --allow-origin http://designer.test) or correct the address',
    ],
  ])('says what to do when the browser refuses every request and serve %s', async (_, up, message) => {
    // what a browser does: a fetch serve does not allow fails as one that reaches nothing, a no-cors one does not
    const fetch = async (_input: RequestInfo | URL, init?: RequestInit) => {
      if (up && init?.mode === 'no-cors') return new Response(null, { status: 200 })
      throw new TypeError('Failed to fetch')
    }
    const connection = createMonitorConnection(
      { serve: 'http://serve.test', origin: 'http://designer.test', refreshMs: 60_000 },
      {
        fetch: fetch as typeof globalThis.fetch,
        now: () => 0,
        requestFrame: () => {},
        setTimer: () => {},
        clearTimer: () => {},
      },
    )
    await expect.poll(() => connection.status().state).toBe('failed')
    expect(connection.status().error).toBe(message)
    connection.destroy()
  })
})

describe("the Offered column's note", () => {
  it("states serve's rule (openWaits): callers sent on by a timeout or an overflow are subtracted too, not only answered and abandoned", () => {
    expect(OFFERED_RULE).toMatch(
      /Offered - Answered - Abandoned - those sent on \(timeout, overflow\) is what is still open/,
    )
  })
})
