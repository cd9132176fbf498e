// pure: local midnight in an IANA time zone from Intl alone, so it runs in Node and in the browser.
import { zonedParts, zoneFormatter, zoneOffsetAt } from '../time/zoned-time.ts'

/** Checks a time zone name; throws a clear error for names Intl does not know. */
export function checkTimeZone(timeZone: string): void {
  try {
    zoneFormatter(timeZone)
  } catch {
    throw new RangeError(`Unknown time zone "${timeZone}": use an IANA name such as "Europe/Paris" or "UTC".`)
  }
}

/** The instant of local midnight that starts the day containing `at` in `timeZone`. */
export function startOfLocalDay(at: number, timeZone: string): number {
  if (timeZone === 'UTC') return Math.floor(at / 86_400_000) * 86_400_000
  const p = zonedParts(at, timeZone)
  const localMidnightAsUtc = Date.UTC(p.year, p.month - 1, p.day)
  // two passes settle the offset on days when the clocks change
  let guess = localMidnightAsUtc - zoneOffsetAt(at, timeZone)
  guess = localMidnightAsUtc - zoneOffsetAt(guess, timeZone)
  return guess > at ? guess - 86_400_000 : guess
}

/** Remembers the current day's bounds so most reads cost one comparison. */
export class MidnightCache {
  private start = Number.NaN
  private end = Number.NaN

  constructor(readonly timeZone: string) {
    checkTimeZone(timeZone)
  }

  midnightBefore(at: number): number {
    if (at >= this.start && at < this.end) return this.start
    this.start = startOfLocalDay(at, this.timeZone)
    // the next midnight is at most 26 h away even across a clock change
    this.end = startOfLocalDay(this.start + 26 * 3_600_000, this.timeZone)
    if (this.end <= at) this.end = at + 1
    return this.start
  }
}
