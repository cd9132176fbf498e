// The simulation's own event list (arrivals, hang-ups, handle ends, progress) in the runtime's one binary heap,
// run in time order together with the router's timers on the simulated clock: no timer object or closure per event.
import type { SimulatedClock } from '../time/clock-simulated.ts'
import { BinaryHeap } from '../util/binary-heap.ts'

/** Something the simulation does at `at`; `seq` orders events of one instant by when they were scheduled. */
export interface SimEvent {
  at: number
  seq: number
}

function before(a: SimEvent, b: SimEvent): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq)
}

/**
 * The simulation's events and the router's timers as one timeline. A router timer due at the same instant as an
 * event fires first (it was set earlier in simulated time or at the same instant by the router's own work).
 * After every event and every timer, `settle` runs: the host's replies (confirming a reservation) happen there,
 * at the same instant, without re-entering the router in the middle of a decision.
 */
export class Timeline<E extends SimEvent> {
  private readonly events = new BinaryHeap<E>(before)
  private seq = 0

  constructor(
    private readonly clock: SimulatedClock,
    private readonly fire: (event: E) => void,
    private readonly settle: () => void,
  ) {}

  /** Schedules `event` at `at` (never before now). */
  schedule(event: E, at: number): void {
    const now = this.clock.now()
    event.at = Math.max(at, now)
    event.seq = this.seq++
    this.events.push(event)
  }

  /** Runs events and router timers due up to `horizon`, then moves the clock to `horizon`. */
  runUntil(horizon: number): void {
    const clock = this.clock
    const events = this.events
    for (;;) {
      const next = events.peek()
      const at = next === undefined ? Number.POSITIVE_INFINITY : next.at
      const due = clock.nextDue()
      if (due !== undefined && due <= at && due <= horizon) {
        // every router timer of that instant, then the host's replies
        clock.runUntil(due)
        this.settle()
        continue
      }
      if (next === undefined || at > horizon) break
      events.pop()
      clock.runUntil(at) // no router timer is due before `at`: this only moves time
      this.fire(next)
      this.settle()
    }
    clock.runUntil(horizon)
  }
}
