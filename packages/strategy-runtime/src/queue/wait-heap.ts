// Interactions waiting for one pool and media, served by priority (higher first), then by wait (older first).
// Entries are never removed in place: a waiting interaction bumps its generation and stale entries are skipped.

import { BinaryHeap } from '../util/binary-heap.ts'

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

export class WaitHeap extends BinaryHeap<WaitEntry> {
  constructor(
    /** The media of the interactions in it. */
    readonly media: string,
    /** Stale entries dropped by any heap of the same virtual queue, reused by `add`. */
    private readonly spare: WaitEntry[] = [],
  ) {
    super(servedBefore)
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

  /** The first live entry, dropping stale ones on the way (kept for reuse: nothing else holds a heap's entry). */
  override peek(): WaitEntry | undefined {
    for (;;) {
      const top = this.items[0]
      if (top === undefined || isLive(top)) return top
      this.pop()
      this.drop(top)
    }
  }

  /** Drops stale entries when they outnumber live ones, so memory stays bounded under churn. */
  compact(): void {
    if (this.items.length < 64) return
    const live = this.items.filter(isLive)
    if (live.length * 2 > this.items.length) return
    for (const e of this.items) if (!isLive(e)) this.drop(e)
    this.items = []
    for (const e of live) this.push(e)
  }

  private drop(e: WaitEntry): void {
    if (this.spare.length >= MAX_SPARE) return
    e.waiter = GONE
    this.spare.push(e)
  }
}
