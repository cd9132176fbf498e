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

  private up(start: number, item: T): void {
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

  private down(start: number, item: T): void {
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
