// `routewright report` (the built binary) over 1,000,000 records of a day at 15-minute intervals, on SQLite and
// PostgreSQL. The day is written through the store's own write path first (its rate is reported too). Times are
// wall time and the report process's CPU time (bash `times`): on a machine shared with other work, wall time
// also measures the neighbours.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { type HistoryItem, type HistoryStore, type InteractionRecord, openStore } from '@routewright/history'
import { startPostgresServer } from '@routewright/node-support/testing'
import type { BenchFigure as Figure } from '../../../bench/result.ts'

const repoRoot = path.resolve(import.meta.dirname, '../../..')
const binary = path.join(repoRoot, 'packages/cli/bin/routewright.mjs')
const DAY = Date.UTC(2026, 2, 2)
const RECORDS = 1_000_000

const REASONS = ['caller-hangup', 'queue-timeout', 'host', undefined] as const

/**
 * A day of 1,000,000 interactions (a tenth abandoned, three in four of them with a reason) in 20 queues, 200 agents,
 * a handling per answer. Each agent logs in ready at the day's start and takes three 15-minute breaks: a logged-in
 * agent's handlings are her busy time in the agent report (docs/figures.md "Busy"), which reads each of them.
 */
async function fillDay(store: HistoryStore): Promise<number> {
  const started = performance.now()
  await store.write(agentDay())
  const batch = 5000
  for (let first = 0; first < RECORDS; first += batch) {
    const items: HistoryItem[] = []
    for (let n = first; n < first + batch; n++) {
      const arrivedAt = DAY + Math.floor((n * 86_399_000) / RECORDS)
      const waitMs = (n * 7919) % 60_000
      const answered = n % 10 !== 0
      const agent = `a${n % 200}`
      const queue = `group:q${n % 20}`
      const record: InteractionRecord = {
        id: `c${n}`,
        router: 'bench',
        strategy: `s${n % 5}`,
        strategyVersion: 'v1',
        media: 'voice',
        arrivedAt,
        finishedAt: arrivedAt + waitMs,
        outcome: answered ? 'routed' : 'abandoned',
        waitMs,
        queue,
        group: queue,
        node: 'pool/pick',
        priority: 0,
        path: [{ strategy: 'pool', node: 'pick', at: arrivedAt }],
        segments: [
          {
            strategy: 'pool',
            node: 'pick',
            targets: [queue],
            priority: 0,
            entered: arrivedAt,
            left: arrivedAt + waitMs,
            result: answered ? 'routed' : 'abandoned',
          },
        ],
        reservations: [],
        data: { Tier: 'gold' },
      }
      if (answered) {
        record.agent = agent
        record.answeredAt = arrivedAt + waitMs
      } else {
        // the host's reasons, one abandon in four without one (an older host)
        const reason = REASONS[(n / 10) % 4]
        if (reason !== undefined) record.abandonReason = reason
      }
      items.push({ kind: 'interaction', record })
      if (answered) {
        const startedAt = arrivedAt + waitMs
        items.push({
          kind: 'handling',
          record: {
            interaction: record.id,
            router: 'bench',
            agent,
            media: 'voice',
            startedAt,
            endedAt: startedAt + 60_000 + ((n * 104_729) % 240_000),
            endedBy: n % 50 === 0 ? 'transferred' : 'completed',
            strategy: record.strategy,
            queue,
            group: queue,
            node: 'pool/pick',
          },
        })
      }
    }
    await store.write(items)
  }
  return RECORDS / ((performance.now() - started) / 1000)
}

/** Each agent's login (ready, agent-wide) and three not-ready breaks of 15 minutes. */
function agentDay(): HistoryItem[] {
  const items: HistoryItem[] = []
  for (let a = 0; a < 200; a++) {
    const agent = `a${a}`
    const groups = [`group:q${a % 20}`]
    const state = (state: string, at: number, reason?: string): HistoryItem => ({
      kind: 'agent-state',
      record: { router: 'bench', agent, media: '', state, at, groups, ...(reason ? { reason } : {}) },
    })
    items.push(state('ready', DAY))
    for (const hour of [10, 13, 16]) {
      const at = DAY + hour * 3_600_000 + a * 1000
      items.push(state('not-ready', at, 'break'), state('ready', at + 900_000))
    }
  }
  return items
}

/**
 * The SHA-256 of the day's CSV, the same on both back ends: written by the per-handling walk (d35b817) before the
 * walk of merged spans. A change that moves it changes what users read: say why in its commit, then pin the new one.
 */
const CSV_SHA256: Record<'queue' | 'agent', string> = {
  queue: '0dda26ffc5dd215fb9fb77577dfedaf7f841622aa00d76a2ca0b8170111745ec',
  agent: '80501a2fbda61e383bc3b6b47e624de8e047bd89185471736184573e712cc945',
}

/** Best of three runs: wall seconds, and CPU seconds of the report process (user + system); each run's CSV checked. */
function reportSeconds(store: string, by: 'queue' | 'agent'): { wall: number; cpu: number } {
  let wall = Number.POSITIVE_INFINITY
  let cpu = Number.POSITIVE_INFINITY
  const command = [
    process.execPath,
    binary,
    'report',
    '--store',
    store,
    '--from',
    '2026-03-02',
    '--interval',
    '15m',
    '--by',
    by,
    '--format',
    'csv',
  ]
  const quoted = command.map((part) => `'${part.replace(/'/g, "'\\''")}'`).join(' ')
  for (let i = 0; i < 3; i++) {
    const started = performance.now()
    // bash's `times` prints the CPU its children used: the report process alone
    const out = execFileSync(
      'bash',
      [
        '-c',
        `${quoted} > "$0.csv" && head -c 40 "$0.csv" && echo && sha256sum < "$0.csv" && times && rm -f "$0.csv"`,
        path.join(tmpdir(), `rw-report-${process.pid}`),
      ],
      {
        encoding: 'utf8',
      },
    )
    wall = Math.min(wall, (performance.now() - started) / 1000)
    if (!out.startsWith('interval,key,offered'))
      throw new Error(`unexpected report output: ${out.slice(0, 200)}`)
    const digest = out.split('\n')[1]?.split(' ')[0]
    if (digest !== CSV_SHA256[by])
      throw new Error(`report by ${by} on ${store}: CSV SHA-256 ${digest}, pinned ${CSV_SHA256[by]}`)
    const children = out.trim().split('\n').at(-1) ?? ''
    const seconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce(
      (sum, m) => sum + Number(m[1]) * 60 + Number(m[2]),
      0,
    )
    cpu = Math.min(cpu, seconds)
  }
  return { wall, cpu }
}

export async function runHistoryReportBench(): Promise<Figure[]> {
  const folder = mkdtempSync(path.join(tmpdir(), 'routewright-bench-report-'))
  const server = await startPostgresServer({ durable: true })
  try {
    const figures: Figure[] = []
    for (const [kind, spec] of [
      ['sqlite', `sqlite:${path.join(folder, 'million.db')}`],
      ['postgres', server.url],
    ] as const) {
      const store = await openStore(spec)
      const rate = await fillDay(store)
      await store.close()
      figures.push({
        name: `history write, 1M records of a day (${kind})`,
        value: rate,
        unit: 'records/s',
        target: 1,
      })
      for (const by of ['queue', 'agent'] as const) {
        const seconds = reportSeconds(spec, by)
        figures.push(
          {
            name: `routewright report, 1M records, 15m, by ${by} (${kind}), CPU`,
            value: seconds.cpu,
            unit: 's',
            target: 2,
          },
          {
            name: `routewright report, 1M records, 15m, by ${by} (${kind}), wall`,
            value: seconds.wall,
            unit: 's',
            target: 2,
          },
        )
      }
    }
    return figures
  } finally {
    await server.destroy()
    rmSync(folder, { recursive: true, force: true })
  }
}
