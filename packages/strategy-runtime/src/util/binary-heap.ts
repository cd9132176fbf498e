// pure: the one binary min-heap of the runtime, ordered by `before`: the simulated clock's timers, the virtual
// queues, the statistics' waiting lists and the ready indexes (which track positions to remove or re-key in place).

export class BinaryHeap<T> {
  protected items: T[] = []

  /** `setPos`, when given, is told every item's new index, so an item can be removed or re-keyed in O(log n). */
  constructor(
    private readonly before: (a: T, b: T) => boolean,
    private readonly setPos?: (item: T, index: number) => void,
  ) {}

  get size(): number {
    return this.items.length
  }

  peek(): T | undefined {
    return this.items[0]
  }

  /** The item at `index` in heap order (index 0 is the top; children of i are 2i+1 and 2i+2). */
  at(index: number): T | undefined {
    return this.items[index]
  }

  push(item: T): void {
    this.items.push(item)
    this.up(this.items.length - 1, item)
  }

  pop(): T | undefined {
    const top = this.items[0]
    if (top !== undefined) this.removeAt(0)
    return top
  }

  /** Removes the item at `index` (known through `setPos`). */
  removeAt(index: number): void {
    const items = this.items
    const last = items.pop()
    if (last === undefined || index >= items.length) return
    this.down(index, last)
    if (items[index] === last) this.up(index, last)
  }

  /** Restores the order after the item at `index` changed its key. */
  update(index: number): void {
    const item = this.items[index]
    if (item === undefined) return
    this.up(index, item)
    if (this.items[index] === item) this.down(index, item)
  }

  /** Drops every item, keeping the ones `keep` accepts, in O(n). */
  filter(keep: (item: T) => boolean): void {
    const kept = this.items.filter(keep)
    this.items = []
    for (const item of kept) this.push(item)
  }

  private place(index: number, item: T): void {
    this.items[index] = item
    this.setPos?.(item, index)
  }

  /** Sifts `item` up from `start` (a subclass may do the same with its order written in: see ReadyIndex). */
  protected up(start: number, item: T): void {
    let i = start
    while (i > 0) {
      const parent = (i - 1) >> 1
      const p = this.items[parent]!
      if (!this.before(item, p)) break
      this.place(i, p)
      i = parent
    }
    this.place(i, item)
  }

  /** Sifts `item` down from `start`. */
  protected down(start: number, item: T): void {
    const items = this.items
    const n = items.length
    let i = start
    for (;;) {
      const l = 2 * i + 1
      if (l >= n) break
      const r = l + 1
      const child = r < n && this.before(items[r]!, items[l]!) ? r : l
      if (!this.before(items[child]!, item)) break
      this.place(i, items[child]!)
      i = child
    }
    this.place(i, item)
  }
}

/**
 * The same min-heap for one common shape, event times: integer slots ordered by (time, then scheduling order), the
 * keys in typed arrays by heap position. Sifting compares numbers in place (no comparator call, no object per
 * event, no key looked up through the item), for timelines that push and pop one event per step.
 */
export class TimeHeap {
  private slots = new Int32Array(256)
  private times = new Float64Array(256)
  private orders = new Float64Array(256)
  private count = 0

  get size(): number {
    return this.count
  }

  /** The slot due first, or -1 when empty; its time and order by `topTime` and `topOrder`. */
  peek(): number {
    return this.count > 0 ? this.slots[0]! : -1
  }

  topTime(): number {
    return this.count > 0 ? this.times[0]! : Number.POSITIVE_INFINITY
  }

  topOrder(): number {
    return this.count > 0 ? this.orders[0]! : Number.POSITIVE_INFINITY
  }

  push(slot: number, time: number, order: number): void {
    if (this.count === this.slots.length) this.grow()
    const slots = this.slots
    const times = this.times
    const orders = this.orders
    let i = this.count++
    while (i > 0) {
      const parent = (i - 1) >> 1
      const pt = times[parent]!
      if (pt < time || (pt === time && orders[parent]! < order)) break
      slots[i] = slots[parent]!
      times[i] = pt
      orders[i] = orders[parent]!
      i = parent
    }
    slots[i] = slot
    times[i] = time
    orders[i] = order
  }

  /** Removes the slot due first and returns it (-1 when empty). */
  pop(): number {
    if (this.count === 0) return -1
    const slots = this.slots
    const times = this.times
    const orders = this.orders
    const top = slots[0]!
    const n = --this.count
    if (n === 0) return top
    const slot = slots[n]!
    const time = times[n]!
    const order = orders[n]!
    let i = 0
    for (;;) {
      const l = 2 * i + 1
      if (l >= n) break
      const r = l + 1
      let child = l
      if (r < n) {
        const rt = times[r]!
        const lt = times[l]!
        if (rt < lt || (rt === lt && orders[r]! < orders[l]!)) child = r
      }
      const ct = times[child]!
      if (ct > time || (ct === time && orders[child]! > order)) break
      slots[i] = slots[child]!
      times[i] = ct
      orders[i] = orders[child]!
      i = child
    }
    slots[i] = slot
    times[i] = time
    orders[i] = order
    return top
  }

  private grow(): void {
    const n = this.slots.length * 2
    const slots = new Int32Array(n)
    slots.set(this.slots)
    this.slots = slots
    const times = new Float64Array(n)
    times.set(this.times)
    this.times = times
    const orders = new Float64Array(n)
    orders.set(this.orders)
    this.orders = orders
  }
}
