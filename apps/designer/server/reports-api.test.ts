// @vitest-environment node
// The designer server's reports: a simulated morning recorded into SQLite, read back through /api/reports and
// /api/reports/nodes with the simulation's own figures, and the refusals that say what to give instead.
import { execFile } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { openStore, type ReportRow } from '@routewright/history'
import { agentStateRows } from '@routewright/history/testing'
import type { SimulationResult } from '@routewright/strategy-runtime'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  DISPOSITIONS_START,
  HOUR,
  recordAbandons,
  recordDispositions,
  recordMorning,
  recordNotReady,
  MORNING_START as START,
} from './recorded-morning.ts'
import { startTestServer, type TestServer } from './test-support.ts'

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 })

let folder: string
let store: string
let result: SimulationResult
let t: TestServer | undefined
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'rw-reports-'))
  ;({ store, result } = await recordMorning(folder, { arrivalsPerHour: 40, ahtSeconds: 200, seed: 3 }))
  await recordNotReady(store)
  await recordAbandons(store)
  await recordDispositions(store)
})
afterAll(async () => {
  await t?.close()
  await rm(folder, { recursive: true, force: true })
})

describe('reports through the designer server', () => {
  it('reports offered, answered and service level per interval as the simulation measured them', async () => {
    expect(result.problems).toEqual([])
    expect(result.answered).toBeGreaterThan(60)
    t = await startTestServer({}, { store })
    const { status, body } = await t.api(
      'GET',
      `/api/reports?from=${new Date(START).toISOString()}&to=${START + 2 * HOUR}&interval=1h&by=strategy`,
    )
    expect(status).toBe(200)
    expect(body.rows.map((r: { start: number }) => r.start)).toEqual([START, START + HOUR])
    expect(body.totals).toHaveLength(1)
    expect(body.totals[0]).toMatchObject({ key: 'pool', offered: result.offered, answered: result.answered })
    expect(body.totals[0].serviceLevel).toBeCloseTo(result.serviceLevel, 9)
    expect(body.totals[0].asa).toBeCloseTo(result.asa, 6)
  })

  it('reports not-ready time by reason (by=reason), split at the hour and counted to the end', async () => {
    t ??= await startTestServer({}, { store })
    const { status, body } = await t.api(
      'GET',
      `/api/reports?from=${START}&to=${START + 2 * HOUR}&interval=1h&by=reason`,
    )
    expect(status).toBe(200)
    const shown = (r: {
      start: number
      reason: string
      agents: number
      count: number
      notReadyTime: number
      setBy: string
    }) => [(r.start - START) / HOUR, r.reason, r.agents, r.count, r.notReadyTime, r.setBy]
    // MORNING_NOT_READY, hand-computed; the no-answer set by the router's timeout, the lunches by the host
    expect(body.by).toBe('reason')
    expect(body.rows.map(shown)).toEqual([
      [0, 'lunch', 1, 1, 2400, 'host'],
      [0, 'no-answer', 1, 1, 120, 'timeout'],
      [1, 'lunch', 2, 1, 2400, 'host'],
    ])
    expect(body.totals.map(shown)).toEqual([
      [0, 'lunch', 2, 2, 4800, 'host'],
      [0, 'no-answer', 1, 1, 120, 'timeout'],
    ])
    const agents = await t.api(
      'GET',
      `/api/reports?from=${START}&to=${START + 2 * HOUR}&interval=day&by=agent`,
    )
    const times = (r: ReportRow) => [r.readyTime, r.notReadyTime, r.busyTime, r.reservedTime, r.wrapUpTime]
    // [agent, ready, not ready, busy, reserved, wrap-up]: each adds up to the 2 h logged in
    // the simulated a1-a3 are logged in ready all morning (recordSimulation), busy while they handle calls
    const simulated = agents.body.totals.filter((r: ReportRow) => r.key.startsWith('a'))
    expect(simulated.map((r: ReportRow) => [r.key, r.loggedInTime])).toEqual([
      ['a1', 7200],
      ['a2', 7200],
      ['a3', 7200],
    ])
    for (const r of simulated as ReportRow[]) {
      expect(r.busyTime).toBeGreaterThan(0)
      expect((r.readyTime ?? 0) + (r.busyTime ?? 0)).toBeCloseTo(7200, 6)
    }
    const withStates = agents.body.totals.filter((r: ReportRow) => r.key.startsWith('n'))
    expect(withStates.map((r: ReportRow) => [r.key, ...times(r)])).toEqual([
      ['n1', 3600, 3600, 0, 0, 0],
      ['n2', 7080, 120, 0, 0, 0],
      ['n3', 5640, 1200, 0, 60, 300],
    ])
    expect(withStates.map((r: ReportRow) => r.loggedInTime)).toEqual([7200, 7200, 7200])
  })

  it('gives state times for one media (?media=): a chat-only not-ready leaves the agent ready', async () => {
    const mediaStore = `sqlite:${join(folder, 'media.db')}`
    const opened = await openStore(mediaStore)
    const row = agentStateRows({ start: START, router: 'sim', groups: ['pool'] })
    await opened.write([
      row('m1', 0, 'ready'),
      row('m1', 10, 'not-ready', { media: 'chat', reason: 'backlog' }),
      row('m1', 40, 'ready', { media: 'chat' }),
    ])
    await opened.close()
    const own = await startTestServer({}, { store: mediaStore })
    try {
      const ask = async (query: string) =>
        (await own.api('GET', `/api/reports?from=${START}&to=${START + HOUR}&interval=1h&${query}`)).body
      const times = (body: { totals: { key: string; readyTime: number; notReadyTime: number }[] }) =>
        body.totals.map((r) => [r.key, r.readyTime, r.notReadyTime])
      expect(times(await ask('by=agent&media=chat'))).toEqual([['m1', 1800, 1800]])
      expect(times(await ask('by=agent'))).toEqual([['m1', 3600, 0]])
      const chat = await ask('by=reason&media=chat')
      expect(chat.media).toBe('chat')
      expect(
        chat.totals.map((r: { reason: string; notReadyTime: number }) => [r.reason, r.notReadyTime]),
      ).toEqual([['backlog', 1800]])
      expect((await ask('by=reason')).totals).toEqual([])
    } finally {
      await own.close()
    }
  })

  it("ranks state times over each agent's own media (the workspace's directory), read at each report", async () => {
    const ownStore = `sqlite:${join(folder, 'own-media.db')}`
    const opened = await openStore(ownStore)
    const row = agentStateRows({ start: START, router: 'sim', groups: ['pool'] })
    // logged out agent-wide; not ready on chat (lunch), then on voice (meeting)
    await opened.write([
      row('d1', 0, 'not-ready', { media: 'chat', reason: 'lunch' }),
      row('d1', 20, 'logged-out', { media: 'chat' }),
      row('d1', 30, 'not-ready', { media: 'voice', reason: 'meeting' }),
      row('d1', 50, 'logged-out', { media: 'voice' }),
    ])
    await opened.close()
    const directory = (capacity: string) =>
      `directory: org\nformat: 1\nagents:\n  d1: { capacity: { ${capacity} } }\n`
    const own = await startTestServer({ 'org.directory.yaml': directory('voice: 1') }, { store: ownStore })
    try {
      const ask = async (query: string) =>
        (await own.api('GET', `/api/reports?from=${START}&to=${START + HOUR}&interval=1h&${query}`)).body
      const reasons = async () =>
        (await ask('by=reason')).totals.map((r: { reason: string; notReadyTime: number }) => [
          r.reason,
          r.notReadyTime,
        ])
      const agent = async () =>
        (await ask('by=agent')).totals.map((r: ReportRow) => [r.key, r.loggedInTime, r.notReadyTime])
      // she has no chat: her chat lunch is no time of hers, as on serve's wallboard; her voice log-out is hers
      expect(await reasons()).toEqual([
        ['meeting', 1200],
        ['(none)', null],
      ])
      expect(await agent()).toEqual([['d1', 1200, 1200]])
      // given chat in the directory, the next report counts it
      writeFileSync(join(own.root, 'org.directory.yaml'), directory('voice: 1, chat: 1'))
      expect(await reasons()).toEqual([
        ['lunch', 1200],
        ['meeting', 1200],
        ['(none)', null],
      ])
      expect(await agent()).toEqual([['d1', 2400, 2400]])
    } finally {
      await own.close()
    }
  })

  it('counts a state still open up to the reports\' now, not to ?to= (docs/figures.md "Up to now")', async () => {
    const nowStore = `sqlite:${join(folder, 'now.db')}`
    const opened = await openStore(nowStore)
    const row = agentStateRows({ start: START, router: 'sim', groups: ['pool'] })
    await opened.write([row('n1', 0, 'ready'), row('n1', 20, 'not-ready', { reason: 'lunch' })])
    await opened.close()
    // the designer asked at 00:45 for the hour: ready 20 min, at lunch 25 min so far
    const own = await startTestServer(
      {},
      { store: nowStore, reportsClock: { now: () => START + 45 * 60_000 } },
    )
    try {
      const ask = async (query: string) =>
        (await own.api('GET', `/api/reports?from=${START}&to=${START + HOUR}&interval=15m&${query}`)).body
      const agent = await ask('by=agent')
      expect(
        agent.totals.map((r: ReportRow) => [r.key, r.loggedInTime, r.readyTime, r.notReadyTime]),
      ).toEqual([['n1', 2700, 1200, 1500]])
      // and it says which now it counted up to, for the view's "as of" line
      expect(agent.asOf).toBe(START + 45 * 60_000)
      // the interval after now is empty: no row
      expect(agent.rows.map((r: ReportRow) => (r.start - START) / 60_000)).toEqual([0, 15, 30])
      const reasons = await ask('by=reason')
      expect(
        reasons.totals.map((r: { reason: string; notReadyTime: number }) => [r.reason, r.notReadyTime]),
      ).toEqual([['lunch', 1500]])
      expect(reasons.asOf).toBe(START + 45 * 60_000)
    } finally {
      await own.close()
    }
  })

  it('refuses a report over its million rows with 400, saying what to give instead', async () => {
    const bigStore = `sqlite:${join(folder, 'big.db')}`
    const opened = await openStore(bigStore)
    const row = agentStateRows({ start: START, router: 'sim', groups: ['pool'] })
    // 30 agents logged in all year: 30 x 35,040 quarters is past the 1,000,000 rows
    await opened.write(Array.from({ length: 30 }, (_, i) => row(`a${i}`, 0, 'ready')))
    await opened.close()
    const year = START + 365 * 24 * HOUR
    const own = await startTestServer({}, { store: bigStore, reportsClock: { now: () => year } })
    try {
      const { status, body } = await own.api(
        'GET',
        `/api/reports?from=${START}&to=${year}&interval=15m&by=agent`,
      )
      expect(status).toBe(400)
      expect(body.error.message).toBe(
        'The report would hold more than 1,000,000 rows: report a shorter range (--from to --to), or a longer interval than 15m',
      )
    } finally {
      await own.close()
    }
  })

  it("exports the report as routewright report --format csv writes it, byte for byte (the panel's Export CSV)", async () => {
    t ??= await startTestServer({}, { store })
    const query = `from=${START}&to=${START + 2 * HOUR}&interval=30m&tz=Europe/Paris&by=queue&sl=30&short=5&slAbandons=ignore&slBasis=offered`
    const shown = await t.api('GET', `/api/reports?${query}`)
    expect(shown.status).toBe(200)
    const response = await fetch(new URL(`/api/reports.csv?${query}&asOf=${shown.body.asOf}`, t.url))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="report.csv"')
    const exported = await response.text()
    const iso = (ms: number) => new Date(ms).toISOString()
    const cli = fileURLToPath(new URL('../../../packages/cli/bin/routewright.mjs', import.meta.url))
    // the same instants in the CLI's words (an ISO time with its offset, read as given whatever --tz)
    const { stdout } = await promisify(execFile)(process.execPath, [
      cli,
      'report',
      ...['--store', store, '--from', iso(START), '--to', iso(START + 2 * HOUR)],
      ...['--interval', '30m', '--tz', 'Europe/Paris', '--by', 'queue', '--sl', '30', '--short-abandon', '5'],
      ...['--sl-abandons', 'ignore', '--service-level-basis', 'offered', '--format', 'csv'],
    ])
    expect(exported).toBe(stdout)
    // the rows by interval and the totals, as the panel's tables show them
    expect(exported.split('\n').length).toBe(2 + shown.body.rows.length + shown.body.totals.length)
  })

  it("exports a period still under way as of the shown report's now (?asOf), not counted up to the export's", async () => {
    const underWay = `sqlite:${join(folder, 'under-way.db')}`
    const opened = await openStore(underWay)
    const row = agentStateRows({ start: START, router: 'sim', groups: ['pool'] })
    await opened.write([row('w1', 0, 'ready'), row('w1', 20, 'not-ready', { reason: 'lunch' })])
    await opened.close()
    // the export comes at 00:45, inside the hour; the report on screen was counted at 00:30
    const own = await startTestServer(
      {},
      { store: underWay, reportsClock: { now: () => START + 45 * 60_000 } },
    )
    try {
      const query = `from=${START}&to=${START + HOUR}&interval=1h&by=agent`
      const exportCsv = async (extra: string) => {
        const response = await fetch(new URL(`/api/reports.csv?${query}${extra}`, own.url))
        expect(response.status).toBe(200)
        return response.text()
      }
      const now = await exportCsv('')
      const asShown = await exportCsv(`&asOf=${START + 30 * 60_000}`)
      // logged in, ready, not ready: 45 min (ready 20, lunch 25) counted to now; 30 min (lunch 10) as shown
      const times = (csv: string) =>
        csv
          .split('\n')
          .find((line) => line.startsWith('total,'))
          ?.split(',')
          .slice(15, 18)
      expect([times(now), times(asShown)]).toEqual([
        ['2700', '1200', '1500'],
        ['1800', '1200', '600'],
      ])
    } finally {
      await own.close()
    }
  })

  it("reports handlings by wrap-up code (by=disposition), as JSON and as the CLI's CSV", async () => {
    t ??= await startTestServer({}, { store })
    const query = `from=${DISPOSITIONS_START}&to=${DISPOSITIONS_START + HOUR}&interval=1h&by=disposition`
    const { status, body } = await t.api('GET', `/api/reports?${query}`)
    expect(status).toBe(200)
    // recorded-morning.ts's DISPOSITIONS, hand-computed
    expect(body.by).toBe('disposition')
    expect(body.totals).toEqual([
      { disposition: 'sale', handled: 2, ahtSeconds: 150 },
      { disposition: '(none)', handled: 1, ahtSeconds: 30 },
      { disposition: 'callback-needed', handled: 1, ahtSeconds: 60 },
    ])
    expect(body.omitted).toBe(0)
    const csv = await fetch(new URL(`/api/reports.csv?${query}`, t.url))
    expect(csv.status).toBe(200)
    expect((await csv.text()).trimEnd().split('\n')).toEqual([
      'disposition,handled,aht_s',
      'sale,2,150',
      '(none),1,30',
      'callback-needed,1,60',
    ])
    // one media's handlings: the hour's are all voice
    expect((await t.api('GET', `/api/reports?${query}&media=chat`)).body.totals).toEqual([])
  })

  it('counts entries per node of a period for the canvas overlay', async () => {
    t ??= await startTestServer({}, { store })
    const { status, body } = await t.api(
      'GET',
      `/api/reports/nodes?from=${START}&to=${START + 2 * HOUR}&strategy=pool`,
    )
    expect(status).toBe(200)
    expect(body).toMatchObject({ strategy: 'pool', truncated: false, interactions: result.offered })
    expect(body.nodes).toEqual({ 'pool/tag': result.offered, 'pool/pick': result.offered })
    const firstHour = await t.api('GET', `/api/reports/nodes?from=${START}&to=${START + HOUR}&strategy=pool`)
    expect(firstHour.body.interactions).toBeLessThan(result.offered)
    expect(firstHour.body.nodes['pool/tag']).toBe(firstHour.body.interactions)
  })

  it('breaks abandons down by reason, with the short abandons within ?short= seconds', async () => {
    t ??= await startTestServer({}, { store })
    const front = async (query: string) => {
      const { status, body } = await t!.api(
        'GET',
        `/api/reports?from=${START + 2 * HOUR}&to=${START + 3 * HOUR}&interval=1h&by=queue${query}`,
      )
      expect(status).toBe(200)
      return { report: body, total: body.totals.find((r: ReportRow) => r.key === 'queue:front') }
    }
    // recorded-morning.ts's MORNING_ABANDONS, hand-computed (the hour after the morning)
    const { report, total } = await front('')
    expect(report.shortAbandonSeconds).toBe(5)
    expect(total).toMatchObject({
      abandoned: 5,
      abandonedCallerHangup: 2,
      abandonedQueueTimeout: 1,
      abandonedHost: 1,
      abandonedNoReason: 1,
      shortAbandoned: 2,
    })
    expect((await front('&short=10')).total.shortAbandoned).toBe(3)
    expect((await front('&short=7s')).total.shortAbandoned).toBe(2)
    // no answer in the hour: 0 of 5 against (default); 4 within T = 20 s counted as met of 5
    expect(total.serviceLevel).toBe(0)
    const met = await front('&slAbandons=for')
    expect(met.report).toMatchObject({ slAbandons: 'for', excludeShortAbandons: false })
    expect(met.total.serviceLevel).toBe(4 / 5)
    // the two short ones (3 s and 4 s) out: 2 within T of 3
    // the basis asked for is the report's (simulate's default: offered)
    expect(report.serviceLevelBasis).toBe('handled')
    expect((await front('&slBasis=offered')).report.serviceLevelBasis).toBe('offered')
    const long = await front('&slAbandons=for&excludeShort=1')
    expect(long.report).toMatchObject({ slAbandons: 'for', excludeShortAbandons: true })
    expect(long.total).toMatchObject({
      offered: 3,
      abandoned: 3,
      abandonedCallerHangup: 1,
      abandonedHost: 0,
      shortAbandoned: 2,
      serviceLevel: 2 / 3,
    })
  })

  it('says what to give instead of a bad period, interval or dimension', async () => {
    t ??= await startTestServer({}, { store })
    const bad = async (query: string) => (await t!.api('GET', `/api/reports?${query}`)).body.error.message
    expect(await bad('from=yesterday&to=1')).toBe(
      '?from=yesterday is not a date and time: use ISO 8601, e.g. 2026-01-05T09:00Z.',
    )
    // a day the calendar does not have is refused, not moved to 2026-03-02 as Date.parse would
    expect(await bad('from=2026-02-30&to=2026-03-03')).toBe(
      '?from=2026-02-30 is not a date and time: use ISO 8601, e.g. 2026-01-05T09:00Z.',
    )
    expect(await bad(`from=${START}&to=${START + HOUR}&interval=5m`)).toBe(
      '?interval=5m is not one of 15m, 30m, 1h, day.',
    )
    // the CLI's --tz check: a zone Intl does not know, with the close one it meant
    expect(await bad(`from=${START}&to=${START + HOUR}&tz=Europe/Londn`)).toBe(
      '"Europe/Londn" is not an IANA time zone: did you mean Europe/London?',
    )
    expect(await bad(`from=${START}&to=${START + HOUR}&by=colour`)).toBe(
      '?by=colour is not one of queue, group, agent, strategy, node, reason, disposition.',
    )
    // the CLI's refusal of the options of waits and abandons with --by disposition, from the same check
    expect(await bad(`from=${START}&to=${START + HOUR}&by=disposition&sl=30&excludeShort=1`)).toBe(
      '?sl and ?excludeShort do not apply to --by disposition (handlings by wrap-up code count no waits nor abandons): leave them out',
    )
    // the kind decides first: a T or an excludeShort that is no number or no choice is refused as not applying
    expect(await bad(`from=${START}&to=${START + HOUR}&by=disposition&sl=abc`)).toBe(
      '?sl does not apply to --by disposition (handlings by wrap-up code count no waits nor abandons): leave it out',
    )
    expect(await bad(`from=${START}&to=${START + HOUR}&by=disposition&excludeShort=yes`)).toBe(
      '?excludeShort=yes is not one of 0, 1.',
    )
    // the CLI's refusal of --sl with --by reason, from the same check: a T given is never ignored
    expect(await bad(`from=${START}&to=${START + HOUR}&by=reason&sl=30`)).toBe(
      '--sl does not apply to --by reason (not-ready time by reason has no service level): leave --sl out, or report --by queue, group, agent, strategy or node',
    )
    expect(await bad(`from=${START}&to=${START + HOUR}&by=reason&short=5`)).toMatch(
      /^--short-abandon does not apply to --by reason/,
    )
    expect(await bad(`from=${START}&to=${START + HOUR}&slAbandons=half`)).toBe(
      '?slAbandons=half is not one of against, ignore, for.',
    )
    expect(await bad(`from=${START}&to=${START + HOUR}&slBasis=arrivals`)).toBe(
      '?slBasis=arrivals is not one of handled, offered.',
    )
    expect(await bad(`from=${START}&to=${START + HOUR}&by=reason&slBasis=offered`)).toMatch(
      /^\?slBasis does not apply to --by reason/,
    )
    expect(await bad(`from=${START}&to=${START + HOUR}&by=reason&excludeShort=1`)).toMatch(
      /^\?excludeShort does not apply to --by reason/,
    )
    expect(await bad(`from=${START}&to=${START + HOUR}&short=soon`)).toBe(
      '?short=soon is not a number of seconds >= 0.',
    )
    expect(await bad(`from=${START}&to=${START + HOUR}&short=4000`)).toMatch(
      /short-abandon threshold must be 0 to 3600 seconds/,
    )
    expect(await bad(`from=${START + HOUR}&to=${START}`)).toBe(
      'The range must end after it starts (--to later than --from)',
    )
    expect((await t!.api('POST', `/api/reports?from=1&to=2`)).status).toBe(405)
  })

  it('reads a store without migrating it: an empty database is no history, and stays empty', async () => {
    const empty = join(folder, 'empty.db')
    // an empty file is an empty SQLite database
    writeFileSync(empty, '')
    const bare = await startTestServer({}, { store: `sqlite:${empty}` })
    try {
      const { status, body } = await bare.api('GET', `/api/reports?from=${START}&to=${START + HOUR}`)
      expect(status).toBe(503)
      expect(body.error.message).toMatch(/There is no history in sqlite:.*empty\.db \(no schema version\)/)
    } finally {
      await bare.close()
    }
    const { openDatabase } = await import('@routewright/history')
    const database = await openDatabase(`sqlite:${empty}`)
    try {
      expect(await database.all("SELECT name FROM sqlite_master WHERE type = 'table'")).toEqual([])
    } finally {
      await database.close()
    }
  })

  it('says there is no history at a SQLite file that is not there, and creates none', async () => {
    const missing = join(folder, 'missing.db')
    const bare = await startTestServer({}, { store: `sqlite:${missing}` })
    try {
      const { status, body } = await bare.api('GET', `/api/reports?from=${START}&to=${START + HOUR}`)
      expect(status).toBe(400)
      expect(body.error.message).toBe(
        `There is no history at ${missing} (no such file): give the SQLite file serve --store or simulate --store records into`,
      )
    } finally {
      await bare.close()
    }
    expect(existsSync(missing)).toBe(false)
  })

  it('tells how to start the designer with a store when it has none, and names serve and the store', async () => {
    const bare = await startTestServer({}, { serve: 'http://127.0.0.1:8380' })
    try {
      const { status, body } = await bare.api('GET', `/api/reports?from=${START}&to=${START + HOUR}`)
      expect(status).toBe(409)
      expect(body.error.message).toBe(
        'No history store: start the designer with --store sqlite:FILE or --store postgres://...',
      )
      expect((await bare.api('GET', '/api/connections')).body).toEqual({
        serve: 'http://127.0.0.1:8380',
        store: null,
        storeWarnings: [],
      })
    } finally {
      await bare.close()
    }
    t ??= await startTestServer({}, { store })
    expect((await t.api('GET', '/api/connections')).body).toEqual({
      serve: null,
      store,
      storeWarnings: [],
    })
  })
})
