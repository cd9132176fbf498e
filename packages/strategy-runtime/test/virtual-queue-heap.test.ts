// The virtual queue's heaps: a wait that leaves (served, abandoned, timed out) is dropped from the tops of its pools'
// heaps at once, so a finished run is not kept alive by a stale entry until its pool's next look-up.
import { describe, expect, it } from 'vitest'
import type { InteractionRun, WaitState } from '../src/engine/run.ts'
import { VirtualQueue } from '../src/queue/virtual-queue.ts'
import { WaitHeap } from '../src/queue/wait-heap.ts'
import type { Pool } from '../src/selection/agents.ts'

function makePool(): Pool {
  return { waiting: new Map<string, WaitHeap>(), waitingHeaps: [], subjects: [] } as unknown as Pool
}

function makeWait(
  queue: VirtualQueue,
  pools: Pool[],
  enqueuedAt: number,
): { run: InteractionRun; wait: WaitState } {
  const run = { id: `i${enqueuedAt}`, media: 'voice' } as InteractionRun
  const wait = {
    id: run.id,
    priority: 0,
    enqueuedAt,
    seq: queue.nextSeq(),
    generation: 0,
    waiting: false,
    targets: pools.map((pool, i) => ({ pool, label: `group:g${i}` })),
  } as unknown as WaitState
  return { run, wait }
}

function heapSize(pool: Pool): number {
  return pool.waiting.get('voice')?.size ?? 0
}

describe('virtual queue heaps', () => {
  const queue = () => new VirtualQueue({ now: () => 0, feeds: false, feed: () => {}, feedRef: () => -1 })

  it('drops the first in line from every pool it waited in as soon as it leaves', () => {
    const q = queue()
    const a = makePool()
    const b = makePool()
    const first = makeWait(q, [a, b], 1)
    const second = makeWait(q, [a], 2)
    q.enter(first.run, first.wait)
    q.enter(second.run, second.wait)
    expect([heapSize(a), heapSize(b)]).toEqual([2, 1])
    q.leave(first.run, first.wait)
    expect([heapSize(a), heapSize(b)]).toEqual([1, 0])
    expect(q.count).toBe(1)
  })

  it('leaves an entry behind the top in place (skipped later), keeping the order of the rest', () => {
    const q = queue()
    const pool = makePool()
    const waits = [1, 2, 3].map((t) => makeWait(q, [pool], t))
    for (const { run, wait } of waits) q.enter(run, wait)
    q.leave(waits[1]!.run, waits[1]!.wait)
    // not at the top: dropped when it gets there
    expect(heapSize(pool)).toBe(3)
    q.leave(waits[0]!.run, waits[0]!.wait)
    expect(heapSize(pool)).toBe(1)
    expect(pool.waiting.get('voice')?.peek()?.waiter).toBe(waits[2]!.wait)
  })

  it('reuses a dropped entry for the next wait, holding nothing of the one that left', () => {
    const q = queue()
    const a = makePool()
    const b = makePool()
    const first = makeWait(q, [a], 1)
    q.enter(first.run, first.wait)
    const entry = a.waiting.get('voice')!.peek()!
    q.leave(first.run, first.wait)
    expect(entry.waiter).not.toBe(first.wait)
    expect(entry.waiter.waiting).toBe(false)
    const next = makeWait(q, [b], 5)
    q.enter(next.run, next.wait)
    const reused = b.waiting.get('voice')!.peek()!
    expect(reused).toBe(entry)
    expect(reused).toMatchObject({ waiter: next.wait, enqueuedAt: 5, generation: 1 })
  })
})

describe('wait heap order', () => {
  /** A waiter as the heap reads it, waiting. */
  const waiter = (priority: number, enqueuedAt: number, seq: number) => ({
    id: `w${seq}`,
    priority,
    enqueuedAt,
    seq,
    generation: 1,
    waiting: true,
  })

  it('serves by priority, then age, then arrival, whatever the order entries came in (a FIFO and a heap beside it)', () => {
    const heap = new WaitHeap('voice')
    // a seeded walk: mostly in order (the FIFO), with higher priorities and older ages (kept across a requeue) mixed in
    let state = 7
    const next = () => {
      state = (state * 1103515245 + 12345) % 2147483648
      return state / 2147483648
    }
    const all: ReturnType<typeof waiter>[] = []
    let time = 0
    for (let seq = 0; seq < 500; seq++) {
      const r = next()
      time += 1
      const w =
        r < 0.7
          ? waiter(0, time, seq)
          : r < 0.85
            ? waiter(Math.floor(next() * 3), time, seq)
            : waiter(0, time - 50, seq)
      all.push(w)
      heap.add(w)
      // some leave before they are served: their entries go stale and are skipped
      if (next() < 0.1) all[Math.floor(next() * all.length)]!.waiting = false
    }
    const expected = all
      .filter((w) => w.waiting)
      .sort((a, b) => b.priority - a.priority || a.enqueuedAt - b.enqueuedAt || a.seq - b.seq)
      .map((w) => w.id)
    const served: string[] = []
    for (let e = heap.pop(); e !== undefined; e = heap.pop()) served.push(e.waiter.id)
    expect(served).toEqual(expected)
  })
})
