// The public API of @routewright/history. Anything not exported here is internal.

export type { ReasonState } from './agent-state-time.ts'
export { type DirectoryGroups, directoryGroups } from './directory-groups.ts'
export {
  buildDispositionReport,
  type DispositionReport,
  type DispositionRow,
  formatDispositionReport,
} from './disposition-report.ts'
export {
  ABANDON_REASON_SUMS,
  type AbandonTreatment,
  addHandling,
  addInteraction,
  addInteractions,
  addOverflowOut,
  addSums,
  emptySums,
  FIGURE_NAMES,
  type FigureName,
  type FigureSums,
  type Figures,
  figuresOf,
  type LoggedInState,
  SHORT_ABANDON_REASON_SUMS,
  STATE_TIME_SUMS,
} from './figures.ts'
export { HistoryItemError, historyItemProblem } from './item-check.ts'
export { historyMigrations } from './migrations.ts'
// the operator's entry (dead letters, the schema's version, the store), listed once
export * from './operations-entry.ts'
export { openPostgresDatabase } from './postgres-database.ts'
export { buildReasonReport, type ReasonReport, type ReasonRow } from './reason-report.ts'
export type {
  AgentStateRecord,
  HandlingRecord,
  HistoryItem,
  InteractionRecord,
  PathStep,
  QueueSegment,
  ReservationAttempt,
  SelectionSummary,
} from './record.ts'
export type { AgentStateBy, RecordEvent, RecordInput, ResumedInteraction } from './record-events.ts'
export {
  type RecordedSimulation,
  type RecordSimulationOptions,
  recordSimulation,
  type StoppedSimulation,
} from './record-simulation.ts'
export {
  createHistoryRecorder,
  type HistoryRecorder,
  type HistoryRecorderOptions,
  recorderWorkerScript,
} from './recorder.ts'
export { type LiveInteraction, liveInteraction, type RecorderCounters } from './recorder-sink.ts'
export { recordHostCalls } from './recording-router.ts'
export {
  type BuilderCounters,
  createRecordsBuilder,
  type RecordsBuilder,
  type RecordsBuilderOptions,
  type TraceAccess,
} from './records-builder.ts'
export {
  buildReport,
  type Report,
  type ReportClock,
  type ReportOptions,
  ReportOptionsError,
  type ReportRange,
  type ReportRow,
} from './report.ts'
export { formatReport } from './report-format.ts'
export { joinReportKeys, REPORT_KEY_SEPARATOR, reportKeys } from './report-keys.ts'
export {
  abandonTreatmentRefusal,
  dispositionRefusal,
  parseIsoTime,
  parseSeconds,
  REPORT_BREAKDOWNS,
  REPORT_DIMENSIONS,
  REPORT_FORMATS,
  REPORT_INTERVALS,
  REPORT_KINDS,
  type ReportBreakdown,
  type ReportDimension,
  type ReportFormat,
  type ReportInterval,
  type ReportKind,
  SERVICE_LEVEL_BASES,
  type ServiceLevelBasis,
  SHORT_ABANDON_SECONDS,
  SL_ABANDONS,
  type SlAbandons,
  serviceLevelRefusal,
  shortAbandonRefusal,
} from './report-options.ts'
export type { Dialect, SqlDatabase } from './sql-database.ts'
export { IdleTransactionError, QueryTimeoutError, StatementTimeoutError } from './sql-database.ts'
export { openSqliteDatabase, type SqliteOpenOptions } from './sqlite-database.ts'
export {
  createSqlStore,
  type HistoryStore,
  type OpenStoreOptions,
  type TimeRange,
} from './store.ts'
export { strategyVersion } from './strategy-version.ts'
export { type TransferTarget, UNKNOWN_TARGET } from './transfer-targets.ts'
export {
  readSeedGroups,
  readSeedPage,
  type SeedGroupQuery,
  type SeedGroups,
  type SeedPage,
  type SeedQuery,
} from './window-seed.ts'
export {
  earliestLateArrival,
  readSeedSlots,
  SEED_SLOT_MS,
  type SeedSlot,
  type SeedSlotQuery,
  type SeedThresholds,
  slotsHoldAll,
  storeOfOneRouter,
} from './window-slots.ts'
export {
  createHistoryWriter,
  type DeadLetterFileState,
  type HistoryWriter,
  type HistoryWriterOptions,
  type Refusal,
  type RefusedItem,
  type StoreState,
  type WriterCounters,
  type WriterTimers,
} from './writer.ts'
