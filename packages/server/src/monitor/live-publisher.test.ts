// The `monitor-live` publisher meeting a coordinator that cannot answer (Redis away): it says so once when the
// outage starts and once when it ends, with the one outage helper the Redis link and the alarms use.
import { eventually } from '@routewright/node-support/testing'
import { createSimulatedClock } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { CoordinatorUnavailable } from '../core/redis-link.ts'
import type { MonitorLiveEvent } from '../core/types.ts'
import { createLivePublisher, MONITOR_LIVE_MS } from './live-publisher.ts'

describe('live publisher during an outage', () => {
  it('logs the first failure at warn with its cause, nothing more, then one line when figures go again', async () => {
    const clock = createSimulatedClock(Date.UTC(2026, 11, 2, 9))
    const lines: Array<Record<string, unknown>> = []
    const sent: MonitorLiveEvent[] = []
    let down = true
    let asked = 0
    const publisher = createLivePublisher({
      clock,
      window: { takeLiveChanges: () => ({}) },
      waits: async () => {
        asked++
        if (down) throw new CoordinatorUnavailable('Redis at redis://x is unreachable; retry shortly')
        return { byTarget: new Map(), total: 0, waiting: [] }
      },
      publish: (event) => sent.push(event),
      listened: () => true,
      log: (level, msg, fields) => lines.push({ level, msg, ...fields }),
    })
    /** One move and its attempt, done. */
    const move = async () => {
      const before = asked
      publisher.moved()
      clock.advance(MONITOR_LIVE_MS)
      await eventually(() => asked > before)
      // the attempt's answer (or failure) is settled by the next turn of the event loop
      await new Promise((resolve) => setImmediate(resolve))
    }
    for (let i = 0; i < 3; i++) await move()
    down = false
    await move()
    await eventually(() => sent.length === 1)
    await move()
    await eventually(() => sent.length === 2)
    await publisher.close()
    expect(lines).toEqual([
      {
        level: 'warn',
        msg: 'live monitor figures not sent',
        error: 'Redis at redis://x is unreachable; retry shortly',
      },
      { level: 'info', msg: 'live monitor figures sent again' },
    ])
  })

  it('marks events stale without waits it cannot read, and retries until an unmarked one goes out', async () => {
    const clock = createSimulatedClock(Date.UTC(2026, 11, 2, 9))
    const sent: MonitorLiveEvent[] = []
    let stale: { reason: 'redis-unreachable'; since: number } | undefined = {
      reason: 'redis-unreachable',
      since: clock.now() - 1000,
    }
    let readable = false
    let asked = 0
    const publisher = createLivePublisher({
      clock,
      window: { takeLiveChanges: () => ({}) },
      waits: async () => {
        asked++
        if (!readable) throw new CoordinatorUnavailable('Redis at redis://x is unreachable; retry shortly')
        return {
          byTarget: new Map([['group:support', { count: 2, since: clock.now() - 5000 }]]),
          total: 2,
          waiting: [],
        }
      },
      publish: (event) => sent.push(event),
      stale: () => stale,
      listened: () => true,
      log: () => {},
    })
    /** One timer's worth of time, and the attempt it started (if any) settled. */
    const tick = async () => {
      const before = asked
      clock.advance(MONITOR_LIVE_MS)
      await eventually(() => asked > before)
      await new Promise((resolve) => setImmediate(resolve))
    }
    publisher.moved()
    await tick()
    expect(sent).toEqual([{ type: 'monitor-live', at: clock.now(), seq: 1, liveNodes: {}, stale }])
    // Redis is back but the waits cannot be read yet (the routing process is not answering): nothing moves, and
    // the view marked stale is not left so: the publisher tries again on its own
    stale = undefined
    publisher.moved()
    await tick()
    await tick()
    expect(sent).toHaveLength(1)
    readable = true
    await tick()
    expect(sent).toEqual([
      expect.objectContaining({ seq: 1, stale: expect.any(Object) }),
      {
        type: 'monitor-live',
        at: clock.now(),
        seq: 2,
        liveNodes: {},
        waiting: [{ id: 'group:support', waiting: 2, oldestWaitingSeconds: 5 }],
        waitingTotal: 2,
      },
    ])
    await publisher.close()
  })
})
