// A caller waiting for several groups is one caller: the snapshot and the monitor-live events count the callers
// waiting once each (`waitingTotal`), beside the per-target rows that count them in every target they wait for.

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
  any: { type: target, targets: [{ group: first }, { group: second }], wait: 5m, next: { timeout: voicemail, error: voicemail } }
  voicemail: { type: route, destination: voicemail }
`,
}

describe('waiting, all targets', () => {
  it('counts a caller waiting for two groups once, in the snapshot and the monitor-live events', async () => {
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
    // each poll looks at what arrived, then moves the clock one publishing period on for the next
    const event = await eventually(() => {
      const found = live.find((e) => e.waitingTotal === 3)
      if (found === undefined) clock.advance(MONITOR_LIVE_MS)
      return found
    })
    expect(event.waiting?.map((w) => [w.id, w.waiting])).toEqual([
      ['group:first', 3],
      ['group:second', 3],
    ])
    const snapshot = monitorView.parse((await t.request('GET', '/v1/monitor')).body)
    expect(snapshot.queues.map((q) => q.waiting)).toEqual([3, 3])
    expect(snapshot.waitingTotal).toBe(3)
  })
})
