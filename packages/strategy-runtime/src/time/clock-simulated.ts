// A clock that only moves when told, for tests and simulations. Cleared timers leave the heap in bulk once they
// outnumber the live ones, so a long simulation holds only what is still due (not every reservation timer ever set).
import { BinaryHeap } from '../util/binary-heap.ts'
import type { Clock, TimerHandle } from './clock.ts'

interface Timer {
  readonly id: number
  due: number
  callback: (() => void) | undefined
}

/** A clock that only moves when told; timers fire in due order, ties in creation order, so runs replay exactly. */
export interface SimulatedClock extends Clock {
  /** Moves time forward by `ms`, firing every timer due on the way. */
  advance(ms: number): void
  /** Moves time to `ms` (epoch), firing every timer due on the way; never moves backwards. */
  runUntil(ms: number): void
  /** Fires timers until none is left or `limit` timers fired; returns how many fired. */
  runAll(limit?: number): number
  /** Due time of the next timer, or undefined when none is pending. */
  nextDue(): number | undefined
  /** Timers still pending. */
  pending(): number
}

function before(a: Timer, b: Timer): boolean {
  return a.due < b.due || (a.due === b.due && a.id < b.id)
}

/** Cleared timers kept before a sweep; below this the heap's lazy skipping is cheaper. */
const SWEEP_MIN = 1024

/** Creates a simulated clock starting at `startMs` (epoch milliseconds). */
export function createSimulatedClock(startMs = 0): SimulatedClock {
  let now = startMs
  let nextId = 1
  const heap = new BinaryHeap<Timer>(before)
  let cleared = 0

  function dropCleared(): void {
    for (;;) {
      const top = heap.peek()
      if (top === undefined || top.callback !== undefined) return
      heap.pop()
      cleared--
    }
  }

  function fireNext(limit: number): boolean {
    dropCleared()
    const top = heap.peek()
    if (top === undefined || top.due > limit) return false
    heap.pop()
    const callback = top.callback!
    top.callback = undefined
    if (top.due > now) now = top.due
    callback()
    return true
  }

  const clock: SimulatedClock = {
    now: () => now,
    setTimeout(callback, ms) {
      const delay = Number.isFinite(ms) && ms > 0 ? ms : 0
      const timer: Timer = { id: nextId++, due: now + delay, callback }
      heap.push(timer)
      return timer
    },
    clearTimeout(handle: TimerHandle | undefined) {
      const timer = handle as Timer | undefined
      if (!timer || typeof timer !== 'object' || timer.callback === undefined || !('due' in timer)) return
      timer.callback = undefined
      cleared++
      if (cleared > SWEEP_MIN && cleared * 2 > heap.size) {
        heap.filter((t) => t.callback !== undefined)
        cleared = 0
      }
    },
    advance(ms) {
      clock.runUntil(now + Math.max(0, ms))
    },
    runUntil(target) {
      while (fireNext(target)) {
        // keep firing: callbacks may schedule timers that are due before target
      }
      if (target > now) now = target
    },
    runAll(limit = 1_000_000) {
      let fired = 0
      while (fired < limit && fireNext(Number.POSITIVE_INFINITY)) fired++
      return fired
    },
    nextDue() {
      dropCleared()
      return heap.peek()?.due
    },
    pending: () => heap.size - cleared,
  }
  return clock
}
