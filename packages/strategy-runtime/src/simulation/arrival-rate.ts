// When the next caller arrives: Poisson arrivals at a constant rate or at a rate that changes per interval of the day.
import type { Random } from '../time/clock.ts'

const DAY_MS = 86_400_000

/** Arrival rates per interval of the day, repeating every 24 hours from the simulation's start. */
export interface ArrivalProfile {
  intervalMinutes: number
  /** One rate (arrivals per hour) per interval; `intervalMinutes × length` must be 24 hours. */
  arrivalsPerHour: readonly number[]
}

/** Gives the time of the next arrival after `now`, or undefined when no arrival is possible any more. */
export type NextArrival = (now: number, random: Random) => number | undefined

function exponentialMs(random: Random, perHour: number): number {
  return -(3_600_000 / perHour) * Math.log(1 - random.next())
}

/** Checks a profile and says what is wrong with it; undefined when it can be used. */
export function profileProblem(profile: ArrivalProfile): string | undefined {
  const { intervalMinutes, arrivalsPerHour } = profile
  if (!Number.isInteger(intervalMinutes) || intervalMinutes <= 0 || 1440 % intervalMinutes !== 0)
    return `arrivalProfile.intervalMinutes must divide a day (e.g. 15, 30, 60), got ${intervalMinutes}`
  const expected = 1440 / intervalMinutes
  if (arrivalsPerHour.length !== expected)
    return `arrivalProfile.arrivalsPerHour needs ${expected} rates (one per ${intervalMinutes} minutes of the day), got ${arrivalsPerHour.length}`
  const bad = arrivalsPerHour.findIndex((rate) => !(rate >= 0) || !Number.isFinite(rate))
  if (bad >= 0)
    return `arrivalProfile.arrivalsPerHour[${bad}] must be a number >= 0, got ${arrivalsPerHour[bad]}`
  if (!arrivalsPerHour.some((rate) => rate > 0))
    return 'arrivalProfile.arrivalsPerHour has no interval with arrivals'
  return undefined
}

/** Interval widths a profile written as text may have, by its count of rates: hourly, half-hourly, quarter-hourly. */
const WIDTH_BY_COUNT: ReadonlyMap<number, number> = new Map([
  [24, 60],
  [48, 30],
  [96, 15],
])

/**
 * A profile written as text: rates per hour, one per interval of the day from the simulation's start, separated by
 * spaces, commas, semicolons or lines (a column pasted from a forecast sheet). Without `intervalMinutes` the count
 * says it (24, 48 or 96). The reason as a sentence when the text is not one.
 */
export function readArrivalProfile(text: string, intervalMinutes?: number): ArrivalProfile | string {
  const parts = text.split(/[\s,;]+/).filter(Boolean)
  const bad = parts.findIndex((p) => !(Number(p) >= 0) || !Number.isFinite(Number(p)))
  if (bad >= 0) return `Rate ${bad + 1} ("${parts[bad]?.slice(0, 40)}") is not a number >= 0.`
  const width = intervalMinutes ?? WIDTH_BY_COUNT.get(parts.length)
  if (width === undefined)
    return `The profile needs 24, 48 or 96 rates (one per hour, half hour or quarter hour of the day from its start); it has ${parts.length}.`
  if (parts.length !== 1440 / width)
    return `The profile needs ${1440 / width} rates, one per ${width} minutes of the day from its start; it has ${parts.length}.`
  if (parts.every((p) => Number(p) === 0)) return 'The profile has no arrivals at all.'
  return { intervalMinutes: width, arrivalsPerHour: parts.map(Number) }
}

/** The profile's intervals from `fromHours` to `toHours` after the start: each one's rate and its hours in the span. */
export function* profileIntervals(
  profile: ArrivalProfile,
  fromHours: number,
  toHours: number,
): Generator<{ perHour: number; hours: number }> {
  const step = profile.intervalMinutes / 60
  for (let t = fromHours; t < toHours; t += step) {
    const index = Math.floor(((t * 60) % 1440) / profile.intervalMinutes)
    yield { perHour: profile.arrivalsPerHour[index] ?? 0, hours: Math.min(step, toHours - t) }
  }
}

/** The mean rate per hour a profile gives from `fromHours` to `toHours` after the start (Erlang's one rate). */
export function meanProfileRate(profile: ArrivalProfile, fromHours: number, toHours: number): number {
  let sum = 0
  let hours = 0
  for (const interval of profileIntervals(profile, fromHours, toHours)) {
    sum += interval.perHour * interval.hours
    hours += interval.hours
  }
  return hours > 0 ? sum / hours : 0
}

/** A constant rate: exponential gaps. */
export function constantArrivals(perHour: number): NextArrival {
  return (now, random) => now + exponentialMs(random, perHour)
}

/**
 * A piecewise-constant rate. A gap that crosses into the next interval is drawn again from the boundary at the
 * new rate, which is exact for Poisson arrivals because they have no memory.
 */
export function profiledArrivals(profile: ArrivalProfile, startMs: number): NextArrival {
  const widthMs = profile.intervalMinutes * 60_000
  const rates = profile.arrivalsPerHour
  return (now, random) => {
    let at = now
    // a day of empty intervals at most, then a rate > 0 exists (checked by profileProblem)
    for (let guard = 0; guard <= rates.length + 1; guard++) {
      const sinceStart = (((at - startMs) % DAY_MS) + DAY_MS) % DAY_MS
      const index = Math.floor(sinceStart / widthMs)
      const boundary = at - sinceStart + (index + 1) * widthMs
      const rate = rates[index] ?? 0
      if (rate > 0) {
        const next = at + exponentialMs(random, rate)
        if (next < boundary) return next
      }
      at = boundary
    }
    return undefined
  }
}
