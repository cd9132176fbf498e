// The live monitor and alarms through the real HTTP server, on a simulated clock: figures from the server's own
// events, an alarm raised once after its minimum duration (log, webhook, SSE, GET /v1/alarms), cleared on recovery.
import * as history from '@routewright/history'
import { eventually } from '@routewright/node-support/testing'
import { createSimulatedClock, type SimulatedClock } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { monitorLiveEvent } from '../src/index.ts'
import { MONITOR_LIVE_MS } from '../src/monitor/live-publisher.ts'
import {
  DIRECTORY,
  IN_TURN_FILES,
  RAN_BEFORE_MS,
  ranBefore,
  stoppedAfterEachTest,
  supportStrategy,
  type TestServer,
  triageStrategy,
} from './helpers.ts'
import { readEvents } from './sse-client.ts'

const START = Date.UTC(2026, 10, 30, 9, 0, 0)
const started = stoppedAfterEachTest()

const ALARMS = `alarms: center
format: 1
monitor: { window: 15m, serviceLevelThreshold: 20s }
evaluateEvery: 5s
rules:
  support-sl:
    figure: service-level
    queue: group:support
    below: 0.8
    clear: 0.8
    for: 10s
    severity: critical
  long-wait:
    figure: oldest-waiting
    queue: "*"
    above: 120
`

const TRIAGE = triageStrategy()

async function queue(t: TestServer, id: string) {
  const monitor = await t.request('GET', '/v1/monitor')
  expect(monitor.status).toBe(200)
  return monitor.body.queues.find((q: { id: string }) => q.id === id)
}

const NO_ABANDONS = {
  abandonedCallerHangup: 0,
  abandonedQueueTimeout: 0,
  abandonedHost: 0,
  abandonedNoReason: 0,
  shortAbandoned: 0,
}

/** The alarm events of `t`'s stream from its start up to the first clear, expected to be one raise and that clear. */
async function alarmRaisedThenCleared(t: TestServer): Promise<unknown[]> {
  const frames = await readEvents(
    `${t.server.url}/v1/events?lastEventId=0`,
    1000,
    {},
    (f) => f.event === 'alarm-cleared',
  )
  const alarmFrames = frames.filter((f) => f.event?.startsWith('alarm-'))
  expect(alarmFrames.map((f) => f.event)).toEqual(['alarm-raised', 'alarm-cleared'])
  return alarmFrames.map((f) => JSON.parse(f.data!))
}

/** Moves the clock and lets the evaluation it triggered finish. */
async function advance(clock: SimulatedClock, ms: number) {
  clock.advance(ms)
  await new Promise((resolve) => setTimeout(resolve, 20))
}

describe('GET /v1/monitor', () => {
  it('counts waiting, oldest, offered, answered, abandoned, service level and ASA per queue', async () => {
    const clock = createSimulatedClock(START)
    const t = await started.serve({ clock })
    await t.request('PUT', '/v1/agents/ann/state', { state: 'ready' })
    await t.request('POST', '/v1/interactions', { id: 'a1', strategy: 'support' })
    await t.request('POST', '/v1/interactions/a1/confirm')
    await t.request('POST', '/v1/interactions', { id: 'a2', strategy: 'support' })
    clock.advance(30_000)
    // a2, still waiting, is offered already: offered counts at entry (offered - answered - abandoned = waiting)
    expect(await queue(t, 'group:support')).toEqual({
      id: 'group:support',
      waiting: 1,
      oldestWaitingSeconds: 30,
      offered: 2,
      answered: 1,
      abandoned: 0,
      ...NO_ABANDONS,
      serviceLevel: 1,
      asa: 0,
      entered: 2,
      overflowOut: 0,
    })
    // a2 is answered after 30 s (past T = 20 s), a3 abandons
    await t.request('POST', '/v1/interactions/a1/complete')
    await t.request('POST', '/v1/interactions', { id: 'a3', strategy: 'support' })
    await t.request('PUT', '/v1/agents/bob/state', { state: 'ready' })
    await t.request('POST', '/v1/interactions/a2/confirm')
    clock.advance(5000)
    await t.request('POST', '/v1/interactions/a3/abandon')
    const body = (await t.request('GET', '/v1/monitor')).body
    expect(body.queues).toEqual([
      {
        id: 'group:support',
        waiting: 0,
        oldestWaitingSeconds: 0,
        offered: 3,
        answered: 2,
        abandoned: 1,
        // a3 waited 5 s in the group's queue: a short abandon (at most 5 s), with no reason from the host
        ...NO_ABANDONS,
        abandonedNoReason: 1,
        shortAbandoned: 1,
        serviceLevel: 1 / 3,
        asa: 15,
        entered: 3,
        overflowOut: 0,
      },
    ])
    // ann took a2 after a1; bob's reservation ended with a3's abandon
    expect(body.groups).toEqual([
      {
        id: 'support',
        agents: { ready: 1, busy: 1, reserved: 0, notReady: 0, afterCallWork: 0, loggedOut: 0 },
        waiting: 0,
        entered: 3,
        overflowOut: 0,
      },
    ])
    // each agent's row names the column it counts in, so a grid and the group rows cannot disagree
    expect(
      body.agents.map((a: { id: string; groups: string[]; bucket: string }) => [a.id, a.groups, a.bucket]),
    ).toEqual([
      ['ann', ['support'], 'busy'],
      ['bob', ['support'], 'ready'],
    ])
    expect(body.nodes).toEqual({ 'support/pick': 3 })
    expect(body.at).toBe(START + 35_000)
    // out of the 15-minute window, the figures are gone; the wait that is still there is not
    clock.advance(15 * 60_000 + 1)
    expect((await t.request('GET', '/v1/monitor')).body.queues).toEqual([])
  })

  it('splits the abandons by the host reason and counts short ones, as a report of the same records does', async () => {
    const clock = createSimulatedClock(START)
    const t = await started.serve({ clock })
    // no agent: every call waits in group:support; each leaves after its own wait with its own reason
    const calls: Array<[string, number, string | undefined]> = [
      ['b1', 2_000, 'caller-hangup'],
      ['b2', 30_000, 'caller-hangup'],
      ['b3', 6_000, 'queue-timeout'],
      ['b4', 1_000, 'host'],
      ['b5', 4_000, undefined],
    ]
    for (const [id, waitMs, reason] of calls) {
      await t.ok('POST', '/v1/interactions', { id, strategy: 'support' })
      clock.advance(waitMs)
      await t.ok('POST', `/v1/interactions/${id}/abandon`, reason === undefined ? {} : { reason })
    }
    const records = calls.map(([, waitMs, reason]) => ({
      outcome: 'abandoned' as const,
      waitMs,
      queue: 'group:support',
      ...(reason === undefined ? {} : { abandonReason: reason }),
    }))
    // the report's own definition over the same records: the monitor must not have one of its own
    const sums = history.emptySums()
    for (const r of records) history.addInteraction(sums, r, 20)
    const f = history.figuresOf(sums)
    const expected = {
      offered: 5,
      abandoned: 5,
      abandonedCallerHangup: 2,
      abandonedQueueTimeout: 1,
      abandonedHost: 1,
      abandonedNoReason: 1,
      // b1, b4, b5 waited at most 5 s
      shortAbandoned: 3,
    }
    expect(f).toMatchObject(expected)
    expect(await queue(t, 'group:support')).toMatchObject({ ...expected, answered: 0, serviceLevel: 0 })
  })

  it("counts short abandons within the alarms file's monitor.shortAbandon, as a report with --short-abandon does", async () => {
    const clock = createSimulatedClock(START - RAN_BEFORE_MS)
    const alarms = ALARMS.replace(
      'serviceLevelThreshold: 20s }',
      'serviceLevelThreshold: 20s, shortAbandon: 10s }',
    )
    const t = await started.serve({ clock }, { 'alarms.yaml': alarms })
    await ranBefore(t, clock)
    // no agent: each call waits in group:support, then leaves; 6 s is short with S = 10 s, not with the default 5 s
    const waits = [2_000, 6_000, 10_000, 30_000]
    for (const [i, waitMs] of waits.entries()) {
      await t.ok('POST', '/v1/interactions', { id: `s${i}`, strategy: 'support' })
      clock.advance(waitMs)
      await t.ok('POST', `/v1/interactions/s${i}/abandon`, { reason: 'caller-hangup' })
    }
    const sums = history.emptySums()
    for (const waitMs of waits)
      history.addInteraction(
        sums,
        { outcome: 'abandoned', waitMs, queue: 'group:support', abandonReason: 'caller-hangup' },
        20,
        1,
        10,
      )
    expect(history.figuresOf(sums).shortAbandoned).toBe(3)
    const monitor = (await t.request('GET', '/v1/monitor')).body
    expect(monitor.shortAbandonSeconds).toBe(10)
    expect(monitor.queues.find((q: { id: string }) => q.id === 'group:support')).toMatchObject({
      abandoned: 4,
      shortAbandoned: history.figuresOf(sums).shortAbandoned,
    })
    // back to the default on a reload without the setting
    t.workspace.write('alarms.yaml', ALARMS)
    expect((await t.request('POST', '/v1/reload')).status).toBe(200)
    const reloaded = (await t.request('GET', '/v1/monitor')).body
    expect(reloaded.shortAbandonSeconds).toBe(history.SHORT_ABANDON_SECONDS)
    expect(reloaded.queues.find((q: { id: string }) => q.id === 'group:support').shortAbandoned).toBe(1)
    // both counted from the start (the defaults' always are): whole windows
    expect([monitor.windowFrom, reloaded.windowFrom]).toEqual([undefined, undefined])
    // an S not counted before starts empty: the view says since when, until a window has passed
    t.workspace.write(
      'alarms.yaml',
      ALARMS.replace('serviceLevelThreshold: 20s }', 'serviceLevelThreshold: 20s, shortAbandon: 7s }'),
    )
    expect((await t.request('POST', '/v1/reload')).status).toBe(200)
    const reloadedAt = clock.now()
    expect((await t.request('GET', '/v1/monitor')).body).toMatchObject({
      windowFrom: reloadedAt,
      windowFromCause: 'thresholds-changed',
    })
    clock.advance(15 * 60_000)
    expect((await t.request('GET', '/v1/monitor')).body.windowFrom).toBeUndefined()
  })

  it('counts entered and overflow out per queue and group when queues are taken in turn (first, then second)', async () => {
    const clock = createSimulatedClock(START)
    const t = await started.serve({ clock }, IN_TURN_FILES)
    // c1 overflows to second and abandons there; c2 abandons in first; c3 overflows and bob answers it in second
    await t.ok('POST', '/v1/interactions', { id: 'c1', strategy: 'sales' })
    await advance(clock, 21_000)
    await t.ok('POST', '/v1/interactions/c1/abandon')
    await t.ok('POST', '/v1/interactions', { id: 'c2', strategy: 'sales' })
    await advance(clock, 5_000)
    await t.ok('POST', '/v1/interactions/c2/abandon')
    await t.ok('POST', '/v1/interactions', { id: 'c3', strategy: 'sales' })
    await advance(clock, 21_000)
    await t.ok('PUT', '/v1/agents/bob/state', { state: 'ready' })
    await t.ok('POST', '/v1/interactions/c3/confirm')
    const body = await eventually(async () => {
      const b = (await t.request('GET', '/v1/monitor')).body
      return b.queues.length === 2 && b.queues[1].offered === 2 ? b : undefined
    })
    const rows = (list: Array<Record<string, unknown>>) =>
      list.map((r) => [r.id, r.offered, r.entered, r.overflowOut])
    // the report's rule (history docs/figures.md): entered = offered + overflowOut, per queue of the turn
    expect(rows(body.queues)).toEqual([
      ['group:first', 1, 3, 2],
      ['group:second', 2, 2, 0],
    ])
    expect(rows(body.groups)).toEqual([
      ['first', undefined, 3, 2],
      ['second', undefined, 2, 0],
      ['support', undefined, 0, 0],
    ])
    // out of the window, a queue that only overflowed is gone as well
    await advance(clock, 15 * 60_000 + 1)
    const later = (await t.request('GET', '/v1/monitor')).body
    expect(rows(later.queues)).toEqual([])
    expect(rows(later.groups)).toEqual([
      ['first', undefined, 0, 0],
      ['second', undefined, 0, 0],
      ['support', undefined, 0, 0],
    ])
  })

  it('counts an agent where its most available media puts it, and shows the states set per media', async () => {
    // ann works voice and chat, so she can ring for voice while ready for chat
    const blended = DIRECTORY.replace(
      'ann: { groups: [support], capacity: { voice: 1 } }',
      'ann: { groups: [support], capacity: { voice: 1, chat: 2 } }',
    )
    expect(blended).not.toBe(DIRECTORY)
    const t = await started.serve(
      { clock: createSimulatedClock(START) },
      { 'center.directory.yaml': blended },
    )
    // serve.md's first call (packages/server/docs): ann ready for voice only (her state for other media stays logged-out)
    await t.ok('PUT', '/v1/agents/ann/state', { state: 'ready', media: 'voice' })
    await t.ok('PUT', '/v1/agents/bob/state', { state: 'not-ready', media: 'voice' })
    const body = (await t.request('GET', '/v1/monitor')).body
    expect(
      body.agents.map((a: { id: string; state: string; media?: object; bucket: string }) => [
        a.id,
        a.state,
        a.media,
        a.bucket,
      ]),
    ).toEqual([
      ['ann', 'logged-out', { voice: 'ready' }, 'ready'],
      ['bob', 'logged-out', { voice: 'not-ready' }, 'notReady'],
    ])
    expect(body.groups[0].agents).toMatchObject({ ready: 1, notReady: 1, loggedOut: 0 })
    // ringing for voice while ready for chat: reserved, as the history report counts her (Stat Server ranks
    // CallRinging above WaitForNextCall)
    await t.ok('PUT', '/v1/agents/ann/state', { state: 'ready', media: 'chat' })
    await t.ok('PUT', '/v1/agents/ann/state', { state: 'reserved', media: 'voice' })
    const ringing = (await t.request('GET', '/v1/monitor')).body
    expect(ringing.agents.find((a: { id: string }) => a.id === 'ann')).toMatchObject({
      media: { voice: 'reserved', chat: 'ready' },
      bucket: 'reserved',
    })
    expect(ringing.groups[0].agents).toMatchObject({ ready: 0, reserved: 1, notReady: 1 })
  })

  it('counts node entries live, while interactions wait, not only once they finish', async () => {
    // a switch raises no event: its entries show only through the trace read as the interaction moves on
    const clock = createSimulatedClock(START)
    const t = await started.serve({ clock }, { 'triage.strategy.yaml': TRIAGE })
    await t.request('POST', '/v1/interactions', { id: 'w1', strategy: 'triage', data: { tier: 'gold' } })
    await t.request('POST', '/v1/interactions', { id: 'w2', strategy: 'triage' })
    // both still wait (no agent is ready): nothing has finished
    const waiting = (await t.request('GET', '/v1/monitor')).body
    expect(waiting.nodes).toEqual({})
    expect(waiting.liveNodes).toEqual({ 'triage/by_tier': 2, 'triage/pick': 2 })
    // w1 is answered, w2 times out to voicemail: each entry still counted once
    await t.request('PUT', '/v1/agents/ann/state', { state: 'ready' })
    await t.request('POST', '/v1/interactions/w1/confirm')
    await advance(clock, 61_000)
    const body = await eventually(async () => {
      const b = (await t.request('GET', '/v1/monitor')).body
      return b.nodes['triage/voicemail'] === 1 ? b : undefined
    })
    expect(body.liveNodes).toEqual({ 'triage/by_tier': 2, 'triage/pick': 2, 'triage/voicemail': 1 })
    expect(body.nodes).toEqual(body.liveNodes)
  })

  it('streams what moved as monitor-live events, in seq order after the snapshot that names the last one', async () => {
    const received: string[] = []
    const receiver = await started.receive((_req, text, res) => {
      received.push(JSON.parse(text).type)
      res.end()
    })
    const hook = `${receiver.url}/hook`
    const clock = createSimulatedClock(START)
    const t = await started.serve(
      { clock, webhooks: { url: hook, secret: 's3cret' } },
      { 'triage.strategy.yaml': TRIAGE },
    )
    // nobody follows the stream: what moves is not sent (nor are the waits read), only kept marked
    await t.request('POST', '/v1/interactions', { id: 'w0', strategy: 'triage' })
    await advance(clock, MONITOR_LIVE_MS)
    expect((await t.request('GET', '/v1/monitor')).body.liveSeq).toBe(0)
    // a view follows (serve subscribes it right after writing the replay, so its first chunk means it is in)
    const follower = new AbortController()
    const stream = await fetch(`${t.server.url}/v1/events?lastEventId=0`, { signal: follower.signal })
    await stream.body!.getReader().read()
    await t.request('POST', '/v1/interactions', { id: 'w1', strategy: 'triage', data: { tier: 'gold' } })
    await t.request('POST', '/v1/interactions', { id: 'w2', strategy: 'triage' })
    // nothing is sent before the period ends; then one event with the waits and the nodes entered, w0's too
    await advance(clock, MONITOR_LIVE_MS)
    const first = await eventually(async () => {
      const body = (await t.request('GET', '/v1/monitor')).body
      return body.liveSeq === 1 ? body : undefined
    })
    await t.request('PUT', '/v1/agents/ann/state', { state: 'ready' })
    await advance(clock, MONITOR_LIVE_MS)
    const second = await eventually(async () => {
      const body = (await t.request('GET', '/v1/monitor')).body
      return body.liveSeq === 2 ? body : undefined
    })
    const frames = await readEvents(
      `${t.server.url}/v1/events?lastEventId=0`,
      100,
      {},
      (f) => f.data?.includes('"seq":2') === true,
    )
    const live = frames
      .filter((f) => f.event === 'monitor-live')
      .map((f) => monitorLiveEvent.parse(JSON.parse(f.data!)))
    expect(live).toEqual([
      {
        type: 'monitor-live',
        at: START + 2 * MONITOR_LIVE_MS,
        seq: 1,
        liveNodes: { 'triage/by_tier': 3, 'triage/pick': 3 },
        waiting: [{ id: 'group:support', waiting: 3, oldestWaitingSeconds: (2 * MONITOR_LIVE_MS) / 1000 }],
        waitingTotal: 3,
        // nothing finished, but all three entered the queue: counted at entry
        entered: {
          queues: [{ id: 'group:support', entered: 3, overflowOut: 0 }],
          groups: [{ id: 'support', entered: 3, overflowOut: 0 }],
        },
      },
      // ann took w0, the oldest: only the waits moved, no node was entered again; w0 rings at ann, still entered
      {
        type: 'monitor-live',
        at: START + 3 * MONITOR_LIVE_MS,
        seq: 2,
        liveNodes: {},
        waiting: [{ id: 'group:support', waiting: 2, oldestWaitingSeconds: (2 * MONITOR_LIVE_MS) / 1000 }],
        waitingTotal: 2,
        entered: {
          queues: [{ id: 'group:support', entered: 3, overflowOut: 0 }],
          groups: [{ id: 'support', entered: 3, overflowOut: 0 }],
        },
      },
    ])
    // each event carries the figures the snapshot that names it shows
    expect(first.liveNodes).toEqual(live[0]!.liveNodes)
    expect(first.queues[0]).toMatchObject({ id: 'group:support', waiting: 3 })
    expect(second.queues[0]).toMatchObject({ id: 'group:support', waiting: 2 })
    // quiet: no more events however long the clock runs
    await advance(clock, 10 * MONITOR_LIVE_MS)
    expect((await t.request('GET', '/v1/monitor')).body.liveSeq).toBe(2)
    // a webhook taking every event type gets the interactions' events, never this process's monitor picture
    // (sent in order: the first monitor-live went out between the two queued and the routed)
    await eventually(() => (received.includes('routed') ? true : undefined))
    expect(received.filter((type) => type === 'queued')).toHaveLength(3)
    expect(received).not.toContain('monitor-live')
    follower.abort()
  })

  it('answers a designer on another origin (CORS preflight and headers on the stream)', async () => {
    const t = await started.serve({ allowOrigins: ['http://127.0.0.1:5173'] })
    const preflight = await fetch(`${t.server.url}/v1/monitor`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://127.0.0.1:5173',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173')
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization')
    const other = await fetch(`${t.server.url}/v1/monitor`, {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'GET' },
    })
    expect(other.status).toBe(403)
    expect(other.headers.get('access-control-allow-origin')).toBeNull()
    const get = await fetch(`${t.server.url}/v1/monitor`, { headers: { origin: 'http://127.0.0.1:5173' } })
    expect(get.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173')
    const controller = new AbortController()
    const stream = await fetch(`${t.server.url}/v1/events`, {
      headers: { origin: 'http://127.0.0.1:5173' },
      signal: controller.signal,
    })
    expect(stream.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173')
    controller.abort()
  })
})

describe('alarms', () => {
  it('raises once after the minimum duration, logs, posts, streams and clears when the figure recovers', async () => {
    const received: Array<Record<string, unknown>> = []
    const receiver = await started.receive((_req, text, res) => {
      received.push(JSON.parse(text))
      res.end()
    })
    const hook = `${receiver.url}/hook`
    const clock = createSimulatedClock(START - RAN_BEFORE_MS)
    const t = await started.serve(
      { clock, webhooks: { url: hook, secret: 's3cret', events: ['alarm-raised', 'alarm-cleared'] } },
      { 'alarms.yaml': ALARMS },
    )
    await ranBefore(t, clock)
    // one interaction abandoned: service level 0 < 0.8
    await t.request('POST', '/v1/interactions', { id: 'b1', strategy: 'support' })
    await t.request('POST', '/v1/interactions/b1/abandon')
    await advance(clock, 5000)
    expect((await t.request('GET', '/v1/alarms')).body.active).toEqual([]) // below for 0 s of the 10 s
    await advance(clock, 5000)
    await advance(clock, 5000)
    const raised = (await t.request('GET', '/v1/alarms')).body.active
    expect(raised).toEqual([
      {
        id: 'support-sl/group:support',
        rule: 'support-sl',
        subject: 'group:support',
        severity: 'critical',
        figure: 'service-level',
        message: 'Service level of group:support is 0% over 15m, under 80% for 10s',
        value: 0,
        threshold: 0.8,
        raisedAt: START + 15_000,
      },
    ])
    // still below: raised once, not again
    await advance(clock, 5000)
    expect(t.logs.filter((l) => l.msg === 'alarm raised')).toHaveLength(1)
    expect(t.logs.find((l) => l.msg === 'alarm raised')).toMatchObject({
      level: 'error',
      alarm: 'support-sl/group:support',
      severity: 'critical',
    })
    expect((await t.request('GET', '/v1/monitor')).body.alarms).toEqual(raised)

    // four answered at once: 4 / 5 = 0.8, recovered
    await t.request('PUT', '/v1/agents/ann/state', { state: 'ready' })
    for (const id of ['c1', 'c2', 'c3', 'c4']) {
      await t.request('POST', '/v1/interactions', { id, strategy: 'support' })
      await t.request('POST', `/v1/interactions/${id}/confirm`)
      await t.request('POST', `/v1/interactions/${id}/complete`)
    }
    await advance(clock, 5000) // recovered for 0 s of the 10 s (clearAfter defaults to for)
    await advance(clock, 5000)
    expect((await t.request('GET', '/v1/alarms')).body.active).toHaveLength(1)
    await advance(clock, 5000)
    const after = (await t.request('GET', '/v1/alarms')).body
    expect(after.active).toEqual([])
    expect(after.recent).toEqual([
      { ...raised[0], value: 0.8, clearedAt: START + 35_000, clearReason: 'recovered' },
    ])
    expect(t.logs.filter((l) => l.msg === 'alarm cleared')).toEqual([
      expect.objectContaining({ alarm: 'support-sl/group:support', clearReason: 'recovered' }),
    ])
    expect(t.logs.find((l) => l.msg === 'alarm raised')).not.toHaveProperty('clearReason')

    const [raisedFrame] = await alarmRaisedThenCleared(t)
    expect(raisedFrame).toMatchObject({ type: 'alarm-raised', ...raised[0] })
    await eventually(() => (received.length === 2 ? true : undefined))
    expect(received.map((r) => [r.type, r.id])).toEqual([
      ['alarm-raised', 'support-sl/group:support'],
      ['alarm-cleared', 'support-sl/group:support'],
    ])
  })

  it('keeps one alarm while its queue leaves the figures and comes back, and clears it clearAfter after it left', async () => {
    const clock = createSimulatedClock(START - RAN_BEFORE_MS)
    const anyQueue = `alarms: center
format: 1
evaluateEvery: 5s
rules:
  sl-any: { figure: service-level, queue: "*", below: 0.8, for: 10s, clearAfter: 1m, window: 1m }
`
    const t = await started.serve({ clock }, { 'alarms.yaml': anyQueue })
    await ranBefore(t, clock)
    const active = async () => (await t.request('GET', '/v1/alarms')).body.active
    const abandon = async (id: string) => {
      await t.request('POST', '/v1/interactions', { id, strategy: 'support' })
      await t.request('POST', `/v1/interactions/${id}/abandon`)
    }
    await abandon('b1')
    for (let at = 5000; at <= 70_000; at += 5000) await advance(clock, 5000)
    // b1 is out of the 1-minute window: group:support is no longer reported, which is no data, not a recovery
    expect(await active()).toMatchObject([
      { id: 'sl-any/group:support', value: null, raisedAt: START + 15_000 },
    ])
    for (let at = 75_000; at <= 80_000; at += 5000) await advance(clock, 5000)
    // back within clearAfter, still under: the same alarm goes on, nobody is paged again
    await abandon('b2')
    for (let at = 85_000; at <= 190_000; at += 5000) await advance(clock, 5000)
    expect(await active()).toMatchObject([{ id: 'sl-any/group:support', raisedAt: START + 15_000 }])
    // b2 left the window by 145 s; a minute of no data later the alarm clears, saying why
    for (let at = 195_000; at <= 210_000; at += 5000) await advance(clock, 5000)
    const after = (await t.request('GET', '/v1/alarms')).body
    expect(after.active).toEqual([])
    expect(after.recent).toMatchObject([
      { id: 'sl-any/group:support', value: 0, clearReason: 'subject-gone' },
    ])
    expect(after.recent[0].clearedAt).toBeGreaterThanOrEqual(START + 200_000)
    const [, clearedFrame] = await alarmRaisedThenCleared(t)
    expect(clearedFrame).toMatchObject({ clearReason: 'subject-gone' })
    expect(t.logs.find((l) => l.msg === 'alarm cleared')).toMatchObject({
      alarm: 'sl-any/group:support',
      clearReason: 'subject-gone',
    })
  })

  it('raises oldest-waiting for any queue and clears when the wait ends', async () => {
    const clock = createSimulatedClock(START)
    const t = await started.serve(
      { clock },
      { 'alarms.yaml': ALARMS, 'support.strategy.yaml': supportStrategy('support', '10m') },
    )
    await t.request('POST', '/v1/interactions', { id: 'w1', strategy: 'support' })
    for (let i = 0; i < 24; i++) await advance(clock, 5000)
    expect((await t.request('GET', '/v1/alarms')).body.active).toEqual([])
    await advance(clock, 5000)
    const active = (await t.request('GET', '/v1/alarms')).body.active
    expect(active).toMatchObject([{ id: 'long-wait/group:support', value: 125, threshold: 120 }])
    await t.request('PUT', '/v1/agents/ann/state', { state: 'ready' })
    await advance(clock, 5000)
    expect((await t.request('GET', '/v1/alarms')).body.active.map((a: { id: string }) => a.id)).not.toContain(
      'long-wait/group:support',
    )
  })

  it('logs a rule on a queue no strategy targets (it cannot fire), once, and again when a reload brings it back', async () => {
    const clock = createSimulatedClock(START)
    const withQueue = `${DIRECTORY}queues:\n  front: { groups: [support] }\n`
    const onFront = `${ALARMS}  front-sl:\n    figure: service-level\n    queue: queue:front\n    below: 0.8\n`
    const t = await started.serve({ clock }, { 'center.directory.yaml': withQueue, 'alarms.yaml': onFront })
    const said = () =>
      t.logs.filter((l) => l.msg === 'alarm rule watches a target no strategy routes to: it cannot fire')
    // support-sl watches group:support, which support.strategy.yaml targets: only front-sl is named
    expect(said()).toMatchObject([{ level: 'warn', rule: 'front-sl', queue: 'queue:front' }])
    await t.request('POST', '/v1/reload')
    expect(said()).toHaveLength(1)
    t.workspace.write('alarms.yaml', ALARMS)
    expect((await t.request('POST', '/v1/reload')).status).toBe(200)
    t.workspace.write('alarms.yaml', onFront)
    expect((await t.request('POST', '/v1/reload')).status).toBe(200)
    expect(said()).toHaveLength(2)
  })

  it('refuses a bad alarms file at start and on reload with file:line:col, keeping the old rules', async () => {
    const clock = createSimulatedClock(START - RAN_BEFORE_MS)
    await expect(
      started.serve({ clock }, { 'alarms.yaml': ALARMS.replace('below: 0.8', 'below: 80') }),
      // named as the strategies are, relative to the workspace (it was the absolute path)
    ).rejects.toThrow(
      /validate:\nalarms\.yaml:9:12: error RW481 "below": "service-level" is a ratio from 0 to 1/,
    )
    await expect(
      started.serve(
        { clock },
        {
          'alarms.yaml': ALARMS.replace(
            'serviceLevelThreshold: 20s }',
            'serviceLevelThreshold: 20s, shortAbandon: soon }',
          ),
        },
      ),
    ).rejects.toThrow(
      /alarms\.yaml:3:\d+: error RW481 .*"soon" is not a duration: write 90s, 15m, 1h30m or a number of seconds/,
    )
    const t = await started.serve({ clock }, { 'alarms.yaml': ALARMS })
    await ranBefore(t, clock)
    t.workspace.write('alarms.yaml', ALARMS.replace('queue: group:support', 'queue: group:sales'))
    const refused = await t.request('POST', '/v1/reload')
    expect(refused.status).toBe(422)
    expect(refused.body.diagnostics).toMatchObject([
      {
        code: 'RW482',
        file: 'alarms.yaml',
        message: 'The directory has no group "sales". Its groups: support.',
        range: { start: { line: 8, column: 12 } },
      },
    ])
    expect(t.logs.find((l) => String(l.msg).includes('alarms file does not validate'))).toBeDefined()
    // the old rules still hold: the abandon raises support-sl
    await t.request('POST', '/v1/interactions', { id: 'b1', strategy: 'support' })
    await t.request('POST', '/v1/interactions/b1/abandon')
    for (let i = 0; i < 3; i++) await advance(clock, 5000)
    expect((await t.request('GET', '/v1/alarms')).body.active.map((a: { rule: string }) => a.rule)).toEqual([
      'support-sl',
    ])
    // a good file replaces the rules: the rule is gone, so is its alarm
    t.workspace.write('alarms.yaml', ALARMS.replace(/ {2}support-sl:[\s\S]*?severity: critical\n/, ''))
    expect((await t.request('POST', '/v1/reload')).status).toBe(200)
    const after = (await t.request('GET', '/v1/alarms')).body
    expect(after.active).toEqual([])
    expect(after.recent.map((a: { rule: string }) => a.rule)).toEqual(['support-sl'])
  })
})
