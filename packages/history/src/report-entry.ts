// What `routewright report` needs, without the rest of the package: the database drivers (and Kysely) load only
// when the store is opened, and only the one its location names.

export { buildDispositionReport, formatDispositionReport } from './disposition-report.ts'
export { SchemaVersionError } from './migrations.ts'
export { buildReasonReport } from './reason-report.ts'
export { buildReport, ReportOptionsError } from './report.ts'
export { MAX_REPORT_ROWS, MAX_REPORT_SLOTS, reportBudgets } from './report-budget.ts'
export { formatReport } from './report-format.ts'
export { dayAfter } from './report-span.ts'
export { QueryTimeoutError, StatementTimeoutError } from './sql-database.ts'
export { openStore, StoreSpecError } from './store.ts'
export { instantOf } from './time-zone.ts'
export { resolveTimeZone, TimeZoneError } from './time-zone-name.ts'
