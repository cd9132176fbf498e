// The simulation's own event list (arrivals, hang-ups, handle ends, progress) in a heap of slots keyed in typed
// arrays, run in time order together with the router's timers on the simulated clock: no object per event.
import type { SimulatedClock } from '../time/clock-simulated.ts'

/**
 * The simulation's events and the router's timers as one timeline. A router timer due at the same instant as an
 * event fires first (it was set earlier in simulated time or at the same instant by the router's own work).
 * After every event and every timer, `settle` runs: the host's replies (confirming a reservation) happen there,
 * at the same instant, without re-entering the router in the middle of a decision.
 *
 * The heap holds slot numbers and compares the times and sequence numbers of typed arrays inline. It is not the
 * runtime's BinaryHeap on purpose: that heap calls its comparator through one call site shared by every heap of
 * the process (the router's ready indexes, queues and the clock's), which V8 then calls megamorphically, never
 * inlined; with the router running, the timeline's sifting cost about a tenth of a simulated day through it.
 */
export class Timeline<E> {
  private at = new Float64Array(1024)
  private order = new Float64Array(1024)
  /** The heap: slot numbers, the earliest (time, then sequence) first. */
  private heap = new Int32Array(1024)
  private size = 0
  private slots: Array<E | undefined> = []
  private free: number[] = []
  private seq = 0

  constructor(
    private readonly clock: SimulatedClock,
    private readonly fire: (event: E) => void,
    private readonly settle: () => void,
  ) {}

  /** Schedules `event` at `at` (never before now); the same event may be scheduled again once it fired. */
  schedule(event: E, at: number): void {
    let slot = this.free.pop()
    if (slot === undefined) {
      slot = this.slots.length
      this.slots.push(undefined)
      if (slot === this.at.length) this.grow()
    }
    this.slots[slot] = event
    const time = Math.max(at, this.clock.now())
    const seq = this.seq++
    this.at[slot] = time
    this.order[slot] = seq
    // sift up from the new last place
    const { heap, at: times, order } = this
    let i = this.size++
    while (i > 0) {
      const parent = (i - 1) >> 1
      const above = heap[parent]!
      const t = times[above]!
      if (time > t || (time === t && seq > order[above]!)) break
      heap[i] = above
      i = parent
    }
    heap[i] = slot
  }

  private grow(): void {
    const n = this.at.length * 2
    const at = new Float64Array(n)
    at.set(this.at)
    this.at = at
    const order = new Float64Array(n)
    order.set(this.order)
    this.order = order
    const heap = new Int32Array(n)
    heap.set(this.heap)
    this.heap = heap
  }

  /** Removes the first slot (the heap is not empty) and returns it. */
  private pop(): number {
    const { heap, at: times, order } = this
    const top = heap[0]!
    const n = --this.size
    if (n === 0) return top
    // sift the last slot down from the root
    const last = heap[n]!
    const time = times[last]!
    const seq = order[last]!
    let i = 0
    for (;;) {
      let child = 2 * i + 1
      if (child >= n) break
      let slot = heap[child]!
      let t = times[slot]!
      if (child + 1 < n) {
        const right = heap[child + 1]!
        const tr = times[right]!
        if (tr < t || (tr === t && order[right]! < order[slot]!)) {
          child++
          slot = right
          t = tr
        }
      }
      if (t > time || (t === time && order[slot]! > seq)) break
      heap[i] = slot
      i = child
    }
    heap[i] = last
    return top
  }

  /** Runs events and router timers due up to `horizon`, then moves the clock to `horizon`. */
  runUntil(horizon: number): void {
    const clock = this.clock
    for (;;) {
      const at = this.size === 0 ? Number.POSITIVE_INFINITY : this.at[this.heap[0]!]!
      const due = clock.nextDue()
      if (due !== undefined && due <= at && due <= horizon) {
        // every router timer of that instant, then the host's replies
        clock.runUntil(due)
        this.settle()
        continue
      }
      if (this.size === 0 || at > horizon) break
      const top = this.pop()
      const event = this.slots[top]!
      this.slots[top] = undefined
      this.free.push(top)
      clock.runUntil(at) // no router timer is due before `at`: this only moves time
      this.fire(event)
      this.settle()
    }
    clock.runUntil(horizon)
  }
}
