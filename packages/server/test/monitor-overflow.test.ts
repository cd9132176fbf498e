// Overflow through the real HTTP server, on a simulated clock, with queues taken in turn (group first, then second):
// the monitor-live events carry entered and overflow out as they move, and an overflow-rate alarm is raised once
// enough interactions entered the queue, then cleared when the share recovers.

import { eventually } from '@routewright/node-support/testing'
import type { MonitorLiveEvent } from '@routewright/server'
import { createSimulatedClock, type SimulatedClock } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { monitorLiveEvent } from '../src/index.ts'
import { MONITOR_LIVE_MS } from '../src/monitor/live-publisher.ts'
import { IN_TURN_FILES, RAN_BEFORE_MS, ranBefore, stoppedAfterEachTest, type TestServer } from './helpers.ts'
import { followEvents, type StreamedEvent } from './sse-client.ts'

const START = Date.UTC(2026, 11, 4, 9, 0, 0)
const started = stoppedAfterEachTest()

/** ann answers in group first, bob in group second (support: the helper's own strategy's group). */
const FILES = IN_TURN_FILES

const ALARMS = `alarms: center
format: 1
evaluateEvery: 5s
rules:
  spill:
    figure: overflow-rate
    queue: "*"
    above: 0.5
    minEntered: 2
    severity: critical
`

/** Moves the clock and lets what it triggered (an evaluation, a monitor-live event) finish. */
async function advance(clock: SimulatedClock, ms: number) {
  clock.advance(ms)
  await new Promise((resolve) => setTimeout(resolve, 20))
}

/** A call that waits out group first, goes on to group second, and is abandoned there. */
async function overflowed(t: TestServer, clock: SimulatedClock, id: string) {
  await t.ok('POST', '/v1/interactions', { id, strategy: 'sales' })
  for (let i = 0; i < 5; i++) await advance(clock, 5_000)
  await t.ok('POST', `/v1/interactions/${id}/abandon`)
}

describe('overflow in the live monitor', () => {
  it('carries entered and overflow out per queue and group in the monitor-live events, as the snapshot has them', async () => {
    const clock = createSimulatedClock(START)
    const t = await started.serve({ clock }, FILES)
    const live: MonitorLiveEvent[] = []
    const follower = followEvents(
      t.server.url,
      (event) => live.push(monitorLiveEvent.parse(event) as MonitorLiveEvent),
      (event: StreamedEvent) => event.type === 'monitor-live',
    )
    await follower.ready
    await t.ok('POST', '/v1/interactions', { id: 'c1', strategy: 'sales' })
    await advance(clock, MONITOR_LIVE_MS)
    // waiting in first, nothing finished: it entered first all the same (counted at entry, as it waits there)
    const waiting = await eventually(() => live.at(-1))
    expect(waiting.entered).toEqual({
      queues: [{ id: 'group:first', entered: 1, overflowOut: 0 }],
      groups: [{ id: 'first', entered: 1, overflowOut: 0 }],
    })
    await overflowed(t, clock, 'c2')
    // the record comes back from the records thread a moment after the abandon: it sends an event of its own
    const moved = await eventually(async () => {
      await advance(clock, MONITOR_LIVE_MS)
      return live.find((event) => event.entered?.queues.some((q) => q.overflowOut > 0))
    })
    // c1 waits in second by now (its 20 s in first are over): second's entered holds it beside c2, first's holds
    // only c2 (c1's overflow out of first counts once it ends, with its record)
    expect(moved.entered).toEqual({
      queues: [
        { id: 'group:first', entered: 1, overflowOut: 1 },
        { id: 'group:second', entered: 2, overflowOut: 0 },
      ],
      groups: [
        { id: 'first', entered: 1, overflowOut: 1 },
        { id: 'second', entered: 2, overflowOut: 0 },
      ],
    })
    // the snapshot after it shows the same (the same window sums)
    const snapshot = (await t.request('GET', '/v1/monitor')).body
    const rows = (list: Array<{ id: string; entered: number; overflowOut: number }>) =>
      list.filter((r) => r.entered > 0).map(({ id, entered, overflowOut }) => ({ id, entered, overflowOut }))
    expect(rows(snapshot.queues)).toEqual(moved.entered!.queues)
    expect(rows(snapshot.groups)).toEqual(moved.entered!.groups)
    follower.close()
  })
})

describe('overflow-rate alarm', () => {
  it('waits for minEntered, raises once (log, webhook, monitor), and clears when the share recovers', async () => {
    const received: Array<Record<string, unknown>> = []
    const receiver = await started.receive((_req, text, res) => {
      received.push(JSON.parse(text))
      res.end()
    })
    const clock = createSimulatedClock(START - RAN_BEFORE_MS)
    const t = await started.serve(
      {
        clock,
        webhooks: {
          url: `${receiver.url}/hook`,
          secret: 's3cret',
          events: ['alarm-raised', 'alarm-cleared'],
        },
      },
      { ...FILES, 'alarms.yaml': ALARMS },
    )
    await ranBefore(t, clock)
    const active = async () => (await t.request('GET', '/v1/alarms')).body.active
    // one call out of one overflowed: under minEntered, nobody is paged
    await overflowed(t, clock, 'c1')
    for (let i = 0; i < 2; i++) await advance(clock, 5_000)
    expect(await active()).toEqual([])
    // two out of two: raised, for group first only (second kept what it took)
    await overflowed(t, clock, 'c2')
    await advance(clock, 5_000)
    const raised = await active()
    expect(raised).toMatchObject([
      {
        id: 'spill/group:first',
        subject: 'group:first',
        severity: 'critical',
        message: 'Overflow rate of group:first is 100% over 15m, above 50%',
        value: 1,
        threshold: 0.5,
      },
    ])
    await advance(clock, 5_000)
    expect(t.logs.filter((l) => l.msg === 'alarm raised')).toHaveLength(1)
    expect((await t.request('GET', '/v1/monitor')).body.alarms).toEqual(raised)
    // ann answers two in first: 2 out of 4 left it, 0.5 is not above 0.5
    await t.ok('PUT', '/v1/agents/ann/state', { state: 'ready' })
    for (const id of ['a1', 'a2']) {
      await t.ok('POST', '/v1/interactions', { id, strategy: 'sales' })
      await t.ok('POST', `/v1/interactions/${id}/confirm`)
      await t.ok('POST', `/v1/interactions/${id}/complete`)
    }
    await advance(clock, 5_000)
    const after = (await t.request('GET', '/v1/alarms')).body
    expect(after.active).toEqual([])
    expect(after.recent).toMatchObject([{ id: 'spill/group:first', value: 0.5 }])
    await eventually(() => (received.length === 2 ? true : undefined))
    expect(received.map((r) => [r.type, r.id])).toEqual([
      ['alarm-raised', 'spill/group:first'],
      ['alarm-cleared', 'spill/group:first'],
    ])
  })
})
