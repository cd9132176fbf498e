// The zone offset one copy serves: schedules, since-midnight windows and the history's reports in a time zone.
import { zoneOffsetAt } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'

/** An instant of year `year` (Date.UTC reads 0-99 as 1900-1999, so set the year itself). */
function inYear(year: number, month: number, day: number): number {
  const date = new Date(0)
  date.setUTCFullYear(year, month - 1, day)
  return date.getTime()
}

describe('zoneOffsetAt', () => {
  it("gives the zone's offset either side of its clock changes, and 30-minute ones", () => {
    expect(zoneOffsetAt(Date.parse('2026-03-29T00:59:59Z'), 'Europe/London')).toBe(0)
    expect(zoneOffsetAt(Date.parse('2026-03-29T01:00:00Z'), 'Europe/London')).toBe(3_600_000)
    expect(zoneOffsetAt(Date.parse('2026-07-01T12:00:00Z'), 'America/New_York')).toBe(-4 * 3_600_000)
    expect(zoneOffsetAt(Date.parse('2026-07-01T12:00:00Z'), 'Australia/Lord_Howe')).toBe(10.5 * 3_600_000)
    expect(zoneOffsetAt(Date.parse('2026-01-01T12:00:00Z'), 'Australia/Lord_Howe')).toBe(11 * 3_600_000)
    expect(zoneOffsetAt(Date.parse('2026-07-01T12:00:00.999Z'), 'UTC')).toBe(0)
  })

  it('reads years 0-99 and before the common era as themselves (local mean time, to the second)', () => {
    // London's local mean time was 1 min 15 s behind Greenwich; Date.UTC would have read year 50 as 1950
    expect(zoneOffsetAt(inYear(50, 1, 1), 'Europe/London')).toBe(-75_000)
    expect(zoneOffsetAt(inYear(-10, 6, 1), 'Europe/London')).toBe(-75_000)
    expect(zoneOffsetAt(inYear(1, 3, 1) + 1234, 'Europe/London')).toBe(-75_000)
  })
})
