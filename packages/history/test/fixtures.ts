// Small factories for history items, and the two real stores the contract tests run on.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import {
  type AgentStateRecord,
  type HandlingRecord,
  type HistoryStore,
  type InteractionRecord,
  openStore,
} from '@routewright/history'
import { type PostgresServer, startPostgresServer } from '@routewright/node-support/testing'
import { afterAll, beforeAll } from 'vitest'

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
  /** A fresh, empty store. */
  open(): Promise<HistoryStore>
  /** Stops servers and removes files. */
  cleanup(): Promise<void>
  server?: PostgresServer
}

export function sqliteKind(): StoreKind {
  const folder = mkdtempSync(path.join(tmpdir(), 'routewright-history-'))
  let n = 0
  return {
    name: 'sqlite',
    open: () => openStore(`sqlite:${path.join(folder, `h${++n}.db`)}`),
    async cleanup() {
      rmSync(folder, { recursive: true, force: true })
    },
  }
}

export async function postgresKind(): Promise<StoreKind> {
  const server = await startPostgresServer()
  let n = 0
  return {
    name: 'postgres',
    server,
    async open() {
      // a database per store, so each test starts empty
      const admin = await openStore(server.url)
      const name = `h${++n}`
      await admin.database.all(`CREATE DATABASE ${name}`)
      await admin.close()
      return openStore(server.url.replace(/\/postgres$/, `/${name}`))
    },
    cleanup: () => server.destroy(),
  }
}

export interface PostgresForFile {
  readonly server: PostgresServer
  readonly store: HistoryStore
  /** A temporary folder for the file's spools, removed after its tests. */
  readonly folder: string
}

/** A PostgreSQL cluster, a store on it and a temporary folder for one test file. Call once at its top level. */
export function postgresForFile(folderPrefix: string): PostgresForFile {
  let started: { server: PostgresServer; store: HistoryStore; folder: string } | undefined
  let server: PostgresServer | undefined
  let store: HistoryStore | undefined
  let folder: string | undefined
  beforeAll(async () => {
    server = await startPostgresServer()
    store = await openStore(server.url)
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
      return get().server
    },
    get store() {
      return get().store
    },
    get folder() {
      return get().folder
    },
  }
}
