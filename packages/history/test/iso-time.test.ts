import { describe, expect, it } from 'vitest'
import { parseIsoTime } from '../src/report-options.ts'

describe('parseIsoTime', () => {
  it.each([
    ['2026-03-02', Date.UTC(2026, 2, 2)],
    ['2024-02-29', Date.UTC(2024, 1, 29)],
    ['2026-03-02T08:00Z', Date.UTC(2026, 2, 2, 8)],
    ['2026-03-02T08:00:30.5+01:00', Date.UTC(2026, 2, 2, 7, 0, 30, 500)],
  ])('reads %s', (text, at) => {
    expect(parseIsoTime(text)).toBe(at)
  })

  it.each([
    ['2026-02-30'],
    ['2025-02-29'],
    ['2026-13-01'],
    ['2026-04-31'],
    ['2026-03-02T24:00Z'],
    ['2026-03-02T08:60Z'],
    ['1'],
    ['yesterday'],
    ['Mar 2 2026'],
    ['2026-03-02T08:00+25:00'],
  ])('refuses %s, which Date.parse would read as some other time or not at all', (text) => {
    expect(parseIsoTime(text)).toBeUndefined()
  })
})
