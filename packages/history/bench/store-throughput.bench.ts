// Routing throughput with the store on (SQLite, PostgreSQL) as a ratio to the store off, in the same run: the same
// simulated day routed with and without records, the final flush included.
// Throughput is given per CPU second of the routing process (what the store costs the router's thread, since the
// writer works off the decision path) and per wall second with the final flush waited for (the DB's work too).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { type HistoryStore, openStore, recordSimulation } from '@routewright/history'
import { startPostgresServer } from '@routewright/node-support/testing'
import type { DirectoryDocument, StrategyDocument } from '@routewright/strategy-dsl'
import { type SimulationOptions, simulate } from '@routewright/strategy-runtime'
import { cpuMs as cpu, type BenchFigure as Figure } from '../../../bench/result.ts'

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

/** Interactions routed per second of this process's CPU and of wall time, the final flush included. */
async function measure(run: () => Promise<number>): Promise<{ cpu: number; wall: number }> {
  const wall0 = performance.now()
  const cpu0 = cpu()
  const routed = await run()
  return { cpu: routed / ((cpu() - cpu0) / 1000), wall: routed / ((performance.now() - wall0) / 1000) }
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
    // interleaved so the neighbours' load falls on every mode alike; best of three each
    const best: Record<string, { cpu: number; wall: number }> = {}
    for (let round = 0; round < 3; round++) {
      for (const [mode, run] of [
        ['off', off],
        ['sqlite', on(stores.sqlite as HistoryStore)],
        ['postgres', on(stores.postgres as HistoryStore)],
      ] as const) {
        const rate = await measure(run)
        const sofar = best[mode] ?? { cpu: 0, wall: 0 }
        best[mode] = { cpu: Math.max(sofar.cpu, rate.cpu), wall: Math.max(sofar.wall, rate.wall) }
      }
    }
    const base = best.off ?? { cpu: 1, wall: 1 }
    return [
      { name: 'routing, store off (per CPU second)', value: base.cpu, unit: 'interactions/s', target: 1 },
      ...(['sqlite', 'postgres'] as const).flatMap((kind) => [
        {
          name: `routing with the ${kind} store / store off (router CPU)`,
          value: (best[kind]?.cpu ?? 0) / base.cpu,
          unit: 'ratio',
          target: 0.8,
          higherIsBetter: true,
        },
        {
          name: `routing with the ${kind} store / store off (wall, flush waited)`,
          value: (best[kind]?.wall ?? 0) / base.wall,
          unit: 'ratio',
          target: 0.8,
          higherIsBetter: true,
        },
      ]),
    ]
  } finally {
    for (const store of Object.values(stores)) await store.close()
    await server.destroy()
    rmSync(folder, { recursive: true, force: true })
  }
}
