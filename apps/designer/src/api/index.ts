// Public surface of the designer's workspace API client (browser side).
export type {
  ApiFailure,
  ApiResult,
  GuardedResult,
  WatchHandlers,
  WorkspaceClient,
  WorkspaceClientOptions,
  WriteConflict,
  WriteResult,
} from './client.ts'
export { createWorkspaceClient } from './client.ts'
export type {
  ApiErrorCode,
  FileContent,
  FileMeta,
  ListResponse,
  WorkspaceChange,
  WorkspaceFileKind,
  WorkspaceSnapshot,
} from './protocol.ts'
export { MAX_BODY_BYTES, MAX_FILE_BYTES, workspaceFileKind, workspaceFileSuffixes } from './protocol.ts'
