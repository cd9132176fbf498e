// The designer's time formats: a clock time in a given zone, a stretch of seconds.
import { describe, expect, it } from 'vitest'
import { clockTime, formatDuration } from './time-format.ts'

describe('clockTime', () => {
  it('shows a server time as a 24-hour clock in the time zone given', () => {
    const at = Date.UTC(2026, 11, 4, 21, 5, 9)
    expect(clockTime(at, 'UTC')).toBe('21:05:09')
    expect(clockTime(at, 'Europe/Paris')).toBe('22:05:09')
  })
})

describe('formatDuration', () => {
  it.each([
    [4800, '1:20:00'],
    [120, '0:02:00'],
    [59.6, '0:01:00'],
    [0, '0:00:00'],
    [null, '–'],
  ])('shows %s seconds as %s', (seconds, shown) => {
    expect(formatDuration(seconds)).toBe(shown)
  })
})
