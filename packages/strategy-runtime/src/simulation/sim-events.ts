// The simulation's own event list (arrivals, hang-ups, handle ends, progress) in a TimeHeap, the next arrival in a
// slot beside it, run in time order together with the router's timers on the simulated clock.
import type { SteppedClock } from '../time/clock-simulated.ts'
import { TimeHeap } from '../util/binary-heap.ts'

/**
 * The simulation's events and the router's timers as one timeline. A router timer due at the same instant as an
 * event fires first (it was set earlier in simulated time or at the same instant by the router's own work).
 * After every event and every timer, `settle` runs: the host's replies (confirming a reservation) happen there,
 * at the same instant, without re-entering the router in the middle of a decision.
 *
 * The heap (TimeHeap) holds slot numbers with their times and sequence numbers in typed arrays: sifting compares
 * numbers in place instead of reading one scattered event object per level (the router's garbage between two
 * events leaves those cold in the cache) through a comparator call.
 *
 * One event stream has at most one event pending (the next arrival, scheduled by the one before): it waits in a
 * slot of its own (`scheduleNext`), compared with the heap's top, not in the heap. It is due before most of the
 * heap (handle ends lie minutes ahead, arrivals milliseconds), so in the heap it would sift from the bottom to the
 * top and back down for every caller: half the heap's work of a day.
 */
export class Timeline<E> {
  private slots: Array<E | undefined> = []
  private free: number[] = []
  private seq = 0
  private readonly heap = new TimeHeap()
  /** The pending event of the one-at-a-time stream (`scheduleNext`), its time and scheduling order. */
  private next: E | undefined
  private nextAt = 0
  private nextOrder = 0

  constructor(
    private readonly clock: SteppedClock,
    private readonly fire: (event: E) => void,
    private readonly settle: () => void,
  ) {}

  /** Schedules `event` at `at` (never before now); the same event may be scheduled again once it fired. */
  schedule(event: E, at: number): void {
    let slot = this.free.pop()
    if (slot === undefined) {
      slot = this.slots.length
      this.slots.push(event)
    } else this.slots[slot] = event
    this.heap.push(slot, Math.max(at, this.clock.now()), this.seq++)
  }

  /**
   * Schedules the one pending event of a stream that schedules its successor when it fires (arrivals): kept beside
   * the heap, in the same order as `schedule` would give it (time, then scheduling order). Throws while one is
   * still pending.
   */
  scheduleNext(event: E, at: number): void {
    if (this.next !== undefined)
      throw new Error('Timeline.scheduleNext: the previous event has not fired yet')
    this.next = event
    this.nextAt = Math.max(at, this.clock.now())
    this.nextOrder = this.seq++
  }

  /**
   * Runs events and router timers due up to `horizon`, then moves the clock to `horizon` and returns true; with a
   * `budget`, returns false once that many have run short of it (called again, it goes on exactly where it stopped).
   */
  runUntil(horizon: number, budget = Number.POSITIVE_INFINITY): boolean {
    const clock = this.clock
    const heap = this.heap
    for (let left = budget; ; left--) {
      if (left <= 0) return false
      // empty, the heap's top time is +Infinity
      let at = heap.topTime()
      // the pending stream event goes first when it is due first (ties: the one scheduled first)
      const solo =
        this.next !== undefined &&
        (this.nextAt < at || (this.nextAt === at && this.nextOrder < heap.topOrder()))
      if (solo) at = this.nextAt
      const due = clock.nextDue()
      if (due !== undefined && due <= at && due <= horizon) {
        // every router timer of that instant, then the host's replies
        clock.runUntil(due)
        this.settle()
        continue
      }
      if (at > horizon || (!solo && heap.size === 0)) break
      let event: E
      if (solo) {
        event = this.next!
        this.next = undefined
      } else {
        const slot = heap.pop()
        event = this.slots[slot]!
        this.slots[slot] = undefined
        this.free.push(slot)
      }
      // no router timer is due before `at` (nextDue above): time moves, with no second look for one
      clock.skipTo(at)
      this.fire(event)
      this.settle()
    }
    clock.runUntil(horizon)
    return true
  }
}
