// The simulation's own event list (arrivals, hang-ups, handle ends, progress) in the runtime's one binary heap,
// run in time order together with the router's timers on the simulated clock: no timer object or closure per event.
import type { SimulatedClock } from '../time/clock-simulated.ts'
import { BinaryHeap } from '../util/binary-heap.ts'

/**
 * The simulation's events and the router's timers as one timeline. A router timer due at the same instant as an
 * event fires first (it was set earlier in simulated time or at the same instant by the router's own work).
 * After every event and every timer, `settle` runs: the host's replies (confirming a reservation) happen there,
 * at the same instant, without re-entering the router in the middle of a decision.
 *
 * The heap holds slot numbers and compares times and sequence numbers kept in typed arrays: sifting reads a few
 * contiguous arrays instead of one scattered event object per level (the router's garbage between two events
 * leaves those cold in the cache).
 */
export class Timeline<E> {
  private at = new Float64Array(1024)
  private order = new Float64Array(1024)
  private slots: Array<E | undefined> = []
  private free: number[] = []
  private seq = 0
  private readonly heap: BinaryHeap<number>

  constructor(
    private readonly clock: SimulatedClock,
    private readonly fire: (event: E) => void,
    private readonly settle: () => void,
  ) {
    this.heap = new BinaryHeap<number>((a, b) => {
      const at = this.at
      const x = at[a]!
      const y = at[b]!
      return x < y || (x === y && this.order[a]! < this.order[b]!)
    })
  }

  /** Schedules `event` at `at` (never before now); the same event may be scheduled again once it fired. */
  schedule(event: E, at: number): void {
    let slot = this.free.pop()
    if (slot === undefined) {
      slot = this.slots.length
      this.slots.push(undefined)
      if (slot === this.at.length) this.grow()
    }
    this.slots[slot] = event
    this.at[slot] = Math.max(at, this.clock.now())
    this.order[slot] = this.seq++
    this.heap.push(slot)
  }

  private grow(): void {
    const at = new Float64Array(this.at.length * 2)
    at.set(this.at)
    this.at = at
    const order = new Float64Array(this.order.length * 2)
    order.set(this.order)
    this.order = order
  }

  /** Runs events and router timers due up to `horizon`, then moves the clock to `horizon`. */
  runUntil(horizon: number): void {
    const clock = this.clock
    const heap = this.heap
    for (;;) {
      const top = heap.peek()
      const at = top === undefined ? Number.POSITIVE_INFINITY : this.at[top]!
      const due = clock.nextDue()
      if (due !== undefined && due <= at && due <= horizon) {
        // every router timer of that instant, then the host's replies
        clock.runUntil(due)
        this.settle()
        continue
      }
      if (top === undefined || at > horizon) break
      heap.pop()
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
