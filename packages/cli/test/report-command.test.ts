// `routewright report` on a SQLite file and on a real PostgreSQL server: run in this process (the built bundle's
// runCli), the figures being the command's own output; one run spawns the binary, for its exit code and stderr.
import { existsSync } from 'node:fs'
import path from 'node:path'
import {
  type HandlingRecord,
  type HistoryItem,
  type InteractionRecord,
  openStore,
  recordSimulation,
} from '@routewright/history'
import { agentStateRows } from '@routewright/history/testing'
import {
  POOL_DAY,
  POOL_DAY_START,
  type PostgresServer,
  startPostgresServer,
} from '@routewright/node-support/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HISTORY_DAY, historyRecord, routewright, workspace } from './helpers.ts'
import { routewrightInProcess } from './in-process.ts'

const record = historyRecord
const row = agentStateRows({ start: HISTORY_DAY })

/** `routewright report` on the workspace's h.db from 2026-03-02, with `more` flags. */
function report(cwd: string, ...more: string[]) {
  return routewrightInProcess(['report', '--store', 'sqlite:h.db', '--from', '2026-03-02', ...more], cwd)
}
/** Not-ready time by reason over the first two hours, as CSV (or as JSON: a flag is given once). */
const REASONS = ['--to', '2026-03-02T02:00Z', '--by', 'reason']
const REASONS_CSV = [...REASONS, '--format', 'csv']

async function fill(spec: string) {
  const store = await openStore(spec)
  await store.write([
    { kind: 'interaction', record: record('a', 1) },
    { kind: 'interaction', record: record('b', 2, { waitMs: 40_000 }) },
    { kind: 'interaction', record: record('c', 20, { outcome: 'abandoned', queue: 'queue:"vip", gold' }) },
  ])
  await store.close()
}

describe('routewright report', () => {
  it('prints a table of intervals with totals, and - where there is nothing to measure', async () => {
    const cwd = workspace()
    await fill(`sqlite:${path.join(cwd, 'h.db')}`)
    const run = await report(cwd, '--interval', '15m')
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const lines = run.stdout.trim().split('\n')
    expect(lines[0]).toMatch(
      /^interval\s+key\s+offered\s+answered\s+abandoned\s+abandoned_caller_hangup\s+abandoned_queue_timeout\s+abandoned_host\s+abandoned_no_reason\s+short_abandoned\s+service_level\s+asa_s/,
    )
    expect(lines[1]).toMatch(
      /^2026-03-02T00:00Z\s+group:support\s+2\s+2\s+0\s+0\s+0\s+0\s+0\s+0\s+0\.500\s+25\.0\s+-\s+-\s+0\s+-\s+-\s+-\s+-\s+-\s+-\s+2\s+0$/,
    )
    // abandoned after 10 s without a reason: no reason, not short (S = 5 s)
    expect(lines[2]).toMatch(
      /^2026-03-02T00:15Z\s+queue:"vip", gold\s+1\s+0\s+1\s+0\s+0\s+0\s+1\s+0\s+0\.000\s+-/,
    )
    expect(lines.some((l) => /^total\s+group:support\s+2/.test(l))).toBe(true)
  })

  it('writes CSV a spreadsheet reads, quoting keys with commas and quotes', async () => {
    const cwd = workspace()
    await fill(`sqlite:${path.join(cwd, 'h.db')}`)
    const run = await report(cwd, '--interval', '1h', '--format', 'csv', '--sl', '60')
    expect(run.code).toBe(0)
    expect(run.stdout.split('\n').slice(0, 3)).toEqual([
      'interval,key,offered,answered,abandoned,abandoned_caller_hangup,abandoned_queue_timeout,abandoned_host,abandoned_no_reason,short_abandoned,service_level,asa_s,aht_s,occupancy,transfers,logged_in_s,ready_s,not_ready_s,busy_s,reserved_s,wrap_up_s,entered,overflow_out',
      '2026-03-02T00:00Z,group:support,2,2,0,0,0,0,0,0,1.000,25.0,,,0,,,,,,,2,0',
      '2026-03-02T00:00Z,"queue:""vip"", gold",1,0,1,0,0,0,1,0,0.000,,,,0,,,,,,,1,0',
    ])
  })

  it('shows the entries into an earlier queue and its overflow out, by queue and by group (queues in turn)', async () => {
    const cwd = workspace()
    const store = await openStore(`sqlite:${path.join(cwd, 'h.db')}`)
    // a waited in group:support, then was answered from group:overflow; b was answered in group:support
    const turned = { queue: 'group:overflow', group: 'group:overflow' }
    const left = { overflowQueue: 'group:support', overflowGroup: 'group:support' }
    await store.write([
      { kind: 'interaction', record: record('a', 1, { ...turned, ...left }) },
      { kind: 'interaction', record: record('b', 2, { group: 'group:support' }) },
    ])
    await store.close()
    const last = (line: string) => line.split(',').slice(-2).join(',')
    for (const by of ['queue', 'group']) {
      const run = await report(cwd, '--interval', 'day', '--format', 'csv', '--by', by)
      expect(run.code, run.stderr).toBe(0)
      const lines = run.stdout.trim().split('\n')
      expect(
        lines.map((l) => [l.split(',')[1], l.split(',')[2], last(l)]),
        by,
      ).toEqual([
        ['key', 'offered', 'entered,overflow_out'],
        ['group:overflow', '1', '1,0'],
        ['group:support', '1', '2,1'],
        ['group:overflow', '1', '1,0'],
        ['group:support', '1', '2,1'],
      ])
    }
    // a strategy has no queue of its own to enter: - in the table
    const table = await report(cwd, '--interval', 'day', '--by', 'strategy')
    expect(table.stdout.split('\n')[1]).toMatch(/\s+-\s+-$/)
  })

  it("breaks abandons down by the host's reason, with short abandons within --short-abandon", async () => {
    const cwd = workspace()
    const store = await openStore(`sqlite:${path.join(cwd, 'h.db')}`)
    const gone = (id: string, minute: number, waitMs: number, more: Partial<InteractionRecord> = {}) => {
      const { answeredAt: _answered, agent: _agent, ...rest } = record(id, minute, { waitMs, ...more })
      return { kind: 'interaction' as const, record: { ...rest, outcome: 'abandoned' } }
    }
    await store.write([
      { kind: 'interaction', record: record('a', 1) },
      gone('b', 2, 4000, { abandonReason: 'caller-hangup', abandonNote: 'CANCEL' }),
      gone('c', 3, 9000, { abandonReason: 'caller-hangup' }),
      gone('d', 4, 90_000, { abandonReason: 'queue-timeout' }),
      gone('e', 5, 2000, { abandonReason: 'host' }),
      gone('f', 6, 30_000),
    ])
    await store.close()
    // the default S (5 s), then S = 10 s (a slot column), then 7 s (read from the raw records)
    const columns = (line: string) => line.split(',').slice(4, 10).join(',')
    for (const [flags, short] of [
      [[], '2'],
      [['--short-abandon', '10s'], '3'],
      [['--short-abandon', '7'], '2'],
    ] as const) {
      const run = await report(cwd, '--interval', 'day', '--format', 'csv', ...flags)
      expect(run.stderr).toBe('')
      expect(run.stdout.trim().split('\n').map(columns)).toEqual([
        'abandoned,abandoned_caller_hangup,abandoned_queue_timeout,abandoned_host,abandoned_no_reason,short_abandoned',
        `5,2,1,1,1,${short}`,
        `5,2,1,1,1,${short}`,
      ])
    }
    const json = JSON.parse((await report(cwd, '--format', 'json', '--short-abandon', '10')).stdout)
    expect(json.shortAbandonSeconds).toBe(10)
    expect(json.totals[0]).toMatchObject({
      abandoned: 5,
      abandonedCallerHangup: 2,
      abandonedQueueTimeout: 1,
      abandonedHost: 1,
      abandonedNoReason: 1,
      shortAbandoned: 3,
    })
    const table = await report(cwd, '--short-abandon', '10')
    expect(table.stdout).toContain('short abandoned: within 10s')
  })

  it('counts abandons within T as --sl-abandons says, and leaves short abandons out with --exclude-short-abandons', async () => {
    const cwd = workspace()
    const store = await openStore(`sqlite:${path.join(cwd, 'h.db')}`)
    const gone = (id: string, minute: number, waitMs: number) => {
      const { answeredAt: _answered, agent: _agent, ...rest } = record(id, minute, { waitMs })
      return { kind: 'interaction' as const, record: { ...rest, outcome: 'abandoned' } }
    }
    // answered after 10 s; abandoned after 4 s (short, within T) and after 60 s
    await store.write([
      { kind: 'interaction', record: record('a', 1) },
      gone('b', 2, 4000),
      gone('c', 3, 60_000),
    ])
    await store.close()
    // [flags, offered, abandoned, service level] of the day's total
    for (const [flags, offered, abandoned, level] of [
      [[], '3', '2', '0.333'],
      [['--sl-abandons', 'against'], '3', '2', '0.333'],
      [['--sl-abandons', 'ignore'], '3', '2', '0.500'],
      [['--sl-abandons', 'for'], '3', '2', '0.667'],
      [['--exclude-short-abandons'], '2', '1', '0.500'],
      [['--exclude-short-abandons', '--sl-abandons', 'for'], '2', '1', '0.500'],
    ] as const) {
      const run = await report(cwd, '--interval', 'day', '--format', 'csv', ...flags)
      expect(run.stderr).toBe('')
      const total = run.stdout.trim().split('\n').at(-1)?.split(',') ?? []
      expect([total[2], total[4], total[10]]).toEqual([offered, abandoned, level])
    }
    const json = JSON.parse((await report(cwd, '--format', 'json', '--sl-abandons', 'ignore')).stdout)
    expect(json).toMatchObject({ slAbandons: 'ignore', excludeShortAbandons: false })
    const table = await report(cwd, '--sl-abandons', 'ignore', '--exclude-short-abandons')
    expect(table.stdout).toContain(
      'service level (basis handled): answered within 20s / (answered + abandoned after 20s), abandons in a queue only; short abandoned: within 5s, left out of offered, abandoned and the service level',
    )
  })

  it('reports not-ready time by reason (--by reason), split at the interval edge', async () => {
    const cwd = workspace()
    const store = await openStore(`sqlite:${path.join(cwd, 'h.db')}`)
    // not ready 00:50-01:20 after a RONA, then ready
    await store.write([
      row('ann', 0, 'ready'),
      row('ann', 50, 'not-ready', { reason: 'no-answer' }),
      row('ann', 80, 'ready'),
    ])
    await store.close()
    const run = await report(cwd, ...REASONS_CSV)
    expect(run.stderr).toBe('')
    expect(run.stdout.trim().split('\n')).toEqual([
      'interval,reason,agents,count,not_ready_s,set_by,supervisor,state',
      '2026-03-02T00:00Z,no-answer,1,1,600,(unknown),,not-ready',
      '2026-03-02T01:00Z,no-answer,1,0,1200,(unknown),,not-ready',
      'total,no-answer,1,1,1800,(unknown),,not-ready',
    ])
  })

  it("tells not-ready time apart by who set it (set_by): a RONA the host then confirmed stays the timeout's", async () => {
    const cwd = workspace()
    const store = await openStore(`sqlite:${path.join(cwd, 'h.db')}`)
    // ann's offer rang out at 00:50 (the router set her not ready), the host said so again at 00:55; bob's host
    // made him not ready 00:20-00:30
    await store.write([
      row('ann', 0, 'ready', { by: 'host' }),
      row('ann', 50, 'not-ready', { reason: 'no-answer', by: 'timeout' }),
      row('ann', 55, 'not-ready', { reason: 'no-answer', by: 'host' }),
      row('ann', 80, 'ready', { by: 'host' }),
      row('bob', 0, 'ready', { by: 'host' }),
      row('bob', 20, 'not-ready', { reason: 'no-answer', by: 'host' }),
      row('bob', 30, 'ready', { by: 'host' }),
    ])
    await store.close()
    const run = await report(cwd, ...REASONS_CSV)
    expect(run.stderr).toBe('')
    expect(run.stdout.trim().split('\n')).toEqual([
      'interval,reason,agents,count,not_ready_s,set_by,supervisor,state',
      '2026-03-02T00:00Z,no-answer,1,1,600,host,,not-ready',
      '2026-03-02T00:00Z,no-answer,1,1,600,timeout,,not-ready',
      '2026-03-02T01:00Z,no-answer,1,0,1200,timeout,,not-ready',
      'total,no-answer,1,1,600,host,,not-ready',
      'total,no-answer,1,1,1800,timeout,,not-ready',
    ])
  })

  it('names the supervisor who set a state (supervisor, last), for an audit of who set agents not ready', async () => {
    const cwd = workspace()
    const store = await openStore(`sqlite:${path.join(cwd, 'h.db')}`)
    // two supervisors put ann and bob in coaching; one call named nobody, and a row from before 0010 names none
    await store.write([
      row('ann', 0, 'not-ready', { reason: 'coaching', by: 'supervisor', supervisor: 'Maria Lopez' }),
      row('ann', 30, 'ready', { by: 'host' }),
      row('bob', 0, 'not-ready', { reason: 'coaching', by: 'supervisor', supervisor: 'Sam, Lee' }),
      row('bob', 10, 'ready', { by: 'host' }),
      row('cy', 0, 'not-ready', { reason: 'coaching', by: 'supervisor' }),
      row('cy', 5, 'ready', { by: 'host' }),
    ])
    await store.close()
    const csv = await report(cwd, ...REASONS_CSV, '--interval', 'day')
    expect(csv.stderr).toBe('')
    expect(csv.stdout.trim().split('\n')).toEqual([
      'interval,reason,agents,count,not_ready_s,set_by,supervisor,state',
      '2026-03-02T00:00Z,coaching,1,1,300,supervisor,,not-ready',
      '2026-03-02T00:00Z,coaching,1,1,1800,supervisor,Maria Lopez,not-ready',
      '2026-03-02T00:00Z,coaching,1,1,600,supervisor,"Sam, Lee",not-ready',
      'total,coaching,1,1,300,supervisor,,not-ready',
      'total,coaching,1,1,1800,supervisor,Maria Lopez,not-ready',
      'total,coaching,1,1,600,supervisor,"Sam, Lee",not-ready',
    ])
    const json = JSON.parse((await report(cwd, ...REASONS, '--format', 'json')).stdout)
    expect(json.totals.map((r: { supervisor?: string }) => r.supervisor)).toEqual([
      undefined,
      'Maria Lopez',
      'Sam, Lee',
    ])
    const table = await report(cwd, '--to', '2026-03-02T02:00Z', '--by', 'reason', '--interval', 'day')
    const lines = table.stdout.split('\n')
    expect(lines[0]).toMatch(/ set_by +supervisor +state$/)
    expect(lines.filter((line) => line.startsWith('total'))).toEqual([
      expect.stringMatching(/ supervisor +- +not-ready$/),
      expect.stringMatching(/ supervisor +Maria Lopez +not-ready$/),
      expect.stringMatching(/ supervisor +Sam, Lee +not-ready$/),
    ])
  })

  it("lists a supervisor's forced log-out (state logged-out, last): entries and agents, no time", async () => {
    const cwd = workspace()
    const store = await openStore(`sqlite:${path.join(cwd, 'h.db')}`)
    // Maria logs ann out at 00:20 (coaching); ann back at 00:40, then not ready 00:50-01:10; her own log-out at 01:30
    await store.write([
      row('ann', 0, 'ready', { by: 'host' }),
      row('ann', 20, 'logged-out', { reason: 'coaching', by: 'supervisor', supervisor: 'Maria Lopez' }),
      row('ann', 40, 'ready', { by: 'host' }),
      row('ann', 50, 'not-ready', { reason: 'lunch', by: 'host' }),
      row('ann', 70, 'ready', { by: 'host' }),
      row('ann', 90, 'logged-out', { by: 'host' }),
    ])
    await store.close()
    const csv = await report(cwd, ...REASONS_CSV)
    expect(csv.stderr).toBe('')
    expect(csv.stdout.trim().split('\n')).toEqual([
      'interval,reason,agents,count,not_ready_s,set_by,supervisor,state',
      '2026-03-02T00:00Z,lunch,1,1,600,host,,not-ready',
      '2026-03-02T00:00Z,coaching,1,1,,supervisor,Maria Lopez,logged-out',
      '2026-03-02T01:00Z,lunch,1,0,600,host,,not-ready',
      '2026-03-02T01:00Z,(none),1,1,,host,,logged-out',
      'total,lunch,1,1,1200,host,,not-ready',
      'total,(none),1,1,,host,,logged-out',
      'total,coaching,1,1,,supervisor,Maria Lopez,logged-out',
    ])
    const json = JSON.parse((await report(cwd, ...REASONS, '--format', 'json')).stdout)
    expect(json.totals.at(-1)).toEqual({
      start: Date.UTC(2026, 2, 2),
      state: 'logged-out',
      reason: 'coaching',
      setBy: 'supervisor',
      supervisor: 'Maria Lopez',
      agents: 1,
      count: 1,
      notReadyTime: null,
    })
    const table = await report(cwd, '--to', '2026-03-02T02:00Z', '--by', 'reason', '--interval', 'day')
    const lines = table.stdout.split('\n')
    expect(lines.filter((line) => line.startsWith('total'))).toEqual([
      expect.stringMatching(/^total +lunch +1 +1 +1200 +host +- +not-ready$/),
      expect.stringMatching(/^total +\(none\) +1 +1 +- +host +- +logged-out$/),
      expect.stringMatching(/^total +coaching +1 +1 +- +supervisor +Maria Lopez +logged-out$/),
    ])
    expect(table.stdout).toContain('state logged-out: log-outs, no time')
  })

  it('writes caller text a spreadsheet would run as a formula after a quote, in CSV only', async () => {
    const cwd = workspace()
    const store = await openStore(`sqlite:${path.join(cwd, 'h.db')}`)
    // a reason and a supervisor's name from an API caller, each a formula when opened in a spreadsheet
    await store.write([
      row('ann', 0, 'not-ready', {
        reason: '=HYPERLINK("http://x")',
        by: 'supervisor',
        supervisor: '@SUM(A1)',
      }),
      row('ann', 10, 'ready', { by: 'host' }),
      row('bob', 0, 'not-ready', { reason: '-2+3', by: 'supervisor', supervisor: '+cmd' }),
      row('bob', 20, 'ready', { by: 'host' }),
    ])
    await store.close()
    const csv = await report(cwd, ...REASONS_CSV, '--interval', 'day')
    expect(csv.stderr).toBe('')
    expect(
      csv.stdout
        .trim()
        .split('\n')
        .filter((line) => line.startsWith('total')),
    ).toEqual([
      "total,'-2+3,1,1,1200,supervisor,'+cmd,not-ready",
      `total,"'=HYPERLINK(""http://x"")",1,1,600,supervisor,'@SUM(A1),not-ready`,
    ])
    // JSON and the table keep the text as it was given
    const json = JSON.parse((await report(cwd, ...REASONS, '--format', 'json')).stdout)
    expect(json.totals.map((r: { reason: string }) => r.reason)).toEqual(['-2+3', '=HYPERLINK("http://x")'])
  })

  it('prints caller names in the table without their escapes, bidi controls or line feeds, cut to a cell', async () => {
    const cwd = workspace()
    const store = await openStore(`sqlite:${path.join(cwd, 'h.db')}`)
    // a reason that clears the screen and reverses the line after it, a supervisor's name that forges a row
    await store.write([
      row('ann', 0, 'not-ready', {
        reason: `lunch\u001b[2J\u202eevil${'x'.repeat(100)}`,
        by: 'supervisor',
        supervisor: 'sam\ntotal forged',
      }),
      row('ann', 10, 'ready', { by: 'host' }),
    ])
    await store.close()
    const table = await report(cwd, '--to', '2026-03-02T02:00Z', '--by', 'reason', '--interval', 'day')
    expect(table.stderr).toBe('')
    expect(table.stdout).not.toContain('\u001b')
    expect(table.stdout).not.toContain('\u202e')
    expect(table.stdout.split('\n').filter((line) => line.startsWith('total'))).toEqual([
      expect.stringMatching(
        /^total +lunch␛\[2J�evilx+… +1 +1 +600 +supervisor +sam␊total forged +not-ready$/,
      ),
    ])
    expect(table.stdout).not.toContain('x'.repeat(100))
  })

  it('writes CSV as recorded to a pipe, and with controls shown as pictures on a terminal', async () => {
    const cwd = workspace()
    const store = await openStore(`sqlite:${path.join(cwd, 'h.db')}`)
    // a reason that clears the screen, writes the clipboard (OSC 52, C1 ST) and reverses the line after it
    const hostile = 'lunch\u001b[2J\u001b]52;c;cm0gLXJm\u009c\u202eevil'
    await store.write([
      row('ann', 0, 'not-ready', { reason: hostile, by: 'supervisor', supervisor: 'sam' }),
      row('ann', 10, 'ready', { by: 'host' }),
    ])
    await store.close()
    const flags = [
      'report',
      '--store',
      'sqlite:h.db',
      '--from',
      '2026-03-02',
      ...REASONS_CSV,
      '--interval',
      'day',
    ]
    const total = (csv: string) => csv.split('\n').filter((line) => line.startsWith('total'))
    // the real binary's stdout is a pipe: the CSV is data, kept byte for byte
    const piped = await routewright(flags, cwd)
    expect(piped.stderr).toBe('')
    expect(total(piped.stdout)).toEqual([`total,${hostile},1,1,600,supervisor,sam,not-ready`])
    const terminal = await routewrightInProcess(flags, cwd, undefined, { outIsTTY: true })
    expect(terminal.stderr).toBe('')
    for (const control of ['\u001b', '\u009c', '\u202e']) expect(terminal.stdout).not.toContain(control)
    expect(total(terminal.stdout)).toEqual([
      'total,lunch␛[2J␛]52;c;cm0gLXJm��evil,1,1,600,supervisor,sam,not-ready',
    ])
  })

  it("lists where the transfers went under the table and in the JSON (the host's complete `to`)", async () => {
    const cwd = workspace()
    const store = await openStore(`sqlite:${path.join(cwd, 'h.db')}`)
    const handled = (id: string, minute: number, more: Partial<HandlingRecord>): HistoryItem => ({
      kind: 'handling',
      record: {
        interaction: id,
        router: 'r1',
        agent: 'ann',
        media: 'voice',
        startedAt: HISTORY_DAY + minute * 60_000,
        endedAt: HISTORY_DAY + (minute + 3) * 60_000,
        endedBy: 'completed',
        strategy: 'pool',
        ...more,
      },
    })
    // two to billing, one the host did not say where (or recorded before 0009), one completed
    await store.write([
      handled('a', 1, { endedBy: 'transferred', transferredTo: 'queue:billing' }),
      handled('b', 10, { endedBy: 'transferred' }),
      handled('c', 20, { endedBy: 'transferred', transferredTo: 'queue:billing' }),
      handled('d', 30, {}),
    ])
    await store.close()
    const table = await report(cwd, '--by', 'agent', '--to', '2026-03-02T01:00Z')
    expect(table.stderr).toBe('')
    expect(table.stdout).toMatch(/^total\s+ann(\s+\S+){12}\s+3\s/m)
    expect(table.stdout.split('\n').slice(-5)).toEqual([
      'Transfers by destination, 2026-03-02T00:00Z to 2026-03-02T01:00Z:',
      'key  transferred_to  transfers',
      'ann  queue:billing           2',
      'ann  (unknown)               1',
      '',
    ])
    const json = await report(cwd, '--by', 'agent', '--to', '2026-03-02T01:00Z', '--format', 'json')
    expect(JSON.parse(json.stdout).transfersTo).toEqual([
      { key: 'ann', to: 'queue:billing', transfers: 2 },
      { key: 'ann', to: '(unknown)', transfers: 1 },
    ])
  })

  it('gives each agent its logged-in time (logged_in_s), the sum of its state times', async () => {
    const cwd = workspace()
    const store = await openStore(`sqlite:${path.join(cwd, 'h.db')}`)
    // ready 00:00-00:50, not ready 00:50-01:20, logged out 01:20-01:40, ready 01:40-02:00: 100 min logged in
    await store.write([
      row('ann', 0, 'ready'),
      row('ann', 50, 'not-ready', { reason: 'lunch' }),
      row('ann', 80, 'logged-out'),
      row('ann', 100, 'ready'),
    ])
    await store.close()
    const run = await report(
      cwd,
      '--to',
      '2026-03-02T02:00Z',
      '--interval',
      '1h',
      '--by',
      'agent',
      '--format',
      'csv',
    )
    expect(run.stderr).toBe('')
    const columns = (line: string) => line.split(',').slice(15, 18)
    expect(
      run.stdout
        .trim()
        .split('\n')
        .map((l) => [l.split(',')[0], ...columns(l)]),
    ).toEqual([
      ['interval', 'logged_in_s', 'ready_s', 'not_ready_s'],
      ['2026-03-02T00:00Z', '3600', '3000', '600'],
      ['2026-03-02T01:00Z', '2400', '1200', '1200'],
      ['total', '6000', '4200', '1800'],
    ])
  })

  it('counts a state still open up to now, not to --to (the real clock; docs/figures.md "Up to now")', async () => {
    const cwd = workspace()
    const store = await openStore(`sqlite:${path.join(cwd, 'h.db')}`)
    // ann ready since 10 minutes ago; the report runs from an hour before that and, by default, a day long
    const tenMinutesAgo = Date.now() - 10 * 60_000
    await store.write([agentStateRows({ start: tenMinutesAgo })('ann', 0, 'ready')])
    await store.close()
    const from = new Date(tenMinutesAgo - 3_600_000).toISOString().slice(0, 16)
    const run = await routewrightInProcess(
      [
        'report',
        '--store',
        'sqlite:h.db',
        '--from',
        `${from}Z`,
        '--by',
        'agent',
        '--format',
        'csv',
        '--interval',
        'day',
      ],
      cwd,
    )
    expect(run.stderr).toBe('')
    const total = run.stdout.trim().split('\n').at(-1)?.split(',') ?? []
    const loggedIn = Number(total[15])
    // 600 s and the time the command took; before, up to --to: nearly a day
    expect(loggedIn).toBeGreaterThanOrEqual(600)
    expect(loggedIn).toBeLessThan(600 + 300)
    // and it says which now it used: in the JSON's asOf, and under the table, since the day is not over
    const before = Date.now()
    const json = await routewrightInProcess(
      ['report', '--store', 'sqlite:h.db', '--from', `${from}Z`, '--format', 'json'],
      cwd,
    )
    const asOf = JSON.parse(json.stdout).asOf
    expect(asOf).toBeGreaterThanOrEqual(before)
    expect(asOf).toBeLessThanOrEqual(Date.now())
    const table = await routewrightInProcess(
      ['report', '--store', 'sqlite:h.db', '--from', `${from}Z`, '--by', 'agent'],
      cwd,
    )
    expect(table.stdout).toMatch(/; as of \d{4}-\d\d-\d\dT[\d:.]+Z: states still open counted up to then\n$/)
  })

  it('gives --by reason for one media (--media): a chat-only not-ready is not the voice time', async () => {
    const cwd = workspace()
    const store = await openStore(`sqlite:${path.join(cwd, 'h.db')}`)
    // ready on all media; not ready for chat only 00:10-00:40 (lunch); agent-wide not ready 01:00-01:30 (meeting)
    await store.write([
      row('ann', 0, 'ready'),
      row('ann', 10, 'not-ready', { media: 'chat', reason: 'lunch' }),
      row('ann', 40, 'ready', { media: 'chat' }),
      row('ann', 60, 'not-ready', { reason: 'meeting' }),
      row('ann', 90, 'ready'),
    ])
    await store.close()
    const chat = await report(cwd, ...REASONS_CSV, '--media', 'chat')
    expect(chat.stderr).toBe('')
    expect(chat.stdout.trim().split('\n')).toEqual([
      'interval,reason,agents,count,not_ready_s,set_by,supervisor,state',
      '2026-03-02T00:00Z,lunch,1,1,1800,(unknown),,not-ready',
      '2026-03-02T01:00Z,meeting,1,1,1800,(unknown),,not-ready',
      'total,lunch,1,1,1800,(unknown),,not-ready',
      'total,meeting,1,1,1800,(unknown),,not-ready',
    ])
    // voice has no row of its own: only the agent-wide not-ready; so is the agent as a whole (ready on voice)
    for (const media of [['--media', 'voice'], []]) {
      const run = await report(cwd, ...REASONS_CSV, ...media)
      expect(run.stdout.trim().split('\n')).toEqual([
        'interval,reason,agents,count,not_ready_s,set_by,supervisor,state',
        '2026-03-02T01:00Z,meeting,1,1,1800,(unknown),,not-ready',
        'total,meeting,1,1,1800,(unknown),,not-ready',
      ])
    }
  })

  it("ranks only the agent's own media with --directory (her capacity), as the wallboard does", async () => {
    const cwd = workspace({
      'org.directory.yaml': 'directory: org\nformat: 1\nagents:\n  ann: { capacity: { voice: 1 } }\n',
    })
    const store = await openStore(`sqlite:${path.join(cwd, 'h.db')}`)
    // logged out agent-wide; not ready on chat, a media she does not have (lunch), then on voice (meeting)
    await store.write([
      row('ann', 10, 'not-ready', { media: 'chat', reason: 'lunch' }),
      row('ann', 40, 'logged-out', { media: 'chat' }),
      row('ann', 60, 'not-ready', { media: 'voice', reason: 'meeting' }),
      row('ann', 90, 'logged-out', { media: 'voice' }),
    ])
    await store.close()
    const own = await report(cwd, ...REASONS_CSV, '--directory', 'org.directory.yaml')
    expect(own.stderr).toBe('')
    expect(own.stdout.trim().split('\n')).toEqual([
      'interval,reason,agents,count,not_ready_s,set_by,supervisor,state',
      '2026-03-02T01:00Z,meeting,1,1,1800,(unknown),,not-ready',
      // logged out on voice, her one media, at 01:30: logged out (the chat log-out at 00:40 was none of hers)
      '2026-03-02T01:00Z,(none),1,1,,(unknown),,logged-out',
      'total,meeting,1,1,1800,(unknown),,not-ready',
      'total,(none),1,1,,(unknown),,logged-out',
    ])
    const byAgent = await report(
      cwd,
      '--to',
      '2026-03-02T02:00Z',
      '--by',
      'agent',
      '--format',
      'csv',
      '--directory',
      'org.directory.yaml',
    )
    const [header, ...rows] = byAgent.stdout.trim().split('\n')
    const columns = header!.split(',')
    const total = rows.find((line) => line.startsWith('total,'))!.split(',')
    expect([total[columns.indexOf('logged_in_s')], total[columns.indexOf('not_ready_s')]]).toEqual([
      '1800',
      '1800',
    ])
    // without it every state set counts: the chat lunch too
    const every = await report(cwd, ...REASONS_CSV)
    expect(every.stdout).toMatch(/^total,lunch,1,1,1800,\(unknown\),,not-ready$/m)
  })

  it('refuses a --directory that is not a directory file, is not there or does not load', async () => {
    const cwd = workspace({ 'bad.directory.yaml': 'directory: org\nformat: 1\nagents: [\n' })
    await fill(`sqlite:${path.join(cwd, 'h.db')}`)
    const named = await report(cwd, '--directory', 'h.db')
    expect([named.code, named.stderr]).toEqual([
      2,
      expect.stringMatching(/--directory expects a \*\.directory\.yaml file, got h\.db/),
    ])
    const missing = await report(cwd, '--directory', 'gone.directory.yaml')
    expect([missing.code, missing.stderr]).toEqual([
      2,
      `error: No such file or folder: gone.directory.yaml (--directory, looked for ${path.join(cwd, 'gone.directory.yaml')})\nhint: Check the path (relative to the current folder)\n`,
    ])
    const broken = await report(cwd, '--directory', 'bad.directory.yaml')
    expect(broken.code).toBe(1)
    expect(broken.stderr).toMatch(/^bad\.directory\.yaml:\d+:\d+ {2}error {2}RW\d+/m)
    expect(broken.stdout).toBe('')
  })

  it.each([
    [['--from', '2026-03-02'], /--store is required/],
    [['--store', 'sqlite:h.db'], /--from is required/],
    [['--store', 'mysql://x', '--from', '2026-03-02'], /is not a store: use sqlite:FILE/],
    [['--store', 'sqlite:h.db', '--from', 'yesterday'], /--from "yesterday" is not a date/],
    // Date.parse reads these as 2026-03-02 and as 2001-01-01 local time: a report of another day, said nowhere
    [['--store', 'sqlite:h.db', '--from', '2026-02-30'], /--from "2026-02-30" is not a date/],
    [['--store', 'sqlite:h.db', '--from', '2026-03-02', '--to', '1'], /--to "1" is not a date/],
    [['--store', 'sqlite:h.db', '--from', '2026-03-02T24:30Z'], /--from "2026-03-02T24:30Z" is not a date/],
    [['--store', 'sqlite:h.db', '--from', '2026-03-02', '--by', 'team'], /--by must be one of queue, group/],
    [['--store', 'sqlite:h.db', '--from', '2026-03-02', '--to', '2026-03-01'], /--to later than --from/],
    [
      ['--store', 'sqlite:h.db', '--from', '2026-03-02', '--by', 'reason', '--sl', '30'],
      /--sl does not apply to --by reason/,
    ],
    [['--store', 'sqlite:h.db', '--from', '2026-03-02', '--media', ' '], /--media is empty/],
    [
      ['--store', 'sqlite:h.db', '--from', '2026-03-02', '--by', 'reason', '--short-abandon', '5'],
      /--short-abandon does not apply to --by reason/,
    ],
    [
      ['--store', 'sqlite:h.db', '--from', '2026-03-02', '--by', 'reason', '--exclude-short-abandons'],
      /--exclude-short-abandons does not apply to --by reason/,
    ],
    [
      ['--store', 'sqlite:h.db', '--from', '2026-03-02', '--sl-abandons', 'half'],
      /--sl-abandons must be one of against, ignore, for/,
    ],
    [
      [
        '--store',
        'sqlite:h.db',
        '--from',
        '2026-03-02',
        '--by',
        'reason',
        '--service-level-basis',
        'offered',
      ],
      /--service-level-basis does not apply to --by reason/,
    ],
    [
      ['--store', 'sqlite:h.db', '--from', '2026-03-02', '--service-level-basis', 'arrived'],
      /--service-level-basis must be one of handled, offered/,
    ],
    [
      ['--store', 'sqlite:h.db', '--from', '2026-03-02', '--short-abandon', 'soon'],
      /--short-abandon "soon" is not a number of seconds[\s\S]*--short-abandon 5s/,
    ],
  ])('refuses %j with exit code 2 and says why', async (args, message) => {
    const run = await routewrightInProcess(['report', ...args], workspace())
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(message)
  })

  it('does not create a history file that is not there', async () => {
    const cwd = workspace()
    const run = await routewrightInProcess(
      ['report', '--store', 'sqlite:missing.db', '--from', '2026-03-02'],
      cwd,
    )
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/there is no history at .*missing\.db/)
    // history replay and migrate say the same hint (one check, store-argument.ts)
    expect(run.stderr).toContain('hint: give the SQLite file serve --store or simulate --store records into')
    expect(existsSync(path.join(cwd, 'missing.db'))).toBe(false)
  })

  it('says plainly when the database cannot be reached', async () => {
    const run = await routewright(
      ['report', '--store', 'postgres://nobody:secret@127.0.0.1:1/none', '--from', '2026-03-02'],
      workspace(),
    )
    // a usage error before the report's work (store-check.test.ts has every command and cause)
    expect(run.code).toBe(2)
    expect(run.stderr).toBe(
      'error: --store postgres://nobody:***@127.0.0.1:1/none: nothing accepts connections at 127.0.0.1:1 (connection refused)\n' +
        'hint: Start PostgreSQL there, or correct the host and port in the URL\n',
    )
    expect(run.stderr).not.toContain('secret')
  })
})

describe('routewright report on a simulated day', () => {
  let server: PostgresServer
  beforeAll(async () => {
    server = await startPostgresServer()
  })
  afterAll(async () => {
    await server?.destroy()
  })

  it("prints a URL option the store's own replaces as a warning on its stderr, and reports", async () => {
    await (await openStore(server.url)).close()
    const url = `${server.url}${server.url.includes('?') ? '&' : '?'}options=-c+statement_timeout%3D0`
    const run = await routewrightInProcess(
      ['report', '--store', url, '--from', '2026-03-02', '--format', 'json'],
      workspace(),
    )
    expect(run.stderr).toMatch(
      /^warning: The PostgreSQL options of the store's URL \(or PGOPTIONS\) set statement_timeout=0; the store uses statement_timeout=119000, .*\n$/,
    )
    expect(run.code).toBe(0)
  })

  it.each(['sqlite', 'postgres'])(
    'gives the simulation’s service level and ASA from %s',
    { timeout: 120_000 },
    async (kind) => {
      const cwd = workspace()
      const spec = kind === 'sqlite' ? `sqlite:${path.join(cwd, 'day.db')}` : server.url
      const store = await openStore(spec)
      const { result } = await recordSimulation(
        store,
        { ...POOL_DAY, seed: 11 },
        { spoolFile: path.join(cwd, 'pending.jsonl') },
      )
      await store.close()
      const from = new Date(POOL_DAY_START + 3_600_000).toISOString()
      const run = await routewrightInProcess(
        [
          'report',
          '--store',
          spec,
          '--from',
          from,
          '--interval',
          'day',
          '--by',
          'strategy',
          '--format',
          'json',
        ],
        cwd,
      )
      expect(run.stderr).toBe('')
      const report = JSON.parse(run.stdout)
      expect(report.totals).toHaveLength(1)
      expect(report.totals[0].offered).toBe(result.offered)
      expect(report.totals[0].serviceLevel).toBeCloseTo(result.serviceLevel, 9)
      expect(report.totals[0].asa).toBeCloseTo(result.asa, 6)
    },
  )
})
