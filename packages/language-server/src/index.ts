// The public API of @routewright/language-server: the server, started on any LSP connection (the CLI's
// `routewright lsp --stdio` uses stdio), and the pure features for embedding and tests.

export {
  DEFAULT_VALIDATION_DELAY_MS,
  systemTimer,
  type Timer,
  ValidationScheduler,
  validationDelayOf,
} from './debounce.ts'
export {
  type CompletionEntry,
  completion,
  definition,
  format,
  hover,
  type Location,
  nodeReferences,
  outline,
  type RenameEdits,
  renameNode,
  renameTarget,
} from './features.ts'
export { keyOfLine, type Located, locate, locateIn, syntaxTreeOf, wordAt } from './locate.ts'
export {
  type FileKind,
  type Findings,
  type ParseKind,
  Project,
  type ProjectFile,
  type ProjectOptions,
} from './project.ts'
export { references } from './references.ts'
export { type FileEdit, testPathEdits } from './rename-test-paths.ts'
export { SERVER_NAME, type ServerOptions, startServer } from './server.ts'
