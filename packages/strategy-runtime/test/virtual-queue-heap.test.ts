// The virtual queue's heaps: a wait that leaves (served, abandoned, timed out) is dropped from the tops of its pools'
// heaps at once, so a finished run is not kept alive by a stale entry until its pool's next look-up.
import { describe, expect, it } from 'vitest'
import type { InteractionRun, WaitState } from '../src/engine/run.ts'
import { VirtualQueue } from '../src/queue/virtual-queue.ts'
import type { WaitHeap } from '../src/queue/wait-heap.ts'
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
