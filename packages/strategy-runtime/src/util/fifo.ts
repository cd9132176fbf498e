// A FIFO over an array with a moving head: push and shift in O(1), the consumed front dropped in bulk (no
// Array#shift per item). One copy for the simulated clock's lanes and the engine's delay lanes.

/** Consumed slots kept before the array is cut, and only while they are more than half of it. */
const CUT_AFTER = 1024

export class Fifo<T> {
  private items: Array<T | undefined> = []
  private head = 0

  get size(): number {
    return this.items.length - this.head
  }

  /** The oldest item, left in place. */
  peek(): T | undefined {
    return this.head < this.items.length ? this.items[this.head] : undefined
  }

  /** The newest item. */
  last(): T | undefined {
    return this.items.length > this.head ? this.items[this.items.length - 1] : undefined
  }

  push(item: T): void {
    this.items.push(item)
  }

  /** Removes and returns the oldest item. */
  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined
    const item = this.items[this.head]
    this.items[this.head++] = undefined
    if (this.head === this.items.length) this.clear()
    else if (this.head > CUT_AFTER && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head)
      this.head = 0
    }
    return item
  }

  /** Keeps only the items `keep` accepts, in order. */
  retain(keep: (item: T) => boolean): void {
    const kept: T[] = []
    for (let i = this.head; i < this.items.length; i++) {
      const item = this.items[i] as T
      if (keep(item)) kept.push(item)
    }
    this.items = kept
    this.head = 0
  }

  clear(): void {
    this.items = []
    this.head = 0
  }
}
