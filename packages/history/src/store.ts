// The history store: one interface over SQLite and PostgreSQL; opened from `sqlite:FILE` or `postgres://...`.
import { existsSync, statSync } from 'node:fs'
import path from 'node:path'
import { describeKind } from '@routewright/node-support/read'
import { isPostgresStore } from '@routewright/node-support/store-url'
import { statDeltas, upsertStats } from './interval-stats.ts'
import { HistoryItemError, historyItemProblem } from './item-check.ts'
import { checkSchema, migrate, SchemaVersionError } from './migrations.ts'
import type { AgentStateRecord, HandlingRecord, HistoryItem, InteractionRecord } from './record.ts'
import {
  passwordSplitsUrl,
  QueryTimeoutError,
  redactUrl,
  type SqlColumn,
  type SqlDatabase,
  withoutParams,
} from './sql-database.ts'

export interface TimeRange {
  /** Inclusive, ms since the epoch. */
  from: number
  /** Exclusive. */
  to: number
}

export interface HistoryStore {
  /** `sqlite:/path/file.db` or the PostgreSQL URL without its password. */
  readonly describe: string
  /** The SQL database under the store; reports query it. */
  readonly database: SqlDatabase
  /** Writes a batch in one transaction per table; an item already there (same key) is kept once. */
  write(items: readonly HistoryItem[]): Promise<void>
  /**
   * Whether a failed `write` was the store refusing the data (a constraint, a value it cannot hold) while it answers,
   * rather than being out of reach: the error is not an outage by the driver's error class, and `SELECT 1` answers.
   */
  refused(error: unknown): Promise<boolean>
  /** Interaction records that arrived in the range, oldest first. */
  interactions(range: TimeRange, limit?: number): Promise<InteractionRecord[]>
  handling(range: TimeRange): Promise<HandlingRecord[]>
  agentStates(range: TimeRange): Promise<AgentStateRecord[]>
  close(): Promise<void>
}

/** A store location people can mistype: the message says what is accepted. */
export class StoreSpecError extends Error {
  override name = 'StoreSpecError'
  constructor(
    message: string,
    options?: ErrorOptions & {
      /** What to run or change, for a host to print as its hint; absent when the message says it. */
      fix?: string
    },
  ) {
    super(message, options)
    this.fix = options?.fix
  }
  readonly fix: string | undefined
}

/** How a SQLite history file comes to be, in the commands a user runs (not the API that records one). */
const SQLITE_STORE_FIX =
  'Record one with routewright simulate <strategy-file> --arrivals 120/h --aht 180 --store sqlite:FILE (or serve --store sqlite:FILE), then give that file'

/** Columns as `name:type` (text when no type), in the order the row functions below give the values. */
const columns = (list: string): SqlColumn[] =>
  list.split(' ').map((spec) => {
    const [name, type] = spec.split(':')
    return { name: name as string, type: (type ?? 'text') as SqlColumn['type'] }
  })
const INTERACTION_COLUMNS = columns(
  'key router id strategy strategy_version media arrived_at:time answered_at:time finished_at:time outcome ' +
    'wait_ms:real agent target queue grp node priority:int destination detail abandon_reason overflow_queue overflow_grp',
)
const HANDLING_COLUMNS = columns(
  'key router interaction agent media started_at:time ended_at:time ended_by strategy queue grp node truncated:int ' +
    'transferred_to disposition',
)
const AGENT_STATE_COLUMNS = columns('key router agent media state at:time groups reason set_by supervisor')

const ms = (at: number) => Math.round(at)

function interactionRow(r: InteractionRecord): unknown[] {
  const detail = {
    path: r.path,
    segments: r.segments,
    reservations: r.reservations,
    data: r.data,
    ...(r.selection ? { selection: r.selection } : {}),
    // in the JSON column: no migration, and older rows read back without it
    ...(r.truncated ? { truncated: true } : {}),
    // the reason has its own column (reports count by it); the note stays here
    ...(r.abandonNote === undefined ? {} : { abandonNote: r.abandonNote }),
  }
  return [
    `${r.router}/${r.id}/${ms(r.finishedAt)}`,
    r.router,
    r.id,
    r.strategy,
    r.strategyVersion,
    r.media,
    ms(r.arrivedAt),
    r.answeredAt === undefined ? null : ms(r.answeredAt),
    ms(r.finishedAt),
    r.outcome,
    r.waitMs,
    r.agent ?? null,
    r.target ?? null,
    r.queue ?? null,
    r.group ?? null,
    r.node ?? null,
    r.priority,
    r.destination ?? null,
    JSON.stringify(detail),
    r.abandonReason ?? null,
    r.overflowQueue ?? null,
    r.overflowGroup ?? null,
  ]
}

function handlingRow(r: HandlingRecord): unknown[] {
  return [
    `${r.router}/${r.interaction}/${ms(r.startedAt)}`,
    r.router,
    r.interaction,
    r.agent,
    r.media,
    ms(r.startedAt),
    ms(r.endedAt),
    r.endedBy,
    r.strategy,
    r.queue ?? null,
    r.group ?? null,
    r.node ?? null,
    r.truncated ? 1 : null,
    r.transferredTo ?? null,
    r.disposition ?? null,
  ]
}

function agentStateRow(r: AgentStateRecord): unknown[] {
  return [
    `${r.router}/${r.agent}/${r.media}/${ms(r.at)}/${r.state}`,
    r.router,
    r.agent,
    r.media,
    r.state,
    ms(r.at),
    r.groups.join(','),
    r.reason ?? null,
    r.by ?? null,
    r.supervisor ?? null,
  ]
}

type Row = Record<string, unknown>
const opt = <T>(value: unknown, as: (v: unknown) => T): T | undefined =>
  value === null || value === undefined ? undefined : as(value)

function toInteraction(row: Row): InteractionRecord {
  const detail = JSON.parse(String(row.detail)) as Pick<
    InteractionRecord,
    'path' | 'segments' | 'reservations' | 'data' | 'selection' | 'truncated' | 'abandonNote'
  >
  const record: InteractionRecord = {
    id: String(row.id),
    router: String(row.router),
    strategy: String(row.strategy),
    strategyVersion: String(row.strategy_version),
    media: String(row.media),
    arrivedAt: Number(row.arrived_at),
    finishedAt: Number(row.finished_at),
    outcome: String(row.outcome),
    waitMs: Number(row.wait_ms),
    priority: Number(row.priority),
    path: detail.path,
    segments: detail.segments,
    reservations: detail.reservations,
    data: detail.data,
  }
  const optional = {
    answeredAt: opt(row.answered_at, Number),
    agent: opt(row.agent, String),
    target: opt(row.target, String),
    queue: opt(row.queue, String),
    group: opt(row.grp, String),
    node: opt(row.node, String),
    destination: opt(row.destination, String),
    selection: detail.selection,
    truncated: detail.truncated === true ? (true as const) : undefined,
    abandonReason: opt(row.abandon_reason, String),
    overflowQueue: opt(row.overflow_queue, String),
    overflowGroup: opt(row.overflow_grp, String),
    abandonNote: detail.abandonNote,
  }
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) (record as unknown as Row)[key] = value
  }
  return record
}

export interface OpenStoreOptions {
  /**
   * For a reader (a report): the schema is checked, not migrated, and a database at another version than this build's
   * throws SchemaVersionError saying how to migrate it; PostgreSQL sessions are read-only, a SQLite file is opened
   * read-only and must exist (StoreSpecError otherwise). Default false.
   */
  readOnly?: boolean
  /**
   * PostgreSQL: how long a new connection waits for the server to answer before it fails (a host that accepts and
   * never answers, a firewall that drops). Default the URL's `connect_timeout` parameter (seconds), else 5 s.
   */
  connectTimeoutMs?: number
  /**
   * PostgreSQL: how long a statement waits for the server's answer before it fails with a QueryTimeoutError (an
   * outage: the writer keeps the batch and writes it again). Default the URL's `query_timeout` parameter (seconds),
   * else 30 s for a writer and 120 s for a reader (QUERY_TIMEOUT_MS); the migrator has none.
   */
  queryTimeoutMs?: number
  /**
   * PostgreSQL: told once, at open, of each setting in the URL's `options` (else PGOPTIONS) that the store's own
   * replaces, so a host says it in its own log (serve's JSON lines, the CLI's stderr). Default console.warn.
   */
  onWarning?: (message: string) => void
}

/** A store over an opened database; the schema is brought up to date first (checked only, when read-only). */
export async function createSqlStore(
  database: SqlDatabase,
  options: OpenStoreOptions = {},
): Promise<HistoryStore> {
  if (options.readOnly) await checkSchema(database)
  else await migrate(database)
  return {
    describe: database.describe,
    database,
    async write(items) {
      // items may come from files (spool, dead-letter replay): a bad one is a clear refusal, not a TypeError
      for (const [index, item] of items.entries()) {
        const problem = historyItemProblem(item)
        if (problem !== undefined)
          throw new HistoryItemError(`history item ${index + 1} of ${items.length}: ${problem}`)
      }
      const interactions: InteractionRecord[] = []
      const handlings: HandlingRecord[] = []
      const states: unknown[][] = []
      for (const item of items) {
        if (item.kind === 'interaction') interactions.push(item.record)
        else if (item.kind === 'handling') handlings.push(item.record)
        else states.push(agentStateRow(item.record))
      }
      await database.transaction(async (tx) => {
        const interactionRows = interactions.map(interactionRow)
        const handlingRows = handlings.map(handlingRow)
        const newInteractions = await tx.insertNew('interactions', INTERACTION_COLUMNS, interactionRows)
        const newHandlings = await tx.insertNew('handling', HANDLING_COLUMNS, handlingRows)
        await tx.insertNew('agent_states', AGENT_STATE_COLUMNS, states)
        // only what was new counts in the slots: a batch written again after a crash adds nothing
        const deltas = statDeltas(
          interactions.filter((_, i) => newInteractions.has(interactionRows[i]?.[0] as string)),
          handlings.filter((_, i) => newHandlings.has(handlingRows[i]?.[0] as string)),
        )
        await upsertStats(tx, deltas)
      })
    },
    async refused(error) {
      if (database.isOutage(error)) return false
      try {
        await database.all('SELECT 1')
        return true
      } catch {
        return false
      }
    },
    async interactions({ from, to }, limit = 100_000) {
      const rows = await database.all<Row>(
        'SELECT * FROM interactions WHERE arrived_at >= ? AND arrived_at < ? ORDER BY arrived_at, key LIMIT ?',
        [from, to, limit],
      )
      return rows.map(toInteraction)
    },
    async handling({ from, to }) {
      const rows = await database.all<Row>(
        'SELECT * FROM handling WHERE ended_at >= ? AND ended_at < ? ORDER BY ended_at, key',
        [from, to],
      )
      return rows.map((row) => {
        const record: HandlingRecord = {
          interaction: String(row.interaction),
          router: String(row.router),
          agent: String(row.agent),
          media: String(row.media),
          startedAt: Number(row.started_at),
          endedAt: Number(row.ended_at),
          endedBy: row.ended_by === 'transferred' ? 'transferred' : 'completed',
          strategy: String(row.strategy),
        }
        if (row.queue !== null) record.queue = String(row.queue)
        if (row.grp !== null) record.group = String(row.grp)
        if (row.node !== null) record.node = String(row.node)
        if (Number(row.truncated) === 1) record.truncated = true
        // rows written before 0009 have no target (NULL), nor have transfers the host gave none
        const to = opt(row.transferred_to, String)
        if (to !== undefined) record.transferredTo = to
        // rows written before 0012, and completes that gave none, have no disposition (NULL)
        const disposition = opt(row.disposition, String)
        if (disposition !== undefined) record.disposition = disposition
        return record
      })
    },
    async agentStates({ from, to }) {
      const rows = await database.all<Row>(
        'SELECT * FROM agent_states WHERE at >= ? AND at < ? ORDER BY at, key',
        [from, to],
      )
      return rows.map((row) => {
        const record: AgentStateRecord = {
          router: String(row.router),
          agent: String(row.agent),
          media: String(row.media),
          state: String(row.state),
          at: Number(row.at),
          groups: String(row.groups) === '' ? [] : String(row.groups).split(','),
        }
        // rows written before 0004 have no reason (NULL)
        const reason = opt(row.reason, String)
        if (reason !== undefined) record.reason = reason
        // rows written before 0009 do not say who set the state (NULL)
        const by = opt(row.set_by, String)
        if (by !== undefined) record.by = by
        // nor rows written before 0010 who the supervisor was (NULL)
        const supervisor = opt(row.supervisor, String)
        if (supervisor !== undefined) record.supervisor = supervisor
        return record
      })
    },
    close: () => database.close(),
  }
}

/**
 * Opens the database a store location names, without touching its schema (`routewright history migrate` reads the
 * version before it migrates). Throws StoreSpecError for a location that is neither.
 */
export async function openDatabase(
  spec: string,
  cwd = process.cwd(),
  options: OpenStoreOptions = {},
): Promise<SqlDatabase> {
  if (spec.startsWith('sqlite:')) {
    const file = spec.slice('sqlite:'.length)
    if (file === '') throw new StoreSpecError('sqlite: needs a file name, e.g. sqlite:history.db')
    // each driver loads only for its own kind of store (a SQLite report never loads pg)
    const target = file === ':memory:' ? file : path.resolve(cwd, file)
    // a reader never creates the file: a mistyped path would otherwise leave an empty database behind
    if (options.readOnly && target !== ':memory:' && !existsSync(target)) {
      throw new StoreSpecError(
        `There is no history at ${target} (no such file): give the SQLite file serve --store or simulate --store records into`,
        { fix: SQLITE_STORE_FIX },
      )
    }
    // SQLite would read a device or a pipe as an empty database (and writing one is worse): refuse it by name
    const info = target === ':memory:' ? undefined : statSync(target, { throwIfNoEntry: false })
    if (info && !info.isFile()) {
      throw new StoreSpecError(
        `${target} is ${describeKind(info)}, not a SQLite file: give the file serve --store or simulate --store records into`,
        { fix: SQLITE_STORE_FIX },
      )
    }
    const { openSqliteDatabase } = await import('./sqlite-database.ts')
    try {
      return openSqliteDatabase(target, { readOnly: options.readOnly === true })
    } catch (error) {
      // the same mistake as a folder given for the file: a location that is no store, refused as one (exit 2)
      if ((error as { code?: unknown } | null)?.code === 'SQLITE_NOTADB')
        throw new StoreSpecError((error as Error).message, { cause: error })
      throw error
    }
  }
  if (isPostgresStore(spec)) {
    // the driver would connect to the password's start, taken for the host, and name it in its errors
    if (passwordSplitsUrl(spec))
      throw new StoreSpecError(
        `${redactUrl(spec)}: the password holds a "/", "?" or "#", where the host part would end: percent-encode it (%2F for /)`,
      )
    const { openPostgresDatabase } = await import('./postgres-database.ts')
    return openPostgresDatabase(spec, {
      readOnly: options.readOnly === true,
      ...(options.connectTimeoutMs !== undefined ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
      ...(options.queryTimeoutMs !== undefined ? { queryTimeoutMs: options.queryTimeoutMs } : {}),
      ...(options.onWarning ? { onWarning: options.onWarning } : {}),
    })
  }
  throw new StoreSpecError(
    `"${spec}" is not a store: use sqlite:FILE (e.g. sqlite:history.db) or postgres://user@host:5432/db`,
  )
}

/**
 * Opens a store from `sqlite:FILE` (relative to `cwd`), `sqlite::memory:`, or `postgres://user@host:port/db`.
 * @example await openStore('sqlite:history.db')
 */
export async function openStore(
  spec: string,
  cwd = process.cwd(),
  options: OpenStoreOptions = {},
): Promise<HistoryStore> {
  const database = await openDatabase(spec, cwd, options)
  try {
    return await createSqlStore(database, options)
  } catch (error) {
    await database.close().catch(() => {})
    if (error instanceof SchemaVersionError || database.dialect === 'sqlite') throw error
    let reason = error instanceof Error ? error.message : String(error)
    // connected, then no answer to the schema's read: said as it is (not as a connection that never answered), the
    // server named once, by the line below
    if (error instanceof QueryTimeoutError) reason = `no answer ${error.reason}`
    else if (database.isOutage(error)) {
      // the server did not answer or refused the connection: said as the CLI's up-front check says it
      const { connectTimeoutOf, connectionProblem } = await import('./postgres-reach.ts')
      const problem = connectionProblem(error, spec, options.connectTimeoutMs ?? connectTimeoutOf(spec))
      reason = `${problem.cause}. ${problem.fix}`
    }
    // the time limits in the URL add nothing here: a reason about a wait says how long it waited
    const at = withoutParams(redactUrl(spec), ['connect_timeout', 'query_timeout'])
    throw new Error(`Could not open the history at ${at}: ${reason}`, { cause: error })
  }
}
