// Interactions waiting for one pool and media, served by priority (higher first), then by wait (older first).
// Entries are never removed in place: a waiting interaction bumps its generation and stale entries are skipped.

import { BinaryHeap } from '../util/binary-heap.ts'
import { Fifo } from '../util/fifo.ts'

export interface Waiter {
  id: string
  priority: number
  /** When the interaction started waiting (kept across rejected reservations). */
  enqueuedAt: number
  /** Order of arrival, for equal times. */
  seq: number
  /** Current generation; entries of older generations are stale. */
  generation: number
  /** True while the interaction waits (not reserved, not gone). */
  waiting: boolean
}

export interface WaitEntry {
  waiter: Waiter
  priority: number
  enqueuedAt: number
  seq: number
  generation: number
}

/** True when `a` must be served before `b`. */
export function servedBefore(a: WaitEntry, b: WaitEntry): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority
  if (a.enqueuedAt !== b.enqueuedAt) return a.enqueuedAt < b.enqueuedAt
  return a.seq < b.seq
}

export function isLive(entry: WaitEntry): boolean {
  return entry.waiter.waiting && entry.waiter.generation === entry.generation
}

/** What a dropped entry points at while it waits for reuse (never waiting, so never live). */
const GONE: Waiter = Object.freeze({
  id: '',
  priority: 0,
  enqueuedAt: 0,
  seq: 0,
  generation: -1,
  waiting: false,
})

/** Dropped entries kept for reuse, per virtual queue (a waiting interaction's entry lives long: reuse, not promote). */
const MAX_SPARE = 1024

/**
 * One pool's waiting interactions of one media. Arrivals at one priority come in service order (same priority, later
 * age, later seq), so they queue in a FIFO: serving the first in line shifts it out without sifting through entries
 * of interactions queued long ago (each a cold object: a heap's pop read about ten of them per decision). An entry
 * served before the FIFO's newest (a higher priority, an older age kept across a rejected reservation or an
 * escalation) goes to a heap beside it; the first in line is the better of the two heads.
 */
export class WaitHeap {
  private readonly inOrder = new Fifo<WaitEntry>()
  /** The order keys of the FIFO's newest entry (its own fields: a push reads no entry queued long ago). */
  private newestPriority = 0
  private newestAt = 0
  private newestSeq = 0
  private late: BinaryHeap<WaitEntry> | undefined = undefined

  constructor(
    /** The media of the interactions in it. */
    readonly media: string,
    /** Stale entries dropped by any heap of the same virtual queue, reused by `add`. */
    private readonly spare: WaitEntry[] = [],
  ) {}

  /** Entries held, stale ones not yet dropped included. */
  get size(): number {
    return this.inOrder.size + (this.late?.size ?? 0)
  }

  /** Queues the waiter as it is now (priority, age, generation) in an entry dropped earlier, or a new one. */
  add(waiter: Waiter): void {
    const e = this.spare.pop()
    if (e === undefined) {
      this.push({
        waiter,
        priority: waiter.priority,
        enqueuedAt: waiter.enqueuedAt,
        seq: waiter.seq,
        generation: waiter.generation,
      })
      return
    }
    e.waiter = waiter
    e.priority = waiter.priority
    e.enqueuedAt = waiter.enqueuedAt
    e.seq = waiter.seq
    e.generation = waiter.generation
    this.push(e)
  }

  /** Puts an entry in line: at the FIFO's end when nothing there is served after it, else in the heap beside it. */
  push(e: WaitEntry): void {
    if (this.inOrder.size === 0 || !this.beforeNewest(e)) {
      this.inOrder.push(e)
      this.newestPriority = e.priority
      this.newestAt = e.enqueuedAt
      this.newestSeq = e.seq
      return
    }
    this.late ??= new BinaryHeap<WaitEntry>(servedBefore)
    this.late.push(e)
  }

  /** The first live entry, dropping stale ones on the way (kept for reuse: nothing else holds a heap's entry). */
  peek(): WaitEntry | undefined {
    const first = this.firstInOrder()
    const late = this.late
    if (late === undefined || late.size === 0) return first
    const top = this.firstLate(late)
    if (top === undefined) return first
    return first === undefined || servedBefore(top, first) ? top : first
  }

  /** Removes and returns the first live entry. */
  pop(): WaitEntry | undefined {
    const e = this.peek()
    if (e === undefined) return undefined
    if (e === this.inOrder.peek()) this.inOrder.shift()
    else this.late!.pop()
    return e
  }

  /** Drops the stale entries (in O(n), the live keep their order), so memory stays bounded under churn. */
  compact(): void {
    if (this.size < 64) return
    const keep = (e: WaitEntry): boolean => {
      if (isLive(e)) return true
      this.drop(e)
      return false
    }
    this.inOrder.retain(keep)
    this.late?.filter(keep)
  }

  /** Served before the FIFO's newest entry (see servedBefore). */
  private beforeNewest(e: WaitEntry): boolean {
    if (e.priority !== this.newestPriority) return e.priority > this.newestPriority
    if (e.enqueuedAt !== this.newestAt) return e.enqueuedAt < this.newestAt
    return e.seq < this.newestSeq
  }

  private firstInOrder(): WaitEntry | undefined {
    const inOrder = this.inOrder
    for (;;) {
      const head = inOrder.peek()
      if (head === undefined || isLive(head)) return head
      inOrder.shift()
      this.drop(head)
    }
  }

  private firstLate(late: BinaryHeap<WaitEntry>): WaitEntry | undefined {
    for (;;) {
      const top = late.peek()
      if (top === undefined || isLive(top)) return top
      late.pop()
      this.drop(top)
    }
  }

  private drop(e: WaitEntry): void {
    if (this.spare.length >= MAX_SPARE) return
    e.waiter = GONE
    this.spare.push(e)
  }
}
