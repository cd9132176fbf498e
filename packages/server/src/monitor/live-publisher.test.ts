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
        return new Map()
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
})
