// The Monitor's pure parts: the SSE parser, the live model over snapshot + events, and the connection's
// resume, missed-events reload and per-frame batching against a scripted serve.
import { describe, expect, it } from 'vitest'
import { visibleRange } from './AgentGrid.tsx'
import {
  alarmList,
  applyEvents,
  applySnapshot,
  createLiveModel,
  nodeEntries,
  queueRows,
  sample,
  waitingFor,
} from './live-model.ts'
import { checkServeUrl, createMonitorConnection } from './monitor-connection.ts'
import type { AlarmView, MonitorAnswer, StreamItem } from './monitor-types.ts'
import { sparkPath } from './Sparkline.tsx'
import { createSseParser } from './sse-parser.ts'

function snapshot(overrides: Partial<MonitorAnswer> = {}): MonitorAnswer {
  return {
    at: 100_000,
    windowSeconds: 900,
    serviceLevelSeconds: 20,
    queues: [
      {
        id: 'group:support',
        waiting: 0,
        oldestWaitingSeconds: 0,
        offered: 10,
        answered: 8,
        abandoned: 1,
        serviceLevel: 0.75,
        asa: 12.5,
      },
    ],
    groups: [
      {
        id: 'support',
        agents: { ready: 1, busy: 1, reserved: 0, notReady: 0, afterCallWork: 0, loggedOut: 0 },
        waiting: 0,
      },
    ],
    agents: [{ id: 'ann', state: 'ready', load: {}, reserved: 0, groups: ['support'] }],
    nodes: { 'support/pick': 9 },
    liveNodes: { 'support/pick': 9 },
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

const alarm = (overrides: Partial<AlarmView> = {}): AlarmView => ({
  id: 'sl/group:support',
  rule: 'sl',
  subject: 'group:support',
  severity: 'critical',
  message: 'Service level of group:support is 0.5, under 0.8',
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
  it('counts waits per queue from the stream and ages the oldest on the server clock', () => {
    const model = createLiveModel()
    applySnapshot(model, snapshot(), [], 90_000, true)
    expect(model.clockOffset).toBe(10_000)
    applyEvents(model, [
      item({ type: 'queued', node: 'pick', priority: 0, targets: ['group:support'], at: 100_000 }),
      item({
        type: 'queued',
        interaction: 'c2',
        node: 'pick',
        priority: 0,
        targets: ['group:support'],
        at: 104_000,
      }),
    ])
    const [row] = queueRows(model, 130_000)
    expect(row).toMatchObject({
      id: 'group:support',
      waiting: 2,
      oldestWaitingSeconds: 30,
      serviceLevel: 0.75,
      asa: 12.5,
    })
    applyEvents(model, [
      item({
        type: 'routed',
        node: 'pick',
        target: 'group:support',
        agent: 'ann',
        reservation: 'r',
        priority: 0,
        explanation: {},
      }),
    ])
    expect(waitingFor(model, 'group:support')).toBe(1)
    expect(queueRows(model, 130_000)[0]?.oldestWaitingSeconds).toBe(26)
  })

  it('adds the nodes of open interactions to the snapshot’s entries until they finish', () => {
    const model = createLiveModel()
    applySnapshot(model, snapshot(), [], 100_000, true)
    applyEvents(model, [
      item({ type: 'treatment', node: 'greet', treatment: {}, description: 'music' }),
      item({ type: 'queued', node: 'pick', priority: 0, targets: ['group:support'] }),
      item({ type: 'queued', node: 'pick', priority: 0, targets: ['group:support'] }),
      item({ type: 'data-attached', node: 'sub/tag', data: {} }),
    ])
    expect(nodeEntries(model)).toEqual({ 'support/pick': 10, 'support/greet': 1, 'sub/tag': 1 })
    applyEvents(model, [item({ type: 'finished', outcome: 'routed' })])
    expect(nodeEntries(model)).toEqual({ 'support/pick': 9 })
  })

  it('lists active alarms first and keeps cleared ones, from events and snapshots', () => {
    const model = createLiveModel()
    applySnapshot(model, snapshot({ alarms: [alarm({ id: 'old', raisedAt: 1 })] }), [], 100_000, true)
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
    applySnapshot(model, snapshot({ alarms: [alarm()] }), [], 100_000, false)
    expect(alarmList(model).map((a) => a.id)).toEqual(['sl/group:support', 'old'])
  })

  it('samples once a period, with the event rate since the last sample', () => {
    const model = createLiveModel()
    applySnapshot(model, snapshot(), [], 100_000, true)
    expect(sample(model, 100_000)).toBe(true)
    applyEvents(
      model,
      Array.from({ length: 400 }, () => item({ type: 'error', reason: 'x' })),
    )
    expect(sample(model, 100_500)).toBe(false)
    expect(sample(model, 102_000)).toBe(true)
    expect(model.samples.map((s) => s.eventsPerSecond)).toEqual([0, 200])
  })
})

describe('view helpers', () => {
  it('draws only the agent rows in view, plus a margin', () => {
    expect(visibleRange(0, 220, 1000)).toEqual([0, 15])
    expect(visibleRange(26 * 500, 220, 1000)).toEqual([494, 515])
    expect(visibleRange(0, 220, 3)).toEqual([0, 3])
  })

  it('breaks a sparkline at gaps and scales to the maximum', () => {
    expect(sparkPath([0, 2, null, 1], 30, 11)).toEqual({
      line: 'M0.0,11.0L10.0,1.0M30.0,6.0',
      area: 'M0.0,11L0.0,11.0L10.0,1.0L10.0,11ZM30.0,11L30.0,6.0L30.0,11Z',
    })
  })

  it('says what a serve URL should look like', () => {
    expect(checkServeUrl(' http://127.0.0.1:8380/ ')).toBe('http://127.0.0.1:8380')
    expect(checkServeUrl('localhost')).toEqual({
      error: '"localhost" is not a URL: give serve\'s address, e.g. http://127.0.0.1:8380',
    })
    expect(checkServeUrl('ftp://x')).toEqual({ error: 'serve is reached over http or https, not ftp:' })
  })
})

/** A scripted serve: JSON answers, and event streams the test writes into. */
function fakeServe() {
  const streams: Array<{ url: string; write(text: string): void; end(): void }> = []
  const requests: string[] = []
  let monitor = snapshot()
  let gate: Promise<void> | undefined
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input)
    requests.push(url)
    const path = new URL(url).pathname
    if (path === '/v1/monitor' && gate) await gate
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
    await h.settle()
    expect(waitingFor(h.connection.model, 'group:support')).toBe(0) // nothing applied until the frame
    h.frame()
    expect(draws).toBe(1)
    expect(waitingFor(h.connection.model, 'group:support')).toBe(50)
    expect(h.connection.status().lastEventId).toBe(50)
    h.connection.destroy()
  })

  it('resumes from the last event id after a drop, and reloads the snapshot when events were missed', async () => {
    const h = harness()
    await h.settle()
    h.serve.streams[0]!.write(
      frame(41, { type: 'queued', node: 'pick', priority: 0, targets: ['group:support'] }),
    )
    await h.settle()
    h.serve.streams[0]!.end()
    await h.settle()
    h.frame()
    expect(h.connection.status()).toMatchObject({
      state: 'reconnecting',
      reconnects: 1,
      error: 'serve closed the event stream',
    })
    await h.advance(1000)
    expect(h.serve.streams[1]?.url).toBe('http://serve.test/v1/events?lastEventId=41')
    h.frame()
    expect(h.connection.status().state).toBe('live')
    const before = h.serve.requests.filter((r) => r.endsWith('/v1/monitor')).length
    h.serve.setMonitor(snapshot({ nodes: { 'support/pick': 50 } }))
    h.serve.streams[1]!.write('event: events-missed\ndata: {"after":41,"oldest":900}\n\n')
    await h.settle()
    h.frame()
    expect(h.serve.requests.filter((r) => r.endsWith('/v1/monitor')).length).toBe(before + 1)
    expect(h.connection.status().missedReloads).toBe(1)
    // the reload forgot the open interaction whose end may have been missed
    expect(nodeEntries(h.connection.model)).toEqual({ 'support/pick': 50 })
    h.connection.destroy()
  })

  it('re-applies the events that arrived while snapshots were on their way, even overlapping ones', async () => {
    const h = harness()
    await h.settle()
    h.frame()
    const release = h.serve.hold()
    await h.advance(60_000) // the periodic refresh starts and waits for /v1/monitor
    h.serve.streams[0]!.write('event: events-missed\ndata: {}\n\n') // a reload overlaps it
    h.serve.streams[0]!.write(
      frame(9, { type: 'queued', node: 'pick', priority: 0, targets: ['group:support'] }),
    )
    await h.settle()
    h.frame()
    expect(waitingFor(h.connection.model, 'group:support')).toBe(1)
    release()
    await h.settle()
    h.frame()
    // both snapshots said nobody waits (they were read before c9 queued): the stream's event stays applied
    expect(waitingFor(h.connection.model, 'group:support')).toBe(1)
    expect(h.connection.model.events).toBe(1)
    h.connection.destroy()
  })
})
