// A FIFO over a ring of slots: push and shift in O(1), and no allocation once the ring is as large as the FIFO
// ever was (a delay lane that empties and fills again on every decision reuses its slots). One copy for the
// simulated clock's lanes and the engine's delay lanes.

/** Slots of a new ring (a power of two, so positions wrap with a mask). */
const FIRST_CAPACITY = 8

export class Fifo<T> {
  private slots: Array<T | undefined> = new Array(FIRST_CAPACITY)
  private mask = FIRST_CAPACITY - 1
  private head = 0
  private count = 0

  get size(): number {
    return this.count
  }

  /** The oldest item, left in place. */
  peek(): T | undefined {
    return this.count > 0 ? this.slots[this.head] : undefined
  }

  /** The newest item. */
  last(): T | undefined {
    return this.count > 0 ? this.slots[(this.head + this.count - 1) & this.mask] : undefined
  }

  push(item: T): void {
    if (this.count > this.mask) this.grow()
    this.slots[(this.head + this.count) & this.mask] = item
    this.count++
  }

  /** Removes and returns the oldest item. */
  shift(): T | undefined {
    if (this.count === 0) return undefined
    const item = this.slots[this.head]
    this.slots[this.head] = undefined
    this.head = (this.head + 1) & this.mask
    this.count--
    return item
  }

  /** Removes and returns the newest item. */
  pop(): T | undefined {
    if (this.count === 0) return undefined
    const at = (this.head + this.count - 1) & this.mask
    const item = this.slots[at]
    this.slots[at] = undefined
    this.count--
    return item
  }

  /** Keeps only the items `keep` accepts, in order. */
  retain(keep: (item: T) => boolean): void {
    const n = this.count
    let kept = 0
    for (let k = 0; k < n; k++) {
      const from = (this.head + k) & this.mask
      const item = this.slots[from] as T
      this.slots[from] = undefined
      if (keep(item)) this.slots[(this.head + kept++) & this.mask] = item
    }
    this.count = kept
  }

  /** Empties the FIFO; its slots stay for the next items. */
  clear(): void {
    const n = this.count
    for (let k = 0; k < n; k++) this.slots[(this.head + k) & this.mask] = undefined
    this.head = 0
    this.count = 0
  }

  /** Doubles the ring, the oldest item first. */
  private grow(): void {
    const old = this.slots
    const n = this.count
    const slots: Array<T | undefined> = new Array(old.length * 2)
    for (let k = 0; k < n; k++) slots[k] = old[(this.head + k) & this.mask]
    this.slots = slots
    this.mask = slots.length - 1
    this.head = 0
  }
}
