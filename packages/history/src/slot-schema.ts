// pure: the slot columns each released migration added, as literal copies. A migration reads these, never the live
// lists (SERVICE_LEVEL_THRESHOLDS, SHORT_ABANDON_THRESHOLDS, ABANDON_REASON_COLUMNS): editing a live list must not
// change a released migration's SQL. Never edit a list here; a new column comes with a new migration and list.

/** The slot width every migration groups raw records by, ms (interval-stats' SLOT_MS). */
export const MIGRATION_SLOT_MS = 900_000

/** The raw tables' column of each report dimension, as the migrations that update slots name them. */
export const MIGRATION_DIMENSION_COLUMNS = {
  queue: 'queue',
  group: 'grp',
  agent: 'agent',
  strategy: 'strategy',
  node: 'node',
} as const

/** 0001-records: the answered-within-T columns `w{T}`, T in seconds. */
export const MIGRATION_0001_SERVICE_LEVEL_THRESHOLDS = [10, 15, 20, 30, 45, 60, 90, 120, 180, 300] as const

/** 0005-abandon-breakdown: each abandon reason's count column, and the raw `abandon_reason` value it counts. */
export const MIGRATION_0005_REASON_COLUMNS = {
  'caller-hangup': 'ab_caller_hangup',
  'queue-timeout': 'ab_queue_timeout',
  host: 'ab_host',
} as const

/** 0005-abandon-breakdown: the short-abandon columns `sa{S}`, S in seconds. */
export const MIGRATION_0005_SHORT_ABANDON_THRESHOLDS = [2, 3, 5, 10, 15, 20, 30] as const

/** 0006-abandons-in-service-level: abandons that never queued (no queue), counted per slot. */
export const MIGRATION_0006_UNQUEUED_COLUMN = 'ab_unqueued'

/** 0006-abandons-in-service-level: the queued abandons within T, columns `aw{T}`, T in seconds. */
export const MIGRATION_0006_WITHIN_T_THRESHOLDS = [10, 15, 20, 30, 45, 60, 90, 120, 180, 300] as const

/** 0006-abandons-in-service-level: each reason's queued short abandons, columns `{reason column}_sa{S}`. */
export const MIGRATION_0006_REASON_COLUMNS = {
  'caller-hangup': 'ab_caller_hangup',
  'queue-timeout': 'ab_queue_timeout',
  host: 'ab_host',
} as const
export const MIGRATION_0006_SHORT_ABANDON_THRESHOLDS = [2, 3, 5, 10, 15, 20, 30] as const

/** 0007-overflow-out: interactions that left the key's queue (or group) for a later queue, counted per slot. */
export const MIGRATION_0007_OVERFLOW_OUT_COLUMN = 'overflow_out'

/** Every slot column the migrations made, beside the base ones of 0001: what a report may read, a write may add to. */
export const MIGRATED_SLOT_COLUMNS: ReadonlySet<string> = new Set([
  ...MIGRATION_0001_SERVICE_LEVEL_THRESHOLDS.map((t) => `w${t}`),
  ...Object.values(MIGRATION_0005_REASON_COLUMNS),
  ...MIGRATION_0005_SHORT_ABANDON_THRESHOLDS.map((s) => `sa${s}`),
  MIGRATION_0006_UNQUEUED_COLUMN,
  ...MIGRATION_0006_WITHIN_T_THRESHOLDS.map((t) => `aw${t}`),
  ...Object.values(MIGRATION_0006_REASON_COLUMNS).flatMap((column) =>
    MIGRATION_0006_SHORT_ABANDON_THRESHOLDS.map((s) => `${column}_sa${s}`),
  ),
  MIGRATION_0007_OVERFLOW_OUT_COLUMN,
])
