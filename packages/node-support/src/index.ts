// The public API of @routewright/node-support: Node-only helpers shared by the CLI, the language server, the
// designer's server and the telephony bridge (test servers are the ./testing subpath).
// Each module is also a subpath export, so a bundle pulls in only what it uses.

export {
  atomicCreate,
  atomicReplace,
  ChangedOnDiskError,
  ReadOnlyFileError,
  type ReplaceOptions,
  refuseReadOnly,
  renameNoClobber,
  syncFolder,
  tempPathFor,
} from './atomic-write.ts'
export { readBoundedText } from './bounded-answer.ts'
export {
  isWildcardHost,
  type ListenFailure,
  listenFailure,
  openableHost,
} from './listen-address.ts'
export { mapLimit } from './map-limit.ts'
export {
  NOT_A_FILE_CODE,
  NOT_A_FILE_FIX,
  notFileDiagnostics,
  notFileMessage,
} from './not-file-diagnostics.ts'
export { type PauseTimers, pause } from './pause.ts'
export { freePort, waitFor } from './ports.ts'
export { printable, printableName } from './printable.ts'
export { raceWithin, type Within } from './race-within.ts'
export { type BoundedRead, decodeUtf8, megabytes, readBoundedFile } from './read.ts'
export {
  CONTENT_TYPES,
  MAX_STATIC_FILE_BYTES,
  resolveStaticFile,
  type SendStaticOptions,
  type StaticFile,
  type StaticOutcome,
  sendStaticFile,
} from './static-files.ts'
export { isPostgresStore } from './store-url.ts'
export { resolveTestDirectory, type TestDirectoryResolution, workspaceRootFor } from './test-directory.ts'
export { type TiedOptions, tiedCommand } from './tied-child.ts'
export { SKIPPED_FOLDERS, type WalkOptions, type WalkResult, walkFiles } from './walk.ts'
export { checkWorkspaceFolder, type WorkspaceFolderCheck } from './workspace-folder.ts'
