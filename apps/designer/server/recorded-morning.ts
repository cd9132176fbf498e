// Test fixture of the Reports tests (the server's API and the e2e view): a simulated morning recorded into a real
// SQLite store, as `simulate` writes records, so each test compares what it reads with the simulation's figures.
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { openStore, recordSimulation } from '@routewright/history'
import { parseDirectory, parseStrategy } from '@routewright/strategy-dsl'
import type { SimulationResult } from '@routewright/strategy-runtime'

/** 08:00 UTC on Monday 2026-01-05: the morning's first hour. */
export const MORNING_START = Date.UTC(2026, 0, 5, 8)
export const HOUR = 3_600_000

/** One pool of three agents behind a strategy that tags the interaction (node `tag`), then targets the pool. */
export const MORNING_STRATEGY = `strategy: pool
format: 1
start: tag
nodes:
  tag:
    type: attach
    set: { Source: '"simulated"' }
    next: pick
  pick:
    type: target
    targets: [{ group: pool }]
`
export const MORNING_DIRECTORY = `directory: sim
format: 1
groups:
  pool: {}
agents:
  a1: { groups: [pool] }
  a2: { groups: [pool] }
  a3: { groups: [pool] }
`

export interface MorningLoad {
  arrivalsPerHour: number
  ahtSeconds: number
  seed: number
}

export interface RecordedMorning {
  /** `sqlite:<folder>/day.db` */
  store: string
  result: SimulationResult
}

/**
 * Records two hours from MORNING_START under `load` into `<folder>/day.db` (the folder exists; the caller removes
 * it) and writes the strategy and directory into `<folder>/workspace/` for a designer to open.
 */
export async function recordMorning(folder: string, load: MorningLoad): Promise<RecordedMorning> {
  const workspace = join(folder, 'workspace')
  await mkdir(workspace, { recursive: true })
  await writeFile(join(workspace, 'pool.strategy.yaml'), MORNING_STRATEGY)
  await writeFile(join(workspace, 'sim.directory.yaml'), MORNING_DIRECTORY)
  const store = `sqlite:${join(folder, 'day.db')}`
  const opened = await openStore(store)
  try {
    const { result } = await recordSimulation(
      opened,
      {
        strategy: 'pool',
        strategies: [parseStrategy(MORNING_STRATEGY)],
        directory: parseDirectory(MORNING_DIRECTORY),
        ...load,
        durationHours: 2,
        warmupHours: 0,
        startAt: MORNING_START,
      },
      { spoolFile: join(folder, 'pending.jsonl') },
    )
    return { store, result }
  } finally {
    await opened.close()
  }
}
