// Small factories for history items, and the two real stores the contract tests run on.
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import {
  type AgentStateRecord,
  type HandlingRecord,
  type HistoryStore,
  type InteractionRecord,
  openPostgresDatabase,
  openStore,
  recordSimulation,
} from '@routewright/history'
import { type PostgresServer, startPostgresServer, testFolder } from '@routewright/node-support/testing'
import type { SimulationOptions, SimulationResult } from '@routewright/strategy-runtime'
import { afterAll, beforeAll, expect, inject, onTestFinished } from 'vitest'

export const DAY = Date.UTC(2026, 2, 2)
export const MIN = 60_000

export function interaction(overrides: Partial<InteractionRecord> = {}): InteractionRecord {
  const arrivedAt = overrides.arrivedAt ?? DAY + 10 * MIN
  return {
    id: 'i1',
    router: 'r1',
    strategy: 'pool',
    strategyVersion: 'abc123',
    media: 'voice',
    arrivedAt,
    answeredAt: arrivedAt + 5000,
    finishedAt: arrivedAt + 5000,
    outcome: 'routed',
    waitMs: 5000,
    agent: 'ann',
    target: 'group:support',
    queue: 'group:support',
    group: 'group:support',
    node: 'pool/pick',
    priority: 0,
    path: [{ strategy: 'pool', node: 'pick', at: arrivedAt }],
    segments: [
      {
        strategy: 'pool',
        node: 'pick',
        targets: ['group:support'],
        priority: 0,
        entered: arrivedAt,
        left: arrivedAt + 5000,
        result: 'routed',
      },
    ],
    reservations: [{ at: arrivedAt + 5000, agent: 'ann', target: 'group:support', result: 'confirmed' }],
    selection: {
      node: 'pick',
      rule: 'longest idle',
      reason: 'ann',
      winner: 'ann',
      candidates: 2,
      excluded: {},
    },
    data: { tier: 'gold' },
    ...overrides,
  }
}

/** An interaction the caller abandoned: `interaction`'s, without the answer, agent, target and selection. */
export function abandoned(overrides: Partial<InteractionRecord> = {}): InteractionRecord {
  const {
    answeredAt: _answeredAt,
    agent: _agent,
    target: _target,
    selection: _selection,
    ...record
  } = interaction({ outcome: 'abandoned', ...overrides })
  return record
}

export function handling(overrides: Partial<HandlingRecord> = {}): HandlingRecord {
  return {
    interaction: 'i1',
    router: 'r1',
    agent: 'ann',
    media: 'voice',
    startedAt: DAY + 10 * MIN,
    endedAt: DAY + 13 * MIN,
    endedBy: 'completed',
    strategy: 'pool',
    queue: 'group:support',
    group: 'group:support',
    node: 'pool/pick',
    ...overrides,
  }
}

export function agentState(overrides: Partial<AgentStateRecord> = {}): AgentStateRecord {
  return { router: 'r1', agent: 'ann', media: '', state: 'ready', at: DAY, groups: ['support'], ...overrides }
}

export interface StoreKind {
  name: 'sqlite' | 'postgres'
  /** The address of a fresh, empty store (for what opens it itself: a recorder's writer thread). */
  address(): Promise<string>
  /** A fresh, empty store. */
  open(): Promise<HistoryStore>
  /** Stops servers and removes files. */
  cleanup(): Promise<void>
  server?: PostgresServer
}

export function sqliteKind(): StoreKind {
  const folder = mkdtempSync(path.join(tmpdir(), 'routewright-history-'))
  let n = 0
  const address = async () => `sqlite:${path.join(folder, `h${++n}.db`)}`
  return {
    name: 'sqlite',
    address,
    open: async () => openStore(await address()),
    async cleanup() {
      rmSync(folder, { recursive: true, force: true })
    },
  }
}

/**
 * A new, empty database on the project's one PostgreSQL cluster (node-support's postgres-cluster-setup, a global
 * setup of this project); its URL. A name no other file (or worker) picks: they share the cluster.
 */
export async function freshPostgresDatabase(): Promise<string> {
  const url = inject('postgresUrl')
  // a bare connection: openStore would migrate the shared `postgres` database, which other files do at once
  const admin = openPostgresDatabase(url)
  const name = `t_${randomUUID().replaceAll('-', '')}`
  try {
    await admin.all(`CREATE DATABASE ${name}`)
  } finally {
    await admin.close()
  }
  return url.replace(/\/postgres$/, `/${name}`)
}

export async function postgresKind(): Promise<StoreKind> {
  return {
    name: 'postgres',
    // a database per store, so each test starts empty
    address: freshPostgresDatabase,
    open: async () => openStore(await freshPostgresDatabase()),
    // the cluster is the project's: its global setup stops it
    cleanup: async () => {},
  }
}

/** The two back ends for `describe.each`: the name (the title's `%s`) and the factory of its kind. */
export const STORE_KINDS = [
  ['sqlite', async () => sqliteKind()],
  ['postgres', postgresKind],
] as const

/**
 * `options` simulated and recorded (recordSimulation) into a fresh store of `make`'s kind, for the running test (call
 * it inside a test): all written, nothing dropped, no problems. The store is closed and its files removed when the
 * test finishes; the spool is in a testFolder (kept, its path printed, when the test fails).
 */
export async function recordedSimulation(
  make: () => Promise<StoreKind>,
  options: SimulationOptions,
): Promise<{ store: HistoryStore; result: SimulationResult }> {
  const kind = await make()
  const store = await kind.open()
  onTestFinished(async () => {
    await store.close()
    await kind.cleanup()
  })
  const spoolFile = path.join(testFolder(`routewright-${kind.name}-spool-`), 'pending.jsonl')
  const { result, counters } = await recordSimulation(store, options, { spoolFile })
  expect(counters).toMatchObject({ pending: 0, dropped: 0 })
  expect(result.problems).toEqual([])
  return { store, result }
}

export interface PostgresForFile {
  /** The file's own cluster, with `ownServer` (to stop and start it); otherwise it is the project's: not here. */
  readonly server: PostgresServer
  readonly store: HistoryStore
  /** A temporary folder for the file's spools, removed after its tests. */
  readonly folder: string
}

/**
 * A store on a database of its own and a temporary folder for one test file. Call once at its top level. The
 * database is on the project's shared cluster, unless `ownServer` (a test that stops the server): then on a cluster
 * of the file's own.
 */
export function postgresForFile(
  folderPrefix: string,
  options: { ownServer?: boolean } = {},
): PostgresForFile {
  let started: { server: PostgresServer | undefined; store: HistoryStore; folder: string } | undefined
  let server: PostgresServer | undefined
  let store: HistoryStore | undefined
  let folder: string | undefined
  beforeAll(async () => {
    if (options.ownServer) server = await startPostgresServer()
    store = await openStore(server ? server.url : await freshPostgresDatabase())
    folder = mkdtempSync(path.join(tmpdir(), folderPrefix))
    started = { server, store, folder }
  })
  afterAll(async () => {
    await store?.close()
    await server?.destroy()
    if (folder) rmSync(folder, { recursive: true, force: true })
  })
  const get = () => {
    if (!started) throw new Error('postgresForFile(): started in beforeAll; read it inside a test or hook')
    return started
  }
  return {
    get server() {
      const { server } = get()
      if (!server)
        throw new Error("postgresForFile(): the server is the project's; pass { ownServer: true } to stop it")
      return server
    },
    get store() {
      return get().store
    },
    get folder() {
      return get().folder
    },
  }
}
