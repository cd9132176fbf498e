// Offered counts a caller when it enters the queue, as every ACD's live view does: with callers waiting and none
// answered, a queue's offered and entered are not 0, and offered - answered - abandoned = waiting holds as they end.

import { eventually } from '@routewright/node-support/testing'
import type { MonitorLiveEvent } from '@routewright/server'
import { createSimulatedClock } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { monitorLiveEvent, monitorView } from '../src/index.ts'
import { MONITOR_LIVE_MS } from '../src/monitor/live-publisher.ts'
import { IN_TURN_FILES, stoppedAfterEachTest } from './helpers.ts'
import { followEvents, type StreamedEvent } from './sse-client.ts'

const started = stoppedAfterEachTest()

/** Nobody is ready: every call waits for both groups at once. */
const FILES = {
  'center.directory.yaml': IN_TURN_FILES['center.directory.yaml'],
  'both.strategy.yaml': `strategy: both
format: 1
start: any
nodes:
  any: { type: target, targets: [{ group: first }, { group: second }], wait: 30m, next: { timeout: voicemail, error: voicemail } }
  voicemail: { type: route, destination: voicemail }
`,
}

describe('offered while callers wait', () => {
  it('counts callers still waiting in offered and entered, once per queue they wait in', async () => {
    const clock = createSimulatedClock(Date.UTC(2026, 11, 7, 9))
    const t = await started.serve({ clock }, FILES)
    const live: MonitorLiveEvent[] = []
    const follower = followEvents(
      t.server.url,
      (event) => live.push(monitorLiveEvent.parse(event) as MonitorLiveEvent),
      (event: StreamedEvent) => event.type === 'monitor-live',
    )
    await follower.ready
    for (const id of ['w1', 'w2', 'w3']) await t.ok('POST', '/v1/interactions', { id, strategy: 'both' })
    const rows = async () =>
      monitorView
        .parse((await t.request('GET', '/v1/monitor')).body)
        .queues.map((q) => [q.id, q.waiting, q.offered, q.answered, q.abandoned, q.entered])
    expect(await rows()).toEqual([
      ['group:first', 3, 3, 0, 0, 3],
      ['group:second', 3, 3, 0, 0, 3],
    ])
    // the monitor-live events' entered counts them the same way
    const event = await eventually(() => {
      const found = live.find((e) => e.entered?.queues.some((q) => q.entered === 3))
      if (found === undefined) clock.advance(MONITOR_LIVE_MS)
      return found
    })
    expect(event.entered?.queues.map((q) => [q.id, q.entered, q.overflowOut])).toEqual([
      ['group:first', 3, 0],
      ['group:second', 3, 0],
    ])
    // one rings at ann (offered to her, waiting no more): it has not ended, so it stays offered in both queues
    await t.ok('PUT', '/v1/agents/ann/state', { state: 'ready' })
    expect(await rows()).toEqual([
      ['group:first', 2, 3, 0, 0, 3],
      ['group:second', 2, 3, 0, 0, 3],
    ])
    await t.ok('PUT', '/v1/agents/ann/state', { state: 'not-ready' })
    // one leaves: still offered once, now abandoned, no longer waiting (its record reaches the window off-thread)
    await t.ok('POST', '/v1/interactions/w1/abandon')
    await eventually(async () => {
      const now = await rows()
      return now[0]?.[4] === 1 ? now : undefined
    })
    expect(await rows()).toEqual([
      ['group:first', 2, 3, 0, 1, 3],
      ['group:second', 2, 3, 0, 1, 3],
    ])
    // a caller waiting since before the window began arrived before it: in Waiting, not in the window's offered
    clock.advance(16 * 60_000)
    expect(await rows()).toEqual([
      ['group:first', 2, 0, 0, 0, 0],
      ['group:second', 2, 0, 0, 0, 0],
    ])
  })
})
