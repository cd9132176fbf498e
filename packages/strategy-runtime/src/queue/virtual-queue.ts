// Virtual queues: waiting interactions in per-pool, per-media heaps ordered by priority then age (first queueing),
// and the lookup of the first in line an agent could serve. Built with callbacks; knows no node or engine.
import type { InteractionRun, WaitState } from '../engine/run.ts'
import type { AgentRecord, Pool } from '../selection/agents.ts'
import { canTake } from '../selection/capacity.ts'
import type { StatEvent, StatSubject } from '../stats/provider.ts'
import { servedBefore, type WaitEntry, WaitHeap } from './wait-heap.ts'

export interface QueueCallbacks {
  now(): number
  /** The provider takes events (else none is built). */
  readonly feeds: boolean
  /** Tells the statistics provider (the router's feed). */
  feed(event: StatEvent): void
  /** The run's ref on the feed (StatRef). */
  feedRef(run: InteractionRun): number
}

const MAX_SKIPS = 32

export class VirtualQueue {
  /** Interactions waiting now. */
  count = 0
  /**
   * The waits in line now, in no order, each knowing its slot (in and out in O(1), no hashing on the routing path):
   * `waiting()`, read several times a second (the live monitor, alarms, metrics), walked every live run for them,
   * thousands routed or with an agent for a few waiting.
   */
  private readonly list: WaitState[] = []
  private seq = 0
  /** Stale entries its heaps dropped, reused for the next ones queued. */
  private readonly spareEntries: WaitEntry[] = []

  constructor(private readonly cb: QueueCallbacks) {}

  /** The waits in line now, in no order (read it, do not keep it: it changes as interactions come and go). */
  get waits(): readonly WaitState[] {
    return this.list
  }

  /** Order of arrival, for equal priority and age. */
  nextSeq(): number {
    return this.seq++
  }

  /** Puts a wait (back) in its pools' heaps; its age is its first queueing, kept for its whole life. */
  enter(run: InteractionRun, wait: WaitState): void {
    wait.waiting = true
    wait.generation++
    this.count++
    wait.slot = this.list.length
    this.list.push(wait)
    this.push(run, wait)
  }

  /** New priority or targets: older entries go stale; the fresh ones keep the interaction's age. */
  repush(run: InteractionRun, wait: WaitState): void {
    if (!wait.waiting) return
    wait.generation++
    this.push(run, wait)
  }

  leave(run: InteractionRun, wait: WaitState): void {
    if (!wait.waiting) return
    wait.waiting = false
    wait.generation++
    this.count--
    const last = this.list.pop()!
    if (last !== wait) {
      this.list[wait.slot] = last
      last.slot = wait.slot
    }
    wait.slot = -1
    // the first in line usually leaves (it was served): its entry, now stale, goes at once instead of at the pool's
    // next look-up, which would keep the finished run (trace, explanation) alive until then
    for (const t of wait.targets) t.pool.waiting.get(run.media)?.peek()
    if (this.cb.feeds) {
      const left = subjectsOf(wait)
      run.leftQueue = left
      this.cb.feed({
        type: 'interaction-left-queue',
        interaction: run.id,
        targets: left,
        at: this.cb.now(),
        ref: this.cb.feedRef(run),
      })
    }
  }

  private push(run: InteractionRun, wait: WaitState): void {
    for (const t of wait.targets) {
      const heap = heapFor(t.pool, run.media, this.spareEntries)
      heap.add(wait)
      if (heap.size > 64 && (heap.size & 1023) === 0) heap.compact()
    }
    run.leftQueue = undefined
    if (this.cb.feeds)
      this.cb.feed({
        type: 'interaction-queued',
        interaction: run.id,
        targets: subjectsOf(wait),
        media: run.media,
        at: this.cb.now(),
        since: wait.enqueuedAt,
        ref: this.cb.feedRef(run),
      })
  }

  /**
   * The first in line (priority, then age) among the interactions waiting in the agent's pools for a media it has a
   * place in, passing over those in `passed` (tried for this agent already: a threshold it fails).
   */
  firstFor(agent: AgentRecord, passed: ReadonlySet<WaitState> | undefined): WaitState | undefined {
    if (passed === undefined || passed.size === 0) return this.first(agent)
    const skipped: Array<{ heap: WaitHeap; entry: WaitEntry }> = []
    try {
      for (let attempt = 0; attempt <= MAX_SKIPS; attempt++) {
        let best: WaitEntry | undefined
        let bestHeap: WaitHeap | undefined
        for (const pool of agent.pools) {
          for (const heap of pool.waitingHeaps) {
            if (heap.size === 0 || !canTake(agent, heap.media)) continue
            const top = heap.peek()
            if (top && (!best || servedBefore(top, best))) {
              best = top
              bestHeap = heap
            }
          }
        }
        if (!best || !bestHeap) return undefined
        const wait = best.waiter as WaitState
        if (!passed.has(wait)) return wait
        // passed over for this agent only: out of the heap for this look-up, back in afterwards
        bestHeap.pop()
        skipped.push({ heap: bestHeap, entry: best })
      }
      return undefined
    } finally {
      for (const { heap, entry } of skipped) heap.push(entry)
    }
  }
  /** The first in line among the waiting interactions the agent could take now (one look at each heap's top). */
  private first(agent: AgentRecord): WaitState | undefined {
    let best: WaitEntry | undefined
    // indexed loops: a for-of over a Map allocates an entry per step
    const pools = agent.pools
    for (let p = 0; p < pools.length; p++) {
      const heaps = pools[p]!.waitingHeaps
      for (let h = 0; h < heaps.length; h++) {
        const heap = heaps[h]!
        if (heap.size === 0 || !canTake(agent, heap.media)) continue
        const top = heap.peek()
        if (top && (!best || servedBefore(top, best))) best = top
      }
    }
    return best?.waiter as WaitState | undefined
  }
}

function heapFor(pool: Pool, media: string, spare: WaitEntry[]): WaitHeap {
  let heap = pool.waiting.get(media)
  if (!heap) {
    heap = new WaitHeap(media, spare)
    pool.waiting.set(media, heap)
    pool.waitingHeaps.push(heap)
  }
  return heap
}

/** The statistics subjects of a wait's targets (skill targets have none); a single target's shared list. */
export function subjectsOf(wait: WaitState): readonly StatSubject[] {
  const targets = wait.targets
  if (targets.length === 1) return targets[0]!.pool.subjects
  const out: StatSubject[] = []
  for (const t of targets) out.push(...t.pool.subjects)
  return out
}
