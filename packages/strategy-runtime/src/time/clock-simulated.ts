// A clock that only moves when told, for tests and simulations. Timers of a delay used again and again wait in a FIFO
// of their own (one heap orders the FIFOs); cleared timers leave in bulk once they outnumber the live ones, so a long
// simulation holds only what is still due (not every reservation timer ever set).
import { BinaryHeap } from '../util/binary-heap.ts'
import { Fifo } from '../util/fifo.ts'
import type { Clock, TimerHandle } from './clock.ts'

interface Timer {
  readonly id: number
  due: number
  callback: (() => void) | undefined
  /** The lane it waits in, or undefined in the heap. */
  readonly lane: Lane | undefined
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

/**
 * Timers of one delay, in creation order: the clock never goes back, so they are also in due order and a FIFO
 * replaces the heap for them (a router sets the same few delays again and again: reservation, wait, treatment).
 */
class Lane extends Fifo<Timer> {
  /** Index in the lane heap, -1 while empty. */
  pos = -1

  first(): Timer {
    return this.peek()!
  }
}

/** Cleared timers kept before a sweep; below this the lazy skipping is cheaper. */
const SWEEP_MIN = 1024
/** Distinct delays given a lane; others (random handle times) share one heap. */
const MAX_LANES = 32

/**
 * A simulated clock whose owner moves time between its own events: simulate's timeline asks `nextDue` before each
 * event, so moving to the event's time needs no second look for a due timer (runUntil's), one per event of a day.
 */
export interface SteppedClock extends SimulatedClock {
  /** Moves time to `ms` (never back) without firing: the caller knows no timer is due before it (nextDue said so). */
  skipTo(ms: number): void
}

/** Creates a simulated clock starting at `startMs` (epoch milliseconds). */
export function createSimulatedClock(startMs = 0): SimulatedClock {
  return createSteppedClock(startMs)
}

/** createSimulatedClock's clock with `skipTo`, for the simulation's own timeline. */
export function createSteppedClock(startMs = 0): SteppedClock {
  // from plain JavaScript a date string or a Date would become now() itself, and every time after it text or NaN
  if (typeof startMs !== 'number' || !Number.isFinite(startMs))
    throw new TypeError(
      `createSimulatedClock: startMs must be a time in ms since the epoch, such as Date.parse('2026-01-05T10:00:00Z') (got ${typeof startMs === 'string' ? JSON.stringify(startMs) : String(startMs)})`,
    )
  // the time as a field (a double in a closure's variable is a new heap number on every write: once per event)
  const time = { now: startMs }
  let nextId = 1
  const lanes = new Map<number, Lane>()
  const laneOrder = (a: Lane, b: Lane) => before(a.first(), b.first())
  const setLanePos = (lane: Lane, i: number) => {
    lane.pos = i
  }
  let laneHeap = new BinaryHeap<Lane>(laneOrder, setLanePos)
  const heap = new BinaryHeap<Timer>(before)
  /** Timers held (live and cleared) and, of them, cleared. */
  let held = 0
  let cleared = 0

  /** Drops cleared timers from the front of the heap and of every lane. */
  function dropCleared(): void {
    for (;;) {
      const top = heap.peek()
      if (top === undefined || top.callback !== undefined) break
      heap.pop()
      held--
      cleared--
    }
    for (;;) {
      const lane = laneHeap.peek()
      if (lane === undefined || lane.first().callback !== undefined) break
      lane.shift()
      held--
      cleared--
      if (lane.size === 0) laneHeap.removeAt(0)
      else laneHeap.update(0)
    }
  }

  /** The live timer due first (dropCleared ran), and the lane it heads if it is in one. */
  function next(): Timer | undefined {
    const fromHeap = heap.peek()
    const lane = laneHeap.peek()
    if (lane === undefined) return fromHeap
    const fromLane = lane.first()
    return fromHeap !== undefined && before(fromHeap, fromLane) ? fromHeap : fromLane
  }

  function take(timer: Timer): void {
    held--
    const lane = laneHeap.peek()
    if (lane !== undefined && lane.first() === timer) {
      lane.shift()
      if (lane.size === 0) laneHeap.removeAt(0)
      else laneHeap.update(0)
    } else heap.pop()
  }

  function sweep(): void {
    heap.filter((t) => t.callback !== undefined)
    laneHeap = new BinaryHeap<Lane>(laneOrder, setLanePos)
    held = heap.size
    for (const lane of lanes.values()) {
      lane.retain((t) => t.callback !== undefined)
      lane.pos = -1
      if (lane.size > 0) {
        laneHeap.push(lane)
        held += lane.size
      }
    }
    cleared = 0
  }

  function fireNext(limit: number): boolean {
    dropCleared()
    const top = next()
    if (top === undefined || top.due > limit) return false
    take(top)
    const callback = top.callback!
    top.callback = undefined
    if (top.due > time.now) time.now = top.due
    callback()
    return true
  }

  const clock: SteppedClock = {
    now: () => time.now,
    setTimeout(callback, ms) {
      const delay = Number.isFinite(ms) && ms > 0 ? ms : 0
      let lane = lanes.get(delay)
      if (lane === undefined && lanes.size < MAX_LANES) {
        lane = new Lane()
        lanes.set(delay, lane)
      }
      const timer: Timer = { id: nextId++, due: time.now + delay, callback, lane }
      held++
      if (lane === undefined) heap.push(timer)
      else {
        lane.push(timer)
        if (lane.size === 1) laneHeap.push(lane)
      }
      return timer
    },
    clearTimeout(handle: TimerHandle | undefined) {
      const timer = handle as Timer | undefined
      if (!timer || typeof timer !== 'object' || timer.callback === undefined || !('due' in timer)) return
      timer.callback = undefined
      const lane = timer.lane
      if (lane !== undefined && lane.last() === timer) {
        // the newest of its lane (a reservation confirmed at once): it leaves now, no sweep needed later
        lane.pop()
        held--
        if (lane.size === 0) {
          laneHeap.removeAt(lane.pos)
          lane.pos = -1
        }
        return
      }
      cleared++
      if (cleared > SWEEP_MIN && cleared * 2 > held) sweep()
    },
    skipTo(ms) {
      if (ms > time.now) time.now = ms
    },
    advance(ms) {
      clock.runUntil(time.now + Math.max(0, ms))
    },
    runUntil(target) {
      while (fireNext(target)) {
        // keep firing: callbacks may schedule timers that are due before target
      }
      if (target > time.now) time.now = target
    },
    runAll(limit = 1_000_000) {
      let fired = 0
      while (fired < limit && fireNext(Number.POSITIVE_INFINITY)) fired++
      return fired
    },
    nextDue() {
      dropCleared()
      return next()?.due
    },
    pending: () => held - cleared,
  }
  return clock
}
