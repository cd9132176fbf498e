// What the store costs a deployment: `routewright serve --store sqlite:FILE` and `--store postgres://...` against
// `serve` with no store, driven over HTTP at 1,000 interactions per second (open loop) by serve-load.mjs, each routed
// interaction then confirmed and completed over HTTP so every one finishes and is recorded. The same workload in all
// three modes, interleaved rounds (off, sqlite, postgres) x 3, the median of each; then the same at saturation (submits
// as fast as 64 keep-alive connections take them), the highest rate the machine sustains. Throughput is routed interactions
// per CPU second of the whole serve process (/proc/<pid>/stat: every thread, the history writer's and the database
// driver's included), beside submit -> routed p99. After each round the store is counted: exactly one interaction
// row and one handling row per finished interaction, so the ratio cannot pass with records missing.
// store-throughput.bench.ts keeps the embedded figure (simulate routing a day in a fraction of a second).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { openStore } from '@routewright/history'
import { startPostgresServer } from '@routewright/node-support/testing'
import { type BenchFigure, median, percentile } from '../../../bench/result.ts'
import {
  INTERACTIONS,
  readyAgents,
  runLoad,
  WARMUP,
  workspaceFolder,
} from '../../server/bench/serve.bench.ts'
import { startServeProcess } from '../../server/test/serve-process.ts'

const MODES = ['off', 'sqlite', 'postgres'] as const
type Mode = (typeof MODES)[number]
const ROUNDS = 3
/** The routing-server benchmarks' offered load, then submits as fast as the 64 connections take them (saturation). */
const RATES = [1000, 1_000_000] as const

interface Round {
  /** Routed interactions per CPU second of the serve process. */
  perCpu: number
  p99: number
  /** Routed per wall second, to the last completion. */
  rate: number
}

/** Counts the store's interaction and handling rows; both must be one per finished interaction. */
async function checkRows(spec: string, finished: number): Promise<void> {
  const store = await openStore(spec)
  try {
    const rows = await store.database.all<{ interactions: number; handling: number }>(
      'SELECT (SELECT COUNT(*) FROM interactions) AS interactions, (SELECT COUNT(*) FROM handling) AS handling',
    )
    const { interactions, handling } = rows[0] ?? { interactions: 0, handling: 0 }
    if (Number(interactions) !== finished || Number(handling) !== finished)
      throw new Error(
        `${spec}: ${interactions} interaction and ${handling} handling rows for ${finished} finished interactions`,
      )
  } finally {
    await store.close()
  }
}

/** One serve process driven at `rate` per second; `spec` is its store (a new, empty one), none when off. */
async function measure(dir: string, spec: string | undefined, spool: string, rate: number): Promise<Round> {
  const store = spec ? ['--store', spec, '--store-spool', spool] : []
  const server = await startServeProcess(dir, ['--log-level', 'warn', ...store])
  let load: Awaited<ReturnType<typeof runLoad>>
  try {
    const pid = server.child.pid
    if (pid === undefined) throw new Error('serve did not start')
    await readyAgents(server.url)
    load = await runLoad(server.url, { finish: true, pid, rate })
  } finally {
    // a graceful stop: the recorder writes what it still holds before the process exits
    await server.kill('SIGTERM')
  }
  const latencies = load.latencies.filter((l): l is number => l !== null).sort((a, b) => a - b)
  if (load.statuses['201'] !== INTERACTIONS || latencies.length !== INTERACTIONS)
    throw new Error(
      `${latencies.length} of ${INTERACTIONS} routed, submits answered ${JSON.stringify(load.statuses)}`,
    )
  if (load.finished !== INTERACTIONS) throw new Error(`${load.finished} of ${INTERACTIONS} finished`)
  if (spec) await checkRows(spec, INTERACTIONS + WARMUP)
  return {
    perCpu: INTERACTIONS / (load.serverCpuMs / 1000),
    p99: percentile(latencies, 0.99),
    rate: INTERACTIONS / load.seconds,
  }
}

/** Interleaved rounds (off, sqlite, postgres) x ROUNDS at `rate`, each store fresh; `createDatabase` makes the PostgreSQL ones. */
async function rounds(
  dir: string,
  folder: string,
  postgresUrl: string,
  rate: number,
  createDatabase: (name: string) => Promise<void>,
): Promise<Record<Mode, Round[]>> {
  const result: Record<Mode, Round[]> = { off: [], sqlite: [], postgres: [] }
  // interleaved so the neighbours' load falls on every mode alike; a fresh store per round, counted after it
  for (let round = 0; round < ROUNDS; round++) {
    const name = `serve_store_${rate}_${round}`
    await createDatabase(name)
    const specs: Record<Mode, string | undefined> = {
      off: undefined,
      sqlite: `sqlite:${path.join(folder, `${name}.db`)}`,
      postgres: postgresUrl.replace(/\/postgres$/, `/${name}`),
    }
    for (const mode of MODES)
      result[mode].push(
        await measure(dir, specs[mode], path.join(folder, `${mode}-${name}.pending.jsonl`), rate),
      )
  }
  console.log(`serve-store rounds at ${rate}/s offered: ${JSON.stringify(result)}`)
  return result
}

/** The figures of one offered rate: medians of the rounds. */
function figures(result: Record<Mode, Round[]>, rate: number): BenchFigure[] {
  const perCpu = (mode: Mode) => median(result[mode].map((r) => r.perCpu))
  const p99 = (mode: Mode) => median(result[mode].map((r) => r.p99))
  const saturated = rate > 100_000
  const load = saturated ? 'saturated' : `${rate.toLocaleString('en')}/s`
  return [
    {
      name: `serve, store off: routed per CPU second of the serve process (${load})`,
      value: perCpu('off'),
      unit: 'interactions/s',
      target: 1,
    },
    ...(saturated
      ? MODES.map((mode) => ({
          name: `serve, store ${mode}: routed per wall second (saturated, each confirmed and completed)`,
          value: median(result[mode].map((r) => r.rate)),
          unit: 'interactions/s',
          target: 1,
        }))
      : [
          {
            name: `serve, store off: submit -> routed p99 (${load})`,
            value: p99('off'),
            unit: 'ms',
            target: 5,
          },
        ]),
    ...(['sqlite', 'postgres'] as const).flatMap((mode) => [
      {
        name: `serve with the ${mode} store / store off (routed per serve process CPU second, ${load})`,
        value: perCpu(mode) / perCpu('off'),
        unit: 'ratio',
        target: 0.8,
        higherIsBetter: true,
      },
      ...(saturated
        ? []
        : [
            {
              name: `serve with the ${mode} store: submit -> routed p99 (${load})`,
              value: p99(mode),
              unit: 'ms',
              target: 5,
              ratio: p99(mode) / p99('off'),
            },
          ]),
    ]),
  ]
}

export async function runServeStoreBench(): Promise<BenchFigure[]> {
  const folder = mkdtempSync(path.join(tmpdir(), 'rw-serve-store-'))
  const dir = workspaceFolder()
  const postgres = await startPostgresServer({ durable: true })
  try {
    const admin = await openStore(postgres.url)
    try {
      const createDatabase = async (name: string) => {
        await admin.database.all(`CREATE DATABASE ${name}`)
      }
      const out: BenchFigure[] = []
      for (const rate of RATES)
        out.push(...figures(await rounds(dir, folder, postgres.url, rate, createDatabase), rate))
      return out
    } finally {
      await admin.close()
    }
  } finally {
    await postgres.destroy()
    rmSync(dir, { recursive: true, force: true })
    rmSync(folder, { recursive: true, force: true })
  }
}
