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

export class WaitHeap extends BinaryHeap<WaitEntry> {
  constructor() {
    super(servedBefore)
  }

  /** The first live entry, dropping stale ones on the way. */
  override peek(): WaitEntry | undefined {
    for (;;) {
      const top = this.items[0]
      if (top === undefined || isLive(top)) return top
      this.pop()
    }
  }

  /** Drops stale entries when they outnumber live ones, so memory stays bounded under churn. */
  compact(): void {
    if (this.items.length < 64) return
    const live = this.items.filter(isLive)
    if (live.length * 2 > this.items.length) return
    this.items = []
    for (const e of live) this.push(e)
  }
}
