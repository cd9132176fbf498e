// History benchmarks. (1) Routing throughput with the store on (SQLite, PostgreSQL) as a ratio to the store off,
// in the same run: the same simulated day routed with and without records, the final flush included.
// (2) `routewright report` (the built binary) over 1,000,000 records of a day at 15-minute intervals.
// Wall time here: the store's work happens partly in another process (PostgreSQL), which CPU time would hide.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { type HistoryStore, openStore, recordSimulation } from '@routewright/history'
import type { DirectoryDocument, StrategyDocument } from '@routewright/strategy-dsl'
import { type SimulationOptions, simulate } from '@routewright/strategy-runtime'
import Database from 'better-sqlite3'
import pg from 'pg'
import { startPostgresServer } from '../test/postgres-server.ts'

interface Figure {
  name: string
  value: number
  unit: string
  target: number
  ratio?: number
  higherIsBetter?: boolean
}

const repoRoot = path.resolve(import.meta.dirname, '../../..')
const binary = path.join(repoRoot, 'packages/cli/bin/routewright.mjs')
const DAY = Date.UTC(2026, 2, 2)
const RECORDS = 1_000_000

function workload(): SimulationOptions {
  const agents = Object.fromEntries(
    Array.from({ length: 50 }, (_, i) => [`p${i}`, { groups: ['pool'], capacity: { voice: 1 } }]),
  )
  const directory: DirectoryDocument = { directory: 'bench', format: 1, groups: { pool: {} }, agents }
  const strategy = {
    strategy: 'pool',
    format: 1,
    start: 'tag',
    nodes: {
      tag: { type: 'attach', set: { Tier: '"gold"' }, next: 'pick' },
      pick: { type: 'target', targets: [{ group: 'pool' }], wait: '5m', next: { timeout: 'bye' } },
      bye: { type: 'end', outcome: 'default-route' },
    },
  } as unknown as StrategyDocument
  // 45 Erlangs on 50 agents for 12 hours: about 10,800 interactions, most of them waiting a little
  return {
    strategy: 'pool',
    strategies: [strategy],
    directory,
    arrivalsPerHour: 900,
    ahtSeconds: 180,
    durationHours: 12,
    patienceSeconds: 300,
    seed: 5,
  }
}

/** Interactions routed per second of wall time, best of `runs`. */
async function throughput(run: () => Promise<number>, runs: number): Promise<number> {
  let best = 0
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    const routed = await run()
    best = Math.max(best, routed / ((performance.now() - started) / 1000))
  }
  return best
}

export async function runHistoryStoreThroughputBench(): Promise<Figure[]> {
  const folder = mkdtempSync(path.join(tmpdir(), 'routewright-bench-'))
  const server = await startPostgresServer({ durable: true })
  const stores: Record<string, HistoryStore> = {
    sqlite: await openStore(`sqlite:${path.join(folder, 'bench.db')}`),
    postgres: await openStore(server.url),
  }
  try {
    const options = workload()
    const off = async () => simulate(options).offered
    const on = (store: HistoryStore) => async () => {
      const { result, counters } = await recordSimulation(store, options, {
        spoolFile: path.join(folder, 'pending.jsonl'),
      })
      if (counters.pending !== 0) throw new Error(`${counters.pending} records still pending`)
      return result.offered
    }
    // interleaved so the neighbours' load falls on every mode alike
    const rates: Record<string, number> = { off: 0, sqlite: 0, postgres: 0 }
    for (let round = 0; round < 3; round++) {
      rates.off = Math.max(rates.off ?? 0, await throughput(off, 1))
      rates.sqlite = Math.max(rates.sqlite ?? 0, await throughput(on(stores.sqlite as HistoryStore), 1))
      rates.postgres = Math.max(rates.postgres ?? 0, await throughput(on(stores.postgres as HistoryStore), 1))
    }
    const base = rates.off ?? 1
    return [
      { name: 'routing, store off', value: base, unit: 'interactions/s', target: 1 },
      ...(['sqlite', 'postgres'] as const).map((kind) => ({
        name: `routing with the ${kind} store / store off`,
        value: (rates[kind] ?? 0) / base,
        unit: 'ratio',
        target: 0.8,
        higherIsBetter: true,
      })),
    ]
  } finally {
    for (const store of Object.values(stores)) await store.close()
    await server.destroy()
    rmSync(folder, { recursive: true, force: true })
  }
}

// 1,000,000 interactions over a day (a tenth abandoned), 20 queues, 200 agents, and a handling per answer
const rowsSql = (n: string, concat: (a: string, b: string) => string) => ({
  interactions: `SELECT ${concat("'b/'", n)}, 'bench', ${concat("'c'", n)}, ${concat("'s'", `${n} % 5`)}, 'v1', 'voice',
      ${DAY} + ${n} * 86399 / 1000, ${DAY} + ${n} * 86399 / 1000 + (${n} * 7919) % 60000,
      ${DAY} + ${n} * 86399 / 1000 + (${n} * 7919) % 60000,
      CASE WHEN ${n} % 10 = 0 THEN 'abandoned' ELSE 'routed' END, (${n} * 7919) % 60000,
      ${concat("'a'", `${n} % 200`)}, ${concat("'group:q'", `${n} % 20`)}, ${concat("'group:q'", `${n} % 20`)},
      ${concat("'group:q'", `${n} % 20`)}, 'pool/pick', 0, NULL, '{}'`,
  handling: `SELECT ${concat("'h/'", n)}, 'bench', ${concat("'c'", n)}, ${concat("'a'", `${n} % 200`)}, 'voice',
      ${DAY} + ${n} * 86399 / 1000 + (${n} * 7919) % 60000,
      ${DAY} + ${n} * 86399 / 1000 + (${n} * 7919) % 60000 + 60000 + (${n} * 104729) % 240000,
      CASE WHEN ${n} % 50 = 0 THEN 'transferred' ELSE 'completed' END, ${concat("'s'", `${n} % 5`)},
      ${concat("'group:q'", `${n} % 20`)}, ${concat("'group:q'", `${n} % 20`)}, 'pool/pick'`,
})
const INTERACTION_COLUMNS =
  'key, router, id, strategy, strategy_version, media, arrived_at, answered_at, finished_at, outcome, wait_ms, agent, target, queue, grp, node, priority, destination, detail'
const HANDLING_COLUMNS =
  'key, router, interaction, agent, media, started_at, ended_at, ended_by, strategy, queue, grp, node'

function reportSeconds(store: string, by: string): number {
  let best = Number.POSITIVE_INFINITY
  for (let i = 0; i < 3; i++) {
    const started = performance.now()
    const out = execFileSync(
      process.execPath,
      [
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
      ],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    )
    best = Math.min(best, (performance.now() - started) / 1000)
    if (!out.startsWith('interval,key,offered'))
      throw new Error(`unexpected report output: ${out.slice(0, 200)}`)
  }
  return best
}

export async function runHistoryReportBench(): Promise<Figure[]> {
  const folder = mkdtempSync(path.join(tmpdir(), 'routewright-bench-report-'))
  const server = await startPostgresServer({ durable: true })
  try {
    const file = path.join(folder, 'million.db')
    // create the schema through the store (its migrations), then fill it in bulk inside each database
    await (await openStore(`sqlite:${file}`)).close()
    await (await openStore(server.url)).close()
    const sqlite = new Database(file)
    const lite = rowsSql('i', (a, b) => `${a} || ${b}`)
    const series = `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${RECORDS})`
    sqlite.exec(`INSERT INTO interactions (${INTERACTION_COLUMNS}) ${series} ${lite.interactions} FROM n`)
    sqlite.exec(
      `INSERT INTO handling (${HANDLING_COLUMNS}) ${series} ${lite.handling} FROM n WHERE i % 10 <> 0`,
    )
    sqlite.exec('ANALYZE')
    sqlite.close()
    const client = new pg.Client({ connectionString: server.url })
    await client.connect()
    const big = rowsSql('i::bigint', (a, b) => `${a} || (${b})::text`)
    await client.query(
      `INSERT INTO interactions (${INTERACTION_COLUMNS}) ${big.interactions} FROM generate_series(1, ${RECORDS}) AS n(i)`,
    )
    await client.query(
      `INSERT INTO handling (${HANDLING_COLUMNS}) ${big.handling} FROM generate_series(1, ${RECORDS}) AS n(i) WHERE i % 10 <> 0`,
    )
    await client.query('VACUUM ANALYZE')
    await client.end()
    const figures: Figure[] = []
    for (const [kind, store] of [
      ['sqlite', `sqlite:${file}`],
      ['postgres', server.url],
    ] as const) {
      for (const by of ['queue', 'agent'] as const) {
        figures.push({
          name: `routewright report, 1M records, 15m, by ${by} (${kind})`,
          value: reportSeconds(store, by),
          unit: 's',
          target: 2,
        })
      }
    }
    return figures
  } finally {
    await server.destroy()
    rmSync(folder, { recursive: true, force: true })
  }
}
