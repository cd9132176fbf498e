// Per-interval figures of a simulation (what an interval report shows): counts by arrival interval, and the
// time integrals of busy agents and waiting callers split exactly at interval boundaries.

/** The figures of one reporting interval of a simulation. */
export interface SimulationInterval {
  /** Start of the interval, ms after the simulation's start. */
  start: number
  /** Arrivals in the interval. */
  offered: number
  /** Of those arrivals, answered / abandoned (whenever that happened). */
  answered: number
  abandoned: number
  /** Arrivals answered within T over arrivals; 1 with no arrivals. */
  serviceLevel: number
  /**
   * Arrivals answered within T over those answered + abandoned after waiting in a queue (the report's basis: an
   * abandon before any queueing is in neither side); 1 with neither.
   */
  serviceLevelHandled: number
  /** Average wait of the interval's answered arrivals, seconds, from their first queueing. */
  asa: number
  /** Busy agent time over logged-in agent time in the interval. */
  occupancy: number
  /**
   * Mean number of callers waiting over the interval: from their first queueing until answered or gone, as their
   * wait is counted (a caller still in a greeting or IVR before any queue is not waiting).
   */
  averageWaiting: number
}

interface Tally {
  offered: number
  answered: number
  abandoned: number
  /** Of the abandoned, those that had waited in a queue. */
  abandonedQueued: number
  withinSl: number
  waitMs: number
  busyArea: number
  waitingArea: number
}

export interface IntervalSeries {
  /** Index of the interval holding `at`, to remember an arrival's interval. */
  indexOf(at: number): number
  arrived(index: number): void
  answered(index: number, waitMs: number, withinSl: boolean): void
  abandoned(index: number, queued: boolean): void
  /** Changes the number of busy agents or of waiting callers at `now`, after accruing the areas until then. */
  change(now: number, busyDelta: number, waitingDelta: number): void
  /** Figures per interval for `agents` logged in, up to `end`. */
  finish(end: number, agents: number): SimulationInterval[]
}

/** Creates the series for `[startMs, endMs)` in intervals of `widthMs`. */
export function createIntervalSeries(startMs: number, endMs: number, widthMs: number): IntervalSeries {
  const count = Math.max(1, Math.ceil((endMs - startMs) / widthMs))
  const tallies: Tally[] = Array.from({ length: count }, () => ({
    offered: 0,
    answered: 0,
    abandoned: 0,
    abandonedQueued: 0,
    withinSl: 0,
    waitMs: 0,
    busyArea: 0,
    waitingArea: 0,
  }))
  let busy = 0
  let waiting = 0
  /**
   * Times as fields of one object (a double in a closure's variable is a new heap number on every write): `since`,
   * accrued until; `from` and `end`, the interval `since` was last found in (most changes fall in it: no division).
   */
  const times = { since: startMs, from: Number.POSITIVE_INFINITY, end: Number.NEGATIVE_INFINITY }
  let current: Tally | undefined

  const tally = (index: number): Tally | undefined => tallies[index]
  function accrue(now: number): void {
    const to = Math.min(now, endMs)
    const since = times.since
    if (current !== undefined && since >= times.from && since < to && to <= times.end) {
      current.busyArea += busy * (to - since)
      current.waitingArea += waiting * (to - since)
      times.since = to
    }
    while (times.since < to) {
      const from = times.since
      const index = Math.floor((from - startMs) / widthMs)
      const end = startMs + (index + 1) * widthMs
      const boundary = Math.min(to, end)
      const t = tallies[index]
      if (t) {
        t.busyArea += busy * (boundary - from)
        t.waitingArea += waiting * (boundary - from)
        current = t
        times.from = from
        times.end = end
      }
      times.since = boundary
    }
    if (now > times.since) times.since = now
  }

  return {
    indexOf: (at) => (at < startMs || at >= endMs ? -1 : Math.floor((at - startMs) / widthMs)),
    arrived(index) {
      const t = tally(index)
      if (t) t.offered++
    },
    answered(index, waitMs, withinSl) {
      const t = tally(index)
      if (!t) return
      t.answered++
      t.waitMs += waitMs
      if (withinSl) t.withinSl++
    },
    abandoned(index, queued) {
      const t = tally(index)
      if (!t) return
      t.abandoned++
      if (queued) t.abandonedQueued++
    },
    change(now, busyDelta, waitingDelta) {
      accrue(now)
      busy += busyDelta
      waiting += waitingDelta
    },
    finish(end, agents) {
      accrue(end)
      return tallies.map((t, i) => {
        const from = startMs + i * widthMs
        const length = Math.max(1, Math.min(endMs, from + widthMs) - from)
        return {
          start: i * widthMs,
          offered: t.offered,
          answered: t.answered,
          abandoned: t.abandoned,
          serviceLevel: t.offered > 0 ? t.withinSl / t.offered : 1,
          serviceLevelHandled:
            t.answered + t.abandonedQueued > 0 ? t.withinSl / (t.answered + t.abandonedQueued) : 1,
          asa: t.answered > 0 ? t.waitMs / t.answered / 1000 : 0,
          occupancy: agents > 0 ? t.busyArea / (agents * length) : 0,
          averageWaiting: t.waitingArea / length,
        }
      })
    },
  }
}
