import { BinaryHeap } from '../util/binary-heap.ts'
import type { Clock, TimerHandle } from './clock.ts'

interface Timer {
  id: number
  due: number
  callback: () => void
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

/** Creates a simulated clock starting at `startMs` (epoch milliseconds). */
export function createSimulatedClock(startMs = 0): SimulatedClock {
  let now = startMs
  let nextId = 1
  const heap = new BinaryHeap<Timer>(before)
  const live = new Map<number, Timer>()

  function fireNext(limit: number): boolean {
    for (;;) {
      const top = heap.peek()
      if (top === undefined || top.due > limit) return false
      heap.pop()
      if (!live.delete(top.id)) continue // cleared
      if (top.due > now) now = top.due
      top.callback()
      return true
    }
  }

  const clock: SimulatedClock = {
    now: () => now,
    setTimeout(callback, ms) {
      const delay = Number.isFinite(ms) && ms > 0 ? ms : 0
      const timer: Timer = { id: nextId++, due: now + delay, callback }
      live.set(timer.id, timer)
      heap.push(timer)
      return { id: timer.id }
    },
    clearTimeout(handle: TimerHandle | undefined) {
      if (handle && typeof handle === 'object') live.delete(handle.id)
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
      for (;;) {
        const top = heap.peek()
        if (top === undefined) return undefined
        if (live.has(top.id)) return top.due
        heap.pop()
      }
    },
    pending: () => live.size,
  }
  return clock
}
