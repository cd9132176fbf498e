// Test fixture of the Reports tests (the server's API and the e2e view): a simulated morning recorded into a real
// SQLite store, as `simulate` writes records, so each test compares what it reads with the simulation's figures.
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import {
  type HandlingRecord,
  type InteractionRecord,
  openStore,
  recordSimulation,
} from '@routewright/history'
import { agentStateRows } from '@routewright/history/testing'
import { parseDirectory, parseStrategy } from '@routewright/strategy-dsl'
import type { AbandonReason, SimulationResult } from '@routewright/strategy-runtime'

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

/**
 * State changes of three agents of the pool the simulation routes nothing to (n1-n3: the simulated a1-a3 handle
 * calls, which make them busy, docs/figures.md "Busy", logged in ready all morning), hand-computed for
 * MORNING_START to +2 h in 1 h intervals. Not ready: hour 1 lunch n1 40 min (1 entry), no-answer n2 2 min (1); hour 2
 * lunch n1 20 min and n3 20 min, still open at the end (1 entry, 2 agents). n3 also wraps up 5 min (00:50) and has
 * an offer ringing 1 min (01:10), so over the 2 h: n3 ready 94 min, not ready 20, reserved 1, wrap-up 5.
 */
export const MORNING_NOT_READY: ReadonlyArray<
  [agent: string, minute: number, state: string, reason?: string]
> = [
  ['n1', 0, 'ready'],
  ['n2', 0, 'ready'],
  ['n3', 0, 'ready'],
  ['n1', 20, 'not-ready', 'lunch'],
  ['n2', 30, 'not-ready', 'no-answer'],
  ['n2', 32, 'ready'],
  ['n1', 80, 'ready'],
  ['n3', 50, 'after-call-work'],
  ['n3', 55, 'ready'],
  ['n3', 70, 'reserved'],
  ['n3', 71, 'ready'],
  ['n3', 100, 'not-ready', 'lunch'],
]

/**
 * Writes MORNING_NOT_READY into the store a recordMorning wrote, each row with who set it: the no-answer by the
 * router's timeout (a RONA), the rest by the host.
 */
export async function recordNotReady(store: string): Promise<void> {
  const opened = await openStore(store)
  try {
    const row = agentStateRows({ start: MORNING_START, router: 'sim', groups: ['pool'] })
    await opened.write(
      MORNING_NOT_READY.map(([agent, minute, state, reason]) =>
        row(agent, minute, state, { reason, by: reason === 'no-answer' ? 'timeout' : 'host' }),
      ),
    )
  } finally {
    await opened.close()
  }
}

/**
 * Abandons with the host's reasons in the hour after the morning (MORNING_START + 2 h to + 3 h, so the morning's
 * figures stay the simulation's), queue `queue:front` of strategy `front`: [id, minute, wait in seconds, reason,
 * note]. Hand-computed: 5 abandoned, caller hang-up 2, queue time-out 1, host 1, no reason 1; short within 5 s: 2
 * (c1, c4), within 10 s: 3 (and c5).
 */
export const MORNING_ABANDONS: ReadonlyArray<
  [id: string, minute: number, waitSeconds: number, reason?: AbandonReason, note?: string]
> = [
  ['c1', 125, 3, 'caller-hangup', 'CANCEL'],
  ['c2', 130, 20, 'caller-hangup'],
  ['c3', 135, 120, 'queue-timeout', '408'],
  ['c4', 170, 4, 'host'],
  ['c5', 175, 8],
]

/** London's repeated hour: 01:30 GMT on 25 October 2026 (the second 01:30 of the day), far from the morning. */
export const AUTUMN_ABANDON = Date.UTC(2026, 9, 25, 1, 30)

/**
 * Writes MORNING_ABANDONS into the store a recordMorning wrote, and with `autumn` one more abandon (c6, 10 s, at
 * AUTUMN_ABANDON), so a report of London's 25-hour day has a row.
 */
export async function recordAbandons(store: string, autumn = false): Promise<void> {
  const opened = await openStore(store)
  const abandons = autumn
    ? [...MORNING_ABANDONS, ['c6', (AUTUMN_ABANDON - MORNING_START) / 60_000, 10] as const]
    : MORNING_ABANDONS
  try {
    await opened.write(
      abandons.map(([id, minute, waitSeconds, reason, note]) => {
        const arrivedAt = MORNING_START + minute * 60_000
        const record: InteractionRecord = {
          id,
          router: 'sim',
          strategy: 'front',
          strategyVersion: 'v1',
          media: 'voice',
          arrivedAt,
          finishedAt: arrivedAt + waitSeconds * 1000,
          outcome: 'abandoned',
          waitMs: waitSeconds * 1000,
          queue: 'queue:front',
          priority: 0,
          path: [],
          segments: [],
          reservations: [],
          data: {},
        }
        if (reason !== undefined) record.abandonReason = reason
        if (note !== undefined) record.abandonNote = note
        return { kind: 'interaction' as const, record }
      }),
    )
  } finally {
    await opened.close()
  }
}

/** The day before the morning, 10:00 UTC: TRANSFERS' hour, apart from every other figure of the fixture. */
export const TRANSFERS_START = MORNING_START - 22 * HOUR

/**
 * Handlings of n1 in TRANSFERS_START's hour ([interaction, minute, where to]), each 3 min: two transferred to
 * queue:billing, one transferred without saying where, one completed. Hand-computed: n1 3 transfers, 2 to
 * queue:billing and 1 (unknown).
 */
export const TRANSFERS: ReadonlyArray<[id: string, minute: number, to: string | null | undefined]> = [
  ['t1', 5, 'queue:billing'],
  ['t2', 15, null],
  ['t3', 25, 'queue:billing'],
  ['t4', 35, undefined],
]

/** Writes TRANSFERS (`null`: transferred, nowhere said; `undefined`: completed) into a recorded store. */
export async function recordTransfers(store: string): Promise<void> {
  const opened = await openStore(store)
  try {
    await opened.write(
      TRANSFERS.map(([interaction, minute, to]) => {
        const startedAt = TRANSFERS_START + minute * 60_000
        const record: HandlingRecord = {
          interaction,
          router: 'sim',
          agent: 'n1',
          media: 'voice',
          startedAt,
          endedAt: startedAt + 3 * 60_000,
          endedBy: to === undefined ? 'completed' : 'transferred',
          strategy: 'pool',
        }
        if (typeof to === 'string') record.transferredTo = to
        return { kind: 'handling' as const, record }
      }),
    )
  } finally {
    await opened.close()
  }
}

/** The day before the morning, 11:00 UTC: DISPOSITIONS' hour, after TRANSFERS' and apart from every other figure. */
export const DISPOSITIONS_START = MORNING_START - 21 * HOUR

/**
 * Completed handlings of n2 in DISPOSITIONS_START's hour ([interaction, minute, talk seconds, wrap-up code]).
 * Hand-computed: sale 2 (AHT 150 s), (none) 1 (30 s), callback-needed 1 (60 s).
 */
export const DISPOSITIONS: ReadonlyArray<[id: string, minute: number, seconds: number, code?: string]> = [
  ['d1', 5, 100, 'sale'],
  ['d2', 10, 200, 'sale'],
  ['d3', 20, 60, 'callback-needed'],
  ['d4', 30, 30],
]

/** Writes DISPOSITIONS into a recorded store, as serve records a complete with (or without) a disposition. */
export async function recordDispositions(store: string): Promise<void> {
  const opened = await openStore(store)
  try {
    await opened.write(
      DISPOSITIONS.map(([interaction, minute, seconds, code]) => {
        const startedAt = DISPOSITIONS_START + minute * 60_000
        const record: HandlingRecord = {
          interaction,
          router: 'sim',
          agent: 'n2',
          media: 'voice',
          startedAt,
          endedAt: startedAt + seconds * 1000,
          endedBy: 'completed',
          strategy: 'pool',
        }
        if (code !== undefined) record.disposition = code
        return { kind: 'handling' as const, record }
      }),
    )
  } finally {
    await opened.close()
  }
}
