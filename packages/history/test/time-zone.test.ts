// Reports in a contact centre's own time zone (docs/figures.md "Time zone"): intervals on the zone's wall clock, a
// day of 23 or 25 hours when the clocks change, the repeated hour in autumn a row of its own, on both stores.
import { buildReasonReport, buildReport, type HistoryStore } from '@routewright/history'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { zonedSpan } from '../src/report-span.ts'
import { localIso, offsetChanges } from '../src/time-zone.ts'
import { resolveTimeZone } from '../src/time-zone-name.ts'
import { agentState, interaction, postgresKind, type StoreKind, sqliteKind } from './fixtures.ts'

const HOUR = 3_600_000
const MIN = 60_000
const LONDON = 'Europe/London'
const LORD_HOWE = 'Australia/Lord_Howe'

/** The local starts of the intervals of [from, to) and each one's length in minutes. */
function intervals(zone: string, from: number, to: number, interval: '15m' | '30m' | '1h' | 'day') {
  const span = zonedSpan(from, to, interval, zone, 10_000)
  return span.edges.slice(0, -1).map((at, i) => ({
    start: localIso(zone, at),
    minutes: ((span.edges[i + 1] ?? to) - at) / MIN,
  }))
}

describe('offset changes closer together than the 6-hour sample', () => {
  // an injected clock: +01:00, +02:00 from 01:00Z, +03:00 from 03:00Z, +04:00 from 04:00:30Z (tzdata's double
  // summer times changed twice a year; this packs three changes into one 6-hour sample)
  const at = Date.UTC(2026, 0, 10)
  const offsetOf = (t: number) =>
    t >= at + 4 * HOUR + 30_000 ? 4 * HOUR : t >= at + 3 * HOUR ? 3 * HOUR : t >= at + HOUR ? 2 * HOUR : HOUR

  it('finds each change to the second, not only the first', () => {
    const changes = offsetChanges(LONDON, at, at + 12 * HOUR, 6 * HOUR, offsetOf)
    expect(changes).toEqual([at + HOUR, at + 3 * HOUR, at + 4 * HOUR + 30_000])
  })

  it('finds a change and its return inside one sample when sampled once per interval', () => {
    const back = (t: number) => (t >= at + HOUR && t < at + HOUR + 20 * MIN ? 2 * HOUR : HOUR)
    expect(offsetChanges(LONDON, at, at + 6 * HOUR, 6 * HOUR, back)).toEqual([])
    expect(offsetChanges(LONDON, at, at + 6 * HOUR, 15 * MIN, back)).toEqual([
      at + HOUR,
      at + HOUR + 20 * MIN,
    ])
  })
})

describe('intervals on a zone wall clock', () => {
  it('gives London 29 March 2026 (clocks forward) one day of 23 hours and 23 hourly rows', () => {
    const from = Date.UTC(2026, 2, 29)
    const to = Date.UTC(2026, 2, 29, 23)
    expect(intervals(LONDON, from, to, 'day')).toEqual([
      { start: '2026-03-29T00:00+00:00', minutes: 23 * 60 },
    ])
    const hours = intervals(LONDON, from, to, '1h')
    expect(hours).toHaveLength(23)
    expect(hours.slice(0, 3)).toEqual([
      { start: '2026-03-29T00:00+00:00', minutes: 60 },
      { start: '2026-03-29T02:00+01:00', minutes: 60 },
      { start: '2026-03-29T03:00+01:00', minutes: 60 },
    ])
  })

  it('gives London 25 October 2026 (clocks back) 25 hourly rows, the repeated 01:00 told apart by its offset', () => {
    const from = Date.UTC(2026, 9, 24, 23)
    const to = Date.UTC(2026, 9, 26)
    expect(intervals(LONDON, from, to, 'day')).toEqual([
      { start: '2026-10-25T00:00+01:00', minutes: 25 * 60 },
    ])
    const hours = intervals(LONDON, from, to, '1h')
    expect(hours).toHaveLength(25)
    expect(hours.slice(0, 4).map((h) => h.start)).toEqual([
      '2026-10-25T00:00+01:00',
      '2026-10-25T01:00+01:00',
      '2026-10-25T01:00+00:00',
      '2026-10-25T02:00+00:00',
    ])
    expect(hours.every((h) => h.minutes === 60)).toBe(true)
    expect(intervals(LONDON, from, to, '15m')).toHaveLength(100)
  })

  it('gives New York 1 November 2026 a day of 25 hours', () => {
    const from = Date.UTC(2026, 10, 1, 4)
    expect(intervals('America/New_York', from, Date.UTC(2026, 10, 2, 5), 'day')).toEqual([
      { start: '2026-11-01T00:00-04:00', minutes: 25 * 60 },
    ])
  })

  // Lord Howe Island shifts by 30 minutes (+10:30 <-> +11:00): an hour the shift cuts is a row of 30 minutes
  it('cuts the hour a 30-minute shift falls in (Lord Howe, clocks forward 4 October 2026 at 02:00)', () => {
    const from = Date.UTC(2026, 9, 3, 13, 30) // 00:00 +10:30
    const to = Date.UTC(2026, 9, 4, 13) // 00:00 +11:00 the next day
    const hours = intervals(LORD_HOWE, from, to, '1h')
    expect(hours.slice(0, 4)).toEqual([
      { start: '2026-10-04T00:00+10:30', minutes: 60 },
      { start: '2026-10-04T01:00+10:30', minutes: 60 },
      { start: '2026-10-04T02:30+11:00', minutes: 30 },
      { start: '2026-10-04T03:00+11:00', minutes: 60 },
    ])
    expect(hours).toHaveLength(24)
    expect(intervals(LORD_HOWE, from, to, 'day')).toEqual([
      { start: '2026-10-04T00:00+10:30', minutes: 23 * 60 + 30 },
    ])
  })

  it('cuts the repeated half hour into a row of its own (Lord Howe, clocks back 5 April 2026 at 02:00)', () => {
    const from = Date.UTC(2026, 3, 4, 13) // 00:00 +11:00
    const to = Date.UTC(2026, 3, 5, 13, 30) // 00:00 +10:30 the next day
    const hours = intervals(LORD_HOWE, from, to, '1h')
    expect(hours.slice(0, 4)).toEqual([
      { start: '2026-04-05T00:00+11:00', minutes: 60 },
      { start: '2026-04-05T01:00+11:00', minutes: 60 },
      { start: '2026-04-05T01:30+10:30', minutes: 30 },
      { start: '2026-04-05T02:00+10:30', minutes: 60 },
    ])
    expect(hours).toHaveLength(25)
    // a 30-minute interval divides the shift: every row is 30 minutes
    expect(intervals(LORD_HOWE, from, to, '30m').every((h) => h.minutes === 30)).toBe(true)
  })

  it('keeps UTC arithmetic: intervals from --from, a fixed width', () => {
    const from = Date.UTC(2026, 9, 25, 8, 7)
    expect(intervals('UTC', from, from + 3 * HOUR, '1h').map((h) => h.start)).toEqual([
      '2026-10-25T08:07+00:00',
      '2026-10-25T09:07+00:00',
      '2026-10-25T10:07+00:00',
    ])
  })
})

describe('resolveTimeZone', () => {
  it.each([
    ['europe/london', 'Europe/London'],
    ['UTC', 'UTC'],
  ])('reads %s as %s', (given, zone) => {
    expect(resolveTimeZone(given)).toBe(zone)
  })

  it.each([
    ['Europe/Londn', /did you mean Europe\/London\?/],
    ['London', /did you mean Europe\/London\?/],
    ['Mars/Olympus', /give one such as Europe\/London/],
  ])('refuses %s, naming what to give', (given, message) => {
    expect(() => resolveTimeZone(given)).toThrow(message)
  })
})

const kinds: StoreKind[] = []
beforeAll(async () => {
  kinds.push(sqliteKind(), await postgresKind())
})
afterAll(async () => {
  for (const kind of kinds) await kind.cleanup()
})

describe.each(['sqlite', 'postgres'] as const)('a report in Europe/London on %s', (name) => {
  let store: HistoryStore
  beforeAll(async () => {
    const kind = kinds.find((k) => k.name === name)
    if (!kind) throw new Error(name)
    store = await kind.open()
    // one arrival in each of the two 01:00 hours of 25 October 2026, one at 00:30 BST and one at 02:10 GMT
    const at = [Date.UTC(2026, 9, 24, 23, 30), Date.UTC(2026, 9, 25, 0, 20), Date.UTC(2026, 9, 25, 1, 40)]
    at.push(Date.UTC(2026, 9, 25, 2, 10))
    await store.write(
      at.map((arrivedAt, i) => ({ kind: 'interaction', record: interaction({ id: `c${i}`, arrivedAt }) })),
    )
    // ann not ready from 01:30 BST to 01:30 GMT: half of each 01:00
    await store.write([
      {
        kind: 'agent-state',
        record: agentState({ state: 'not-ready', reason: 'lunch', at: Date.UTC(2026, 9, 25, 0, 30) }),
      },
      { kind: 'agent-state', record: agentState({ state: 'ready', at: Date.UTC(2026, 9, 25, 1, 30) }) },
    ])
  })
  afterAll(async () => store.close())

  it.each(['auto', 'raw'] as const)('counts each 01:00 apart (source %s)', async (source) => {
    const from = Date.UTC(2026, 9, 24, 23)
    const report = await buildReport(store, {
      from,
      to: from + 25 * HOUR,
      clock: { now: () => from + 48 * HOUR },
      interval: '1h',
      timeZone: 'europe/london',
      by: 'queue',
      source,
    })
    expect(report.timeZone).toBe(LONDON)
    expect(report.rows.map((r) => [localIso(LONDON, r.start), r.offered])).toEqual([
      ['2026-10-25T00:00+01:00', 1],
      ['2026-10-25T01:00+01:00', 1],
      ['2026-10-25T01:00+00:00', 1],
      ['2026-10-25T02:00+00:00', 1],
    ])
    const day = await buildReport(store, {
      from,
      to: from + 25 * HOUR,
      clock: { now: () => from + 48 * HOUR },
      interval: 'day',
      timeZone: LONDON,
      by: 'queue',
      source,
    })
    expect(day.rows.map((r) => [r.start, r.offered])).toEqual([[from, 4]])
  })

  it('splits state time and not-ready time by reason at the repeated hour', async () => {
    const from = Date.UTC(2026, 9, 25, 0)
    const options = {
      from,
      to: from + 2 * HOUR,
      clock: { now: () => from + 48 * HOUR },
      interval: '1h' as const,
      timeZone: LONDON,
    }
    const reasons = await buildReasonReport(store, options)
    expect(reasons.rows.map((r) => [localIso(LONDON, r.start), r.notReadyTime])).toEqual([
      ['2026-10-25T01:00+01:00', 1800],
      ['2026-10-25T01:00+00:00', 1800],
    ])
    const agents = await buildReport(store, { ...options, by: 'agent', source: 'raw' })
    expect(
      agents.rows
        .filter((r) => r.key === 'ann')
        .map((r) => [localIso(LONDON, r.start), r.notReadyTime, r.readyTime]),
    ).toEqual([
      ['2026-10-25T01:00+01:00', 1800, 0],
      ['2026-10-25T01:00+00:00', 1800, 1800],
    ])
  })
})
