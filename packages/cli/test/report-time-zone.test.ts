// `routewright report --tz`: intervals on a contact centre's wall clock, checked against an oracle computed by hand
// from the raw records of a simulated evening across midnight and London's clocks going back (25 October 2026), on
// SQLite and PostgreSQL, every interval boundary included (history docs/figures.md "Time zone").
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { openStore, recordSimulation } from '@routewright/history'
import { POOL_DAY, type PostgresServer, startPostgresServer } from '@routewright/node-support/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { workspace } from './helpers.ts'
import { routewrightInProcess } from './in-process.ts'

const LONDON = 'Europe/London'
const T_MS = 20_000
// the report's default S of a short abandon
const SHORT_MS = 5_000
// 20:00 BST on 24 October to 03:00 GMT on 25 October: midnight, then 01:00-02:00 twice
const START = Date.UTC(2026, 9, 24, 19)
const HOURS = 8

// one formatter per zone: making one per call was most of each test's time (thousands of rows per oracle)
const formatters = new Map<string, Intl.DateTimeFormat>()
function formatter(zone: string): Intl.DateTimeFormat {
  let found = formatters.get(zone)
  if (!found) {
    found = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'longOffset',
    })
    formatters.set(zone, found)
  }
  return found
}

/** `2026-10-25T01:00+01:00`: the wall time of the interval holding `at`, found by Intl alone (not the report's code). */
function label(zone: string, at: number, minutes: Minutes): string {
  const parts = Object.fromEntries(
    formatter(zone)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  )
  // a day row's start is its local midnight: the date says which (the report's label trimmed to it, below)
  if (minutes === 'day') return `${parts.year}-${parts.month}-${parts.day}`
  const minute = String(Math.floor(Number(parts.minute) / minutes) * minutes).padStart(2, '0')
  const offset = parts.timeZoneName === 'GMT' ? '+00:00' : String(parts.timeZoneName).slice(3)
  // a UTC report prints times as before: 2026-10-25T01:00Z
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${minute}${zone === 'UTC' ? 'Z' : offset}`
}

/** A row's width: 15 or 60 minutes, or the zone's day. */
type Minutes = 15 | 60 | 'day'

interface Cell {
  offered: number
  answered: number
  abandoned: number
  abandonedInQueue: number
  withinT: number
  transfers: number
  /** abandons by the host's reason (`none`: no reason given) */
  reasons: Record<'caller-hangup' | 'queue-timeout' | 'host' | 'none', number>
  short: number
  waitMs: number
  handled: number
  handleMs: number
}

/** The figures per interval and queue, by hand from the raw rows: arrivals by arrival, handlings by their end. */
async function oracle(
  spec: string,
  zone: string,
  minutes: Minutes,
  from: number,
  to: number,
  by: 'queue' | 'agent' = 'queue',
) {
  const store = await openStore(spec)
  const interactions = await store.database.all<{
    arrived_at: number
    outcome: string
    wait_ms: number
    key: string | null
    queue: string | null
    abandon_reason: string | null
  }>(`SELECT arrived_at, outcome, wait_ms, ${by} AS key, queue, abandon_reason FROM interactions`)
  const handlings = await store.database.all<{
    started_at: number
    ended_at: number
    key: string | null
    truncated: number | null
    ended_by: string
  }>(`SELECT started_at, ended_at, ${by} AS key, truncated, ended_by FROM handling`)
  await store.close()
  const cells = new Map<string, Cell>()
  // answered in a later interval than they arrived in: counted where they arrived (docs/figures.md)
  let answeredLater = 0
  const cell = (at: number, of: string | null) => {
    const key = `${label(zone, at, minutes)},${of ?? '(none)'}`
    let c = cells.get(key)
    if (!c) {
      c = {
        offered: 0,
        answered: 0,
        abandoned: 0,
        abandonedInQueue: 0,
        withinT: 0,
        waitMs: 0,
        handled: 0,
        handleMs: 0,
        transfers: 0,
        reasons: { 'caller-hangup': 0, 'queue-timeout': 0, host: 0, none: 0 },
        short: 0,
      }
      cells.set(key, c)
    }
    return c
  }
  for (const i of interactions) {
    const arrived = Number(i.arrived_at)
    if (arrived < from || arrived >= to) continue
    const c = cell(arrived, i.key)
    c.offered++
    if (i.outcome === 'routed') {
      if (label(zone, arrived + Number(i.wait_ms), minutes) !== label(zone, arrived, minutes)) answeredLater++
      c.answered++
      c.waitMs += Number(i.wait_ms)
      if (Number(i.wait_ms) <= T_MS) c.withinT++
    } else if (i.outcome === 'abandoned') {
      c.abandoned++
      if (i.queue !== null) c.abandonedInQueue++
      const reason = (i.abandon_reason ?? 'none') as keyof Cell['reasons']
      c.reasons[reason]++
      // short: queued and gone within S (5 s by default, inclusive); an abandon before any queueing is none
      if (i.queue !== null && Number(i.wait_ms) <= SHORT_MS) c.short++
    }
  }
  for (const h of handlings) {
    const ended = Number(h.ended_at)
    if (ended < from || ended >= to || Number(h.truncated ?? 0) !== 0) continue
    const c = cell(ended, h.key)
    c.handled++
    c.handleMs += ended - Number(h.started_at)
    if (h.ended_by === 'transferred') c.transfers++
  }
  const fixed = (n: number, d: number, digits: number) => (d === 0 ? '' : (n / d).toFixed(digits))
  if (minutes !== 'day') expect(answeredLater).toBeGreaterThan(0)
  return [...cells].map(([key, c]) => [
    key,
    c.offered,
    c.answered,
    c.abandoned,
    fixed(c.withinT, c.answered + c.abandonedInQueue, 3),
    fixed(c.waitMs / 1000, c.answered, 1),
    fixed(c.handleMs / 1000, c.handled, 1),
    c.reasons['caller-hangup'],
    c.reasons['queue-timeout'],
    c.reasons.host,
    c.reasons.none,
    c.short,
    c.transfers,
  ])
}

/** The same columns from the report's CSV, totals left out. */
function fromCsv(csv: string, day = false) {
  const [header = '', ...lines] = csv.trim().split('\n')
  const columns = header.split(',')
  const at = (name: string) => columns.indexOf(name)
  return (
    lines
      .map((line) => line.split(','))
      .filter((cells) => cells[0] !== 'total')
      // the simulated agents are logged in all along: busy time always inside logged-in time, in every row
      .filter((cells) => {
        if (cells[at('busy_s')] !== '')
          expect(Number(cells[at('busy_s')])).toBeLessThanOrEqual(Number(cells[at('logged_in_s')]))
        return true
      })
      // an agent logged in (busy or not) with no arrival nor handling end of hers in an interval: a row of state
      // times only, which this oracle does not recompute
      .filter((cells) => cells.slice(at('offered'), at('aht_s') + 1).some((c) => c !== '0' && c !== ''))
      .map((cells) => [
        `${day ? cells[at('interval')]?.slice(0, 10) : cells[at('interval')]},${cells[at('key')]}`,
        Number(cells[at('offered')]),
        Number(cells[at('answered')]),
        Number(cells[at('abandoned')]),
        cells[at('service_level')] ?? '',
        cells[at('asa_s')] ?? '',
        cells[at('aht_s')] ?? '',
        Number(cells[at('abandoned_caller_hangup')]),
        Number(cells[at('abandoned_queue_timeout')]),
        Number(cells[at('abandoned_host')]),
        Number(cells[at('abandoned_no_reason')]),
        Number(cells[at('short_abandoned')]),
        Number(cells[at('transfers')]),
      ])
  )
}

const byKey = (rows: ReadonlyArray<ReadonlyArray<string | number | undefined>>) =>
  [...rows].sort((a, b) => String(a[0]).localeCompare(String(b[0])))

let server: PostgresServer
beforeAll(async () => {
  server = await startPostgresServer()
}, 120_000)
afterAll(async () => server?.destroy())

describe.each(['sqlite', 'postgres'] as const)('report --tz on %s', { timeout: 180_000 }, (kind) => {
  let cwd: string
  let spec: string
  beforeAll(async () => {
    // the folder outlives one test (workspace() removes its own after each)
    cwd = mkdtempSync(path.join(tmpdir(), 'routewright-cli-tz-'))
    spec = kind === 'sqlite' ? 'sqlite:h.db' : server.url
    const { counters, result } = await recordSimulation(
      kind === 'sqlite' ? `sqlite:${path.join(cwd, 'h.db')}` : spec,
      {
        ...POOL_DAY,
        // 9 Erlangs on 10 agents with callers who hang up: waits across interval edges, answers and abandons
        arrivalsPerHour: 180,
        patienceSeconds: 60,
        durationHours: HOURS,
        warmupHours: 0,
        startAt: START,
      },
      { spoolFile: path.join(cwd, 'pending.jsonl') },
    )
    expect(counters).toMatchObject({ pending: 0, dropped: 0 })
    expect(result.abandoned).toBeGreaterThan(10)
    // transfers across interval edges (simulate's agents never transfer): 00:55 BST to 01:05 BST, 01:55 BST to
    // 01:05 GMT (across the change), and 02:10 to 02:15 GMT (inside one 15-minute row)
    const store = await openStore(kind === 'sqlite' ? `sqlite:${path.join(cwd, 'h.db')}` : spec)
    const transfer = (id: string, startedAt: number, endedAt: number) => ({
      kind: 'handling' as const,
      record: {
        interaction: id,
        router: 'simulate',
        agent: 'a1',
        media: 'voice',
        startedAt,
        endedAt,
        endedBy: 'transferred' as const,
        strategy: 'pool',
        queue: 'group:pool',
        group: 'pool',
      },
    })
    const at = (h: number, m: number) => Date.UTC(2026, 9, 24, 23) + h * 3_600_000 + m * 60_000
    await store.write([
      transfer('t1', at(0, 55), at(1, 5)),
      transfer('t2', at(1, 55), at(2, 5)),
      transfer('t3', at(3, 10), at(3, 15)),
    ])
    await store.close()
  }, 180_000)
  afterAll(() => rmSync(cwd, { recursive: true, force: true }))

  const storeSpec = () => (kind === 'sqlite' ? `sqlite:${path.join(cwd, 'h.db')}` : spec)
  const run = (...flags: string[]) =>
    // CSV unless the test names its format: a flag is given once
    routewrightInProcess(
      [
        'report',
        '--store',
        spec,
        '--tz',
        LONDON,
        ...(flags.includes('--format') ? [] : ['--format', 'csv']),
        ...flags,
      ],
      cwd,
    )
  const END = Date.UTC(2026, 9, 25, 3)

  // to 03:00 reads the 15-minute slots; to 02:59:30 (off a slot's edge) the raw records
  it.each([
    ['1h', 60, '2026-10-25T03:00', END, 'queue'],
    ['15m', 15, '2026-10-25T03:00', END, 'queue'],
    ['1h', 60, '2026-10-25T02:59:30', END - 30_000, 'queue'],
    ['15m', 15, '2026-10-25T02:59:30', END - 30_000, 'queue'],
    ['1h', 60, '2026-10-25T03:00', END, 'agent'],
    ['15m', 15, '2026-10-25T02:59:30', END - 30_000, 'agent'],
  ] as const)(
    'prints, per %s (%s-minute rows) of the London wall clock to %s, what the raw records give by hand',
    async (interval, minutes, until, end, by) => {
      const result = await run(
        '--from',
        '2026-10-24T20:00',
        '--to',
        until,
        '--interval',
        interval,
        '--by',
        by,
      )
      expect(result.stderr).toBe('')
      expect(result.code).toBe(0)
      const printed = byKey(fromCsv(result.stdout))
      expect(printed).toEqual(byKey(await oracle(storeSpec(), LONDON, minutes, START, end, by)))
      // the data holds what each column checks: short abandons, abandons by reason, the 3 transfers across edges
      const sum = (column: number) => printed.reduce((n, row) => n + Number(row[column]), 0)
      expect(sum(11)).toBeGreaterThan(0)
      expect(sum(7) + sum(8) + sum(9) + sum(10)).toBe(sum(3))
      expect(sum(12)).toBe(3)
      // 8 hours of wall clock 20:00 to 03:00: the hour 01:00 twice, told apart by the offset
      // in the order printed: by interval
      const hours = new Set(fromCsv(result.stdout).map((row) => String(row[0]).split(',')[0] ?? ''))
      expect(hours.size).toBe(minutes === 60 ? 8 : 32)
      expect([...hours].filter((h) => h.startsWith('2026-10-25T01:00'))).toEqual([
        '2026-10-25T01:00+01:00',
        '2026-10-25T01:00+00:00',
      ])
    },
  )

  it.each(['15m', '1h'] as const)(
    'prints, per %s in UTC (no --tz), what the raw records give by hand',
    async (interval) => {
      const result = await routewrightInProcess(
        [
          'report',
          '--store',
          spec,
          '--format',
          'csv',
          '--from',
          '2026-10-24T19:00Z',
          '--to',
          '2026-10-25T03:00Z',
          '--interval',
          interval,
        ],
        cwd,
      )
      expect(result.code).toBe(0)
      const minutes = interval === '1h' ? 60 : 15
      expect(byKey(fromCsv(result.stdout))).toEqual(
        byKey(await oracle(storeSpec(), 'UTC', minutes, START, END)),
      )
    },
  )

  it('prints, per London day (24 October from 20:00, then 25 October of 25 hours), what the raw records give', async () => {
    const result = await run('--from', '2026-10-24', '--to', '2026-10-26', '--interval', 'day')
    expect(result.code).toBe(0)
    const printed = byKey(fromCsv(result.stdout, true))
    expect(printed.map((row) => String(row[0]).slice(0, 10))).toEqual(['2026-10-24', '2026-10-25'])
    expect(result.stdout).toContain('2026-10-25T00:00+01:00,')
    expect(printed).toEqual(byKey(await oracle(storeSpec(), LONDON, 'day', START, END + 86_400_000)))
  })

  it('makes the day of 25 October 25 hours long, from London midnight', async () => {
    const result = await run('--from', '2026-10-25', '--interval', 'day', '--format', 'json')
    expect(result.code).toBe(0)
    const report = JSON.parse(result.stdout) as { from: number; to: number; timeZone: string }
    expect(report.timeZone).toBe(LONDON)
    expect(report.from).toBe(Date.UTC(2026, 9, 24, 23))
    expect((report.to - report.from) / 3_600_000).toBe(25)
  })
})

describe('report --tz refuses a zone it does not know', () => {
  it('names the close zone as the fix', async () => {
    const result = await routewrightInProcess(
      ['report', '--store', 'sqlite:h.db', '--from', '2026-03-29', '--tz', 'Europe/Londn'],
      workspace(),
    )
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('"Europe/Londn" is not an IANA time zone: did you mean Europe/London?')
    expect(result.stderr).toContain('fix: Change "Europe/Londn" to "Europe/London"')
  })
})
