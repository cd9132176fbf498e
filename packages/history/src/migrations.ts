// The history's schema as versioned migrations, applied by Kysely's migrator on both dialects. Never edit a
// released migration: add the next one (its name sorts after the others). Lists of columns come from the frozen
// copies in slot-schema.ts, never from the live lists a later change may edit.
import type { Kysely, Migration, MigrationResultSet } from 'kysely'
import {
  MIGRATION_DIMENSION_COLUMNS as DIMENSION_COLUMNS,
  MIGRATION_0001_SERVICE_LEVEL_THRESHOLDS,
  MIGRATION_0005_REASON_COLUMNS,
  MIGRATION_0005_SHORT_ABANDON_THRESHOLDS,
  MIGRATION_0006_REASON_COLUMNS,
  MIGRATION_0006_SHORT_ABANDON_THRESHOLDS,
  MIGRATION_0006_UNQUEUED_COLUMN,
  MIGRATION_0006_WITHIN_T_THRESHOLDS,
  MIGRATION_0007_OVERFLOW_OUT_COLUMN,
  MIGRATION_SLOT_MS as SLOT_MS,
} from './slot-schema.ts'
import { type Dialect, MigrationError, type SqlDatabase } from './sql-database.ts'

/** Column types that differ between the dialects. */
function types(dialect: Dialect) {
  return dialect === 'sqlite'
    ? { time: 'INTEGER', real: 'REAL', int: 'INTEGER' }
    : { time: 'BIGINT', real: 'DOUBLE PRECISION', int: 'INTEGER' }
}

/**
 * Per dimension, one UPDATE that sets each slot column to its count of the raw abandons meeting its condition
 * ([column, condition, ...]), by slot and key. Released migrations call it: its text must never change
 * (migrations.test.ts pins their SQL by hash).
 */
function recountAbandons(
  counts: ReadonlyArray<readonly [column: string, condition: string, ...unknown[]]>,
): string[] {
  return Object.entries(DIMENSION_COLUMNS).map(
    ([dim, column]) => `UPDATE interval_stats SET
        ${counts.map(([c]) => `${c} = t.${c}`).join(', ')}
      FROM (SELECT (arrived_at / ${SLOT_MS}) * ${SLOT_MS} AS slot, COALESCE(${column}, '') AS key,
              ${counts.map(([c, when]) => `SUM(CASE WHEN ${when} THEN 1 ELSE 0 END) AS ${c}`).join(', ')}
            FROM interactions WHERE outcome = 'abandoned' GROUP BY 1, 2) t
      WHERE interval_stats.dim = '${dim}' AND interval_stats.slot = t.slot AND interval_stats.key = t.key`,
  )
}

/** 0005: the abandon's reason as a column (it was only in the JSON detail), and the slots' abandon breakdown. */
function abandonBreakdown(dialect: Dialect): string[] {
  const t = types(dialect)
  const fromDetail =
    dialect === 'sqlite'
      ? "json_extract(detail, '$.abandonReason')"
      : "CAST(detail AS jsonb) ->> 'abandonReason'"
  // [slot column, the raw records' condition it counts]
  const counts: Array<[string, string]> = [
    ...Object.entries(MIGRATION_0005_REASON_COLUMNS).map(([reason, column]): [string, string] => [
      column,
      `abandon_reason = '${reason}'`,
    ]),
    ...MIGRATION_0005_SHORT_ABANDON_THRESHOLDS.map((s): [string, string] => [
      `sa${s}`,
      `wait_ms <= ${s * 1000}`,
    ]),
  ]
  return [
    'ALTER TABLE interactions ADD COLUMN abandon_reason TEXT',
    `UPDATE interactions SET abandon_reason = ${fromDetail} WHERE outcome = 'abandoned'`,
    ...counts.map(
      ([column]) => `ALTER TABLE interval_stats ADD COLUMN ${column} ${t.int} NOT NULL DEFAULT 0`,
    ),
    // the slots written before count the abandons they already hold (statDeltas' rule, from the raw records)
    ...recountAbandons(counts),
  ]
}

/**
 * 0006: what the service level's abandon options read per slot: abandons that never queued, queued abandons within
 * each T, and each reason's queued short abandons; the short-abandon counts of 0005 counted again without the
 * abandons that never queued (they are no short abandons: they were never offered to a queue).
 */
function abandonsInServiceLevel(dialect: Dialect): string[] {
  const t = types(dialect)
  const queued = 'queue IS NOT NULL'
  // [slot column, the raw abandons' condition it counts, whether 0006 adds it (else 0005 made it)]
  const counts: Array<[string, string, boolean]> = [
    [MIGRATION_0006_UNQUEUED_COLUMN, 'queue IS NULL', true],
    ...MIGRATION_0006_WITHIN_T_THRESHOLDS.map((w): [string, string, boolean] => [
      `aw${w}`,
      `${queued} AND wait_ms <= ${w * 1000}`,
      true,
    ]),
    ...Object.entries(MIGRATION_0006_REASON_COLUMNS).flatMap(([reason, column]) =>
      MIGRATION_0006_SHORT_ABANDON_THRESHOLDS.map((s): [string, string, boolean] => [
        `${column}_sa${s}`,
        `${queued} AND wait_ms <= ${s * 1000} AND abandon_reason = '${reason}'`,
        true,
      ]),
    ),
    ...MIGRATION_0005_SHORT_ABANDON_THRESHOLDS.map((s): [string, string, boolean] => [
      `sa${s}`,
      `${queued} AND wait_ms <= ${s * 1000}`,
      false,
    ]),
  ]
  return [
    ...counts
      .filter(([, , added]) => added)
      .map(([column]) => `ALTER TABLE interval_stats ADD COLUMN ${column} ${t.int} NOT NULL DEFAULT 0`),
    ...recountAbandons(counts),
  ]
}

/** Each migration's SQL statements for a dialect, by name (what the migrator runs; a test pins the released ones). */
export function migrationStatements(dialect: Dialect): Record<string, string[]> {
  const t = types(dialect)
  return {
    '0001-records': [
      `CREATE TABLE interactions (
        key TEXT PRIMARY KEY, router TEXT NOT NULL, id TEXT NOT NULL, strategy TEXT NOT NULL,
        strategy_version TEXT NOT NULL, media TEXT NOT NULL, arrived_at ${t.time} NOT NULL,
        answered_at ${t.time}, finished_at ${t.time} NOT NULL, outcome TEXT NOT NULL, wait_ms ${t.real} NOT NULL,
        agent TEXT, target TEXT, queue TEXT, grp TEXT, node TEXT, priority ${t.int} NOT NULL,
        destination TEXT, detail TEXT NOT NULL)`,
      'CREATE INDEX interactions_arrived ON interactions (arrived_at)',
      'CREATE INDEX interactions_id ON interactions (id)',
      `CREATE TABLE handling (
        key TEXT PRIMARY KEY, router TEXT NOT NULL, interaction TEXT NOT NULL, agent TEXT NOT NULL,
        media TEXT NOT NULL, started_at ${t.time} NOT NULL, ended_at ${t.time} NOT NULL, ended_by TEXT NOT NULL,
        strategy TEXT NOT NULL, queue TEXT, grp TEXT, node TEXT)`,
      'CREATE INDEX handling_ended ON handling (ended_at)',
      'CREATE INDEX handling_started ON handling (started_at)',
      `CREATE TABLE agent_states (
        key TEXT PRIMARY KEY, router TEXT NOT NULL, agent TEXT NOT NULL, media TEXT NOT NULL,
        state TEXT NOT NULL, at ${t.time} NOT NULL, groups TEXT NOT NULL)`,
      'CREATE INDEX agent_states_at ON agent_states (at)',
      `CREATE TABLE interval_stats (
        slot ${t.time} NOT NULL, dim TEXT NOT NULL, key TEXT NOT NULL,
        offered ${t.int} NOT NULL, answered ${t.int} NOT NULL, abandoned ${t.int} NOT NULL,
        wait_ms ${t.real} NOT NULL,
        ${MIGRATION_0001_SERVICE_LEVEL_THRESHOLDS.map((s) => `w${s} ${t.int} NOT NULL`).join(', ')},
        handled ${t.int} NOT NULL, handle_ms ${t.real} NOT NULL, transfers ${t.int} NOT NULL,
        busy_ms ${t.real} NOT NULL,
        PRIMARY KEY (dim, slot, key))`,
    ],
    // a handling given up before the host ended it (records-builder's handlingGivenUp); older rows stay NULL
    '0002-handling-truncated': [`ALTER TABLE handling ADD COLUMN truncated ${t.int}`],
    // AHT leaves truncated handlings out (figures.ts addHandling): the slots written since 0002 counted them
    '0003-slots-without-truncated': Object.entries(DIMENSION_COLUMNS).map(
      ([dim, column]) => `UPDATE interval_stats SET
        handled = interval_stats.handled - t.n,
        handle_ms = interval_stats.handle_ms - t.ms,
        transfers = interval_stats.transfers - t.tr
      FROM (SELECT (ended_at / ${SLOT_MS}) * ${SLOT_MS} AS slot, COALESCE(${column}, '') AS key, COUNT(*) AS n,
              CAST(SUM(ended_at - started_at) AS ${t.real}) AS ms,
              SUM(CASE WHEN ended_by = 'transferred' THEN 1 ELSE 0 END) AS tr
            FROM handling WHERE truncated = 1 GROUP BY 1, 2) t
      WHERE interval_stats.dim = '${dim}' AND interval_stats.slot = t.slot AND interval_stats.key = t.key`,
    ),
    // why the agent was in the state (the host's `reason`); older rows stay NULL
    '0004-agent-state-reason': ['ALTER TABLE agent_states ADD COLUMN reason TEXT'],
    '0005-abandon-breakdown': abandonBreakdown(dialect),
    '0006-abandons-in-service-level': abandonsInServiceLevel(dialect),
    // queues in turn: the earlier queues and groups an interaction left (records-builder), and their count per slot;
    // rows written before hold none (their segments' groups came from that day's directory), so they read as before
    '0007-overflow-out': [
      'ALTER TABLE interactions ADD COLUMN overflow_queue TEXT',
      'ALTER TABLE interactions ADD COLUMN overflow_grp TEXT',
      `ALTER TABLE interval_stats ADD COLUMN ${MIGRATION_0007_OVERFLOW_OUT_COLUMN} ${t.int} NOT NULL DEFAULT 0`,
    ],
    // a logged-in agent's handlings are her busy time in the agent report (agent-state-time.ts): read per agent and
    // media in answer order from this index alone, a day's million in one pass without a sort or a table lookup
    '0008-handling-by-agent': [
      'CREATE INDEX IF NOT EXISTS handling_by_agent ON handling (agent, media, started_at, ended_at)',
    ],
    // where a transfer went (the host's complete `to`) and who set an agent's state (serve's AgentStateBy: host,
    // router, timeout); rows written before stay NULL (unknown), and reports show them as before. The report's
    // transfers by destination read the transferred handlings alone (a day's tenth), not every handling of the range
    '0009-transfer-to-and-state-by': [
      'ALTER TABLE handling ADD COLUMN transferred_to TEXT',
      'ALTER TABLE agent_states ADD COLUMN set_by TEXT',
      "CREATE INDEX IF NOT EXISTS handling_transferred ON handling (ended_at) WHERE ended_by = 'transferred'",
    ],
    // who the supervisor was, of a state set with `by: "supervisor"` (serve's agent state call names her): the reason
    // report's audit of who logged agents out; rows written before stay NULL (no name)
    '0010-state-supervisor': ['ALTER TABLE agent_states ADD COLUMN supervisor TEXT'],
    // serve's read-back at start looks for records finishing after it among a day's (window-slots.ts
    // earliestLateArrival): by arrival that is every record of the day (17 M at 200 a second), by this a few
    '0011-interactions-finished': [
      'CREATE INDEX IF NOT EXISTS interactions_finished ON interactions (finished_at)',
    ],
    // the wrap-up code the agent picked (serve's complete `disposition`): `report --by disposition`; rows written
    // before stay NULL (none given), reported as `(none)`
    '0012-handling-disposition': ['ALTER TABLE handling ADD COLUMN disposition TEXT'],
  }
}

/** The migrations for a dialect, by name, for Kysely's migrator. */
export function historyMigrations(dialect: Dialect): Record<string, Migration> {
  const out: Record<string, Migration> = {}
  for (const [name, list] of Object.entries(migrationStatements(dialect))) {
    out[name] = {
      async up(db: Kysely<unknown>) {
        const { sql } = await import('kysely')
        for (const text of list) await sql.raw(text).execute(db)
      },
    }
  }
  return out
}

/** The newest schema version this code knows. */
export const SCHEMA_VERSION = Object.keys(migrationStatements('sqlite')).sort().at(-1) ?? ''

/**
 * Brings the database to the newest schema. On PostgreSQL the migrator holds a lock, so routers starting together
 * migrate once. A database newer than this code (a migration it does not know) is refused.
 */
export async function migrate(database: SqlDatabase): Promise<string[]> {
  // the usual case (a report, a restart): every migration is there already; one read instead of the migrator's
  // lock table, lock and listing, which cost a report on PostgreSQL several round trips
  if (await upToDate(database)) return []
  const { Migrator } = await import('kysely')
  const place = database.dialect === 'postgres' ? await postgresPlace(database) : undefined
  const migrator = new Migrator({
    db: await database.kysely(),
    provider: { getMigrations: async () => historyMigrations(database.dialect) },
    migrationTableName: 'history_migration',
    migrationLockTableName: 'history_migration_lock',
    // Kysely looks for its tables in every schema: history tables elsewhere (another search_path) made it skip
    // creating them here and then fail on "relation history_migration_lock does not exist"; the schema the
    // migrations create in (the search_path's first) is where it looks
    ...(place?.schema ? { migrationTableSchema: place.schema } : {}),
  })
  // its connections close: they have no time bounds, and a store keeps only its own pool open
  const latest = async () => {
    const result = await migrator.migrateToLatest()
    // a failed migration is undone whole where the lock is a transaction (SQLite)
    if (result.error && database.migrating) throw new FailedMigration(result)
    return result
  }
  const { error, results } = await (database.migrating ? database.migrating(latest) : latest())
    .catch((error: unknown) => {
      if (error instanceof FailedMigration) return error.result
      throw error
    })
    .finally(() => database.migrated?.())
  if (error) {
    // a server that stopped answering is said as such by the caller, in the driver's words; an answer is not an outage
    if (database.isOutage(error) && !isMigratorRefusal(error)) throw error
    const message = error instanceof Error ? error.message : String(error)
    const where = place && isNotFound(error) ? schemaAdvice(place, await historySchemas(database)) : ''
    throw new MigrationError(`Could not migrate the history in ${database.describe}: ${message}${where}`, {
      cause: error,
    })
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}

/** Carries the migrator's failed result out of the locked work, so the lock's transaction is rolled back. */
class FailedMigration extends Error {
  constructor(readonly result: MigrationResultSet) {
    super('migration failed')
  }
}

/** Kysely's own refusals carry no SQLSTATE, which the store would take for a connection's failure. */
function isMigratorRefusal(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown }
  return (
    code === undefined && typeof message === 'string' && /^(corrupted migrations|migration ")/.test(message)
  )
}

/** No such table (42P01) or no schema to create in (3F000): the session looks somewhere the history is not. */
function isNotFound(error: unknown): boolean {
  const { code } = (error ?? {}) as { code?: unknown }
  return code === '42P01' || code === '3F000'
}

/** The session's search_path and the schema it creates in (null when no schema on the path exists). */
async function postgresPlace(database: SqlDatabase): Promise<{ path: string; schema: string | null }> {
  const [row] = await database.all<{ path: string; schema: string | null }>(
    "SELECT current_setting('search_path') AS path, current_schema() AS schema",
  )
  return { path: row?.path ?? '', schema: row?.schema ?? null }
}

/** The schemas holding a history (its migration table), whatever the session's search_path. */
async function historySchemas(database: SqlDatabase): Promise<string[]> {
  const found = await database
    .all<{ schema: string }>(
      "SELECT DISTINCT table_schema AS schema FROM information_schema.tables WHERE table_name = 'history_migration' ORDER BY 1",
    )
    .catch(() => [])
  return found.map(({ schema }) => schema)
}

/** Where the history's tables are (`schemas`) against the session's search_path, and the two fixes. */
function schemaAdvice(place: { path: string; schema: string | null }, schemas: readonly string[]): string {
  const onPath = place.schema
    ? `creates in schema ${place.schema}`
    : 'names no schema that exists, so nothing can be created'
  const there =
    schemas.length > 0
      ? `the history's tables are in schema ${schemas.join(', ')}`
      : 'no history tables were found in any schema'
  const first = schemas[0] ?? 'SCHEMA'
  return (
    ` (the session's search_path is "${place.path}", which ${onPath}; ${there}). ` +
    `Give the store's URL the search_path of the history's tables (?options=-c%20search_path%3D${first}), ` +
    'or create the history in a schema of its own: CREATE SCHEMA, then routewright history migrate --store with a URL whose search_path names it'
  )
}

/** Whether the database lists exactly this code's migrations as done (a newer one goes to the migrator, which refuses). */
async function upToDate(database: SqlDatabase): Promise<boolean> {
  try {
    return (await schemaState(database)).state === 'current'
  } catch (error) {
    // a server that does not answer is said now: the migrator asked it again, and waited out its timeout twice
    if (database.dialect === 'postgres' && database.isOutage(error)) throw error
    return false
  }
}

/** Where a database's schema stands against this build: `none` is a database no history was written to. */
export interface SchemaState {
  state: 'current' | 'older' | 'newer' | 'none'
  /** Migrations the database lists as done, sorted. */
  applied: string[]
  /** This build's migrations that are not done (older). */
  missing: string[]
  /** Done migrations this build does not know (newer). */
  unknown: string[]
}

/** Reads the schema's version without changing anything (a report's read-only role can run it). */
export async function schemaState(database: SqlDatabase): Promise<SchemaState> {
  let done: Array<{ name: string }>
  try {
    done = await database.all<{ name: string }>('SELECT name FROM history_migration')
  } catch (error) {
    if (database.isOutage(error)) throw error
    done = [] // no migration table: nothing was ever written here
  }
  const known = Object.keys(migrationStatements(database.dialect))
  const applied = [...new Set(done.map((row) => row.name))].sort()
  const missing = known.filter((name) => !applied.includes(name))
  const unknown = applied.filter((name) => !known.includes(name))
  const state =
    applied.length === 0 ? 'none' : unknown.length > 0 ? 'newer' : missing.length > 0 ? 'older' : 'current'
  return { state, applied, missing, unknown }
}

/** A history whose schema is not this build's, found by a reader that does not migrate (a report). */
export class SchemaVersionError extends Error {
  override name = 'SchemaVersionError'
  constructor(
    message: string,
    readonly schema: SchemaState,
  ) {
    super(message)
  }
}

/** Throws SchemaVersionError, saying how to fix it, unless the database's schema is exactly this build's. */
export async function checkSchema(database: SqlDatabase): Promise<void> {
  const schema = await schemaState(database)
  const at = schema.applied.at(-1)
  switch (schema.state) {
    case 'current':
      return
    case 'none': {
      // the history may be in the database all the same, in a schema the session's search_path does not name
      const schemas = database.dialect === 'postgres' ? await historySchemas(database) : []
      if (schemas.length > 0)
        throw new SchemaVersionError(
          `There is no history on the search_path of ${database.describe}${schemaAdvice(await postgresPlace(database), schemas)}`,
          schema,
        )
      throw new SchemaVersionError(
        `There is no history in ${database.describe} (no schema version): nothing was recorded here. ` +
          `Point --store at the database serve records into, or create the schema with routewright history migrate --store ${database.describe}`,
        schema,
      )
    }
    case 'older':
      throw new SchemaVersionError(
        `The history in ${database.describe} is at schema ${at}, older than this build's ${SCHEMA_VERSION} ` +
          `(missing ${schema.missing.join(', ')}). Migrate it with routewright history migrate --store ${database.describe} ` +
          '(as a role that may alter the tables; routewright serve --store migrates too when it starts)',
        schema,
      )
    case 'newer':
      throw new SchemaVersionError(
        `The history in ${database.describe} is at schema ${at}, newer than this build's ${SCHEMA_VERSION} ` +
          `(it has ${schema.unknown.join(', ')}, which this build does not know). Use the routewright version that migrated it, or a newer one`,
        schema,
      )
    default:
      return schema.state satisfies never
  }
}
