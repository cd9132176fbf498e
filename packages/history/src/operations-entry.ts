// What `routewright history` needs, without the rest of the package: the dead-letter file, the schema's version and
// the store (its database driver loads only when a store is opened).
export type { DeadLetterFileHooks } from './dead-letter-file.ts'
export {
  type DeadLetter,
  deadLetterFile,
  REFUSED_SUFFIX,
  type ReplayOptions,
  type ReplayResult,
  readDeadLetters,
  replayDeadLetters,
} from './dead-letters.ts'
export {
  checkSchema,
  migrate,
  SCHEMA_VERSION,
  type SchemaState,
  SchemaVersionError,
  schemaState,
} from './migrations.ts'
export {
  CONNECT_TIMEOUT_MS,
  connectTimeoutOf,
  postgresProblem,
  QUERY_TIMEOUT_MS,
  queryTimeoutOf,
  type StoreProblem,
} from './postgres-reach.ts'
export { QueryTimeoutError, redactUrl, StatementTimeoutError } from './sql-database.ts'
export { openDatabase, openStore, StoreSpecError } from './store.ts'
export { checkStore, type StoreCheckOptions, type StoreCheckProblem } from './store-check.ts'
