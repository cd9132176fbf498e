// What a `monitor-live` event's entered and overflow out (liveEntered) add to the routing thread: CPU per event (every
// 250 ms while a view follows) over a full 15-minute window at 1,000 interactions/s across 50 queues and 20 groups,
// a fifth of them passed on from an earlier queue. Each read slides the window by what moved (250 records in, 250
// out) and copies the per-key sums.
import * as history from '@routewright/history'
import { type BenchFigure, cpuMs, median } from '../../../bench/result.ts'
import { DEFAULT_MONITOR, liveEntered } from '../src/monitor/monitor.ts'
import { RecordWindow } from '../src/monitor/record-window.ts'

const RATE = 1000
const QUEUES = 50
const GROUPS = 20
const EVENT_MS = 250

function record(i: number, arrivedAt: number): history.LiveInteraction {
  const q = i % QUEUES
  const overflow = i % 5 === 0
  return {
    arrivedAt,
    outcome: i % 10 === 0 ? 'abandoned' : 'routed',
    waitMs: (i % 40) * 1000,
    queue: `group:q${q}`,
    group: `group:g${q % GROUPS}`,
    ...(overflow
      ? { overflowQueue: `group:q${(q + 1) % QUEUES}`, overflowGroup: `group:g${(q + 1) % GROUPS}` }
      : {}),
  }
}

export async function runLiveEnteredBench(): Promise<BenchFigure[]> {
  const start = Date.UTC(2026, 11, 4, 9)
  const window = new RecordWindow(history, () => DEFAULT_MONITOR.windowMs)
  const groups = new Set(Array.from({ length: GROUPS }, (_, g) => `g${g}`))
  let i = 0
  /** Records arriving until `until`, at RATE. */
  const fill = (until: number) => {
    for (; start + Math.floor((i * 1000) / RATE) <= until; i++)
      window.addLive(record(i, start + Math.floor((i * 1000) / RATE)))
  }
  // a full window first, read once (the first read walks what it holds)
  let now = start + DEFAULT_MONITOR.windowMs
  fill(now)
  liveEntered(window, DEFAULT_MONITOR, groups, now)
  const times: number[] = []
  let rows = 0
  for (let e = 0; e < 400; e++) {
    now += EVENT_MS
    fill(now)
    const before = cpuMs()
    const entered = liveEntered(window, DEFAULT_MONITOR, groups, now)
    times.push(cpuMs() - before)
    rows = entered.queues.length + entered.groups.length
  }
  return [
    {
      name: `monitor-live entered: per event, 15-min window at ${RATE}/s, ${QUEUES} queues + ${GROUPS} groups (${rows} rows)`,
      value: median(times),
      unit: 'ms',
      // a millisecond on the routing thread four times a second, while a view follows: 0.4 % of a core
      target: 1,
    },
  ]
}
