// The wire contract between the designer's local server and its browser client: shapes, routes, error codes.
// pure: types and string helpers only, so both the Node server and the browser import it.
import { type Diagnostic, documentKindOf } from '@routewright/strategy-dsl'

/** Which workspace document a file holds, decided by its name's suffix. */
export type WorkspaceFileKind = 'strategy' | 'directory' | 'test'

/** Listing entry: no text, enough to show the file list and notice changes. */
export interface FileMeta {
  /** Workspace-relative path with forward slashes, e.g. `sales/vip.strategy.yaml`. */
  path: string
  kind: WorkspaceFileKind
  size: number
  mtimeMs: number
  /** sha256 of the bytes on disk, hex; the token for optimistic concurrency. */
  version: string
  /** Set when the file is over MAX_FILE_BYTES: it is listed (version from its stat) but never read or opened. */
  tooLarge?: true
}

/** A file's text together with the version it was read at. */
export interface FileContent extends FileMeta {
  text: string
}

export interface ListResponse {
  workspace: string
  files: FileMeta[]
  /** Documents left out of `files`: the list holds the first 5,000 by path. Absent when none were. */
  omitted?: number
  /**
   * RW091 warnings: entries named like a document that are not regular files (a FIFO, a folder), left out of
   * `files` and never opened. Absent when there are none.
   */
  skipped?: Diagnostic[]
}

export interface WriteRequest {
  path: string
  text: string
  /** Version the editor started from; the write is refused with 409 if the disk moved on. */
  baseVersion: string
  /** Overwrite whatever is on disk now (the user chose "overwrite" after a conflict). */
  force?: boolean
}

export interface CreateRequest {
  path: string
  text: string
}

export interface RenameRequest {
  from: string
  to: string
  /** Current version of `from`; refused with 409 if the file changed since. */
  version: string
}

export interface DuplicateRequest {
  from: string
  to: string
}

export interface DeleteRequest {
  path: string
  /** Current version; a file changed on disk since the UI showed it is not deleted. */
  version: string
}

export type ApiErrorCode =
  | 'bad-request'
  | 'bad-path'
  | 'path-traversal'
  | 'absolute-path'
  | 'outside-workspace'
  | 'unsupported-file-type'
  | 'not-found'
  | 'already-exists'
  | 'conflict'
  | 'payload-too-large'
  | 'file-too-large'
  | 'not-utf8'
  | 'too-many-nodes'
  | 'read-only'
  | 'unauthorized'
  | 'cross-origin'
  | 'method-not-allowed'
  | 'too-many-streams'
  | 'internal'

export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string }
  /** Only on `conflict`: what is on disk now (`null` when the file was deleted). */
  current?: FileContent | null
}

/** One external (or API-made) change to a workspace file, streamed over Server-Sent Events. */
export interface WorkspaceChange {
  type: 'created' | 'changed' | 'deleted'
  path: string
  kind: WorkspaceFileKind
  /** The new version; `null` once deleted. */
  version: string | null
  /** The client id (header `x-routewright-client`) whose API call made the change; `null` if made outside the API. */
  origin: string | null
}

/** Sent once per (re)connection so a client can reconcile after missing events. */
export interface WorkspaceSnapshot {
  files: FileMeta[]
}

export const API_ROUTES = {
  files: '/api/files',
  file: '/api/file',
  rename: '/api/rename',
  duplicate: '/api/duplicate',
  events: '/api/events',
  alarms: '/api/alarms',
} as const

/** The workspace's alarms.yaml (serve's, read only here): its text, or null when there is none. */
export interface AlarmsResponse {
  alarms: { path: string; version: string; text: string } | null
}

/** Header a client sends with each change it makes, so it can recognise its own changes in the event stream. */
export const CLIENT_ID_HEADER = 'x-routewright-client'

export const SSE_EVENTS = { change: 'change', snapshot: 'snapshot' } as const

/** Bodies above this are refused with 413 (a strategy is a few hundred KB at most). */
export const MAX_BODY_BYTES = 5 * 1024 * 1024

/** Workspace files larger than this are listed but never read (a 300 MB file would stall every request). */
export const MAX_FILE_BYTES = 4 * 1024 * 1024

/**
 * The kind of workspace document a file name stands for, or `undefined` for any other file (the DSL's one rule).
 * @example workspaceFileKind('sales/vip.strategy.yaml') // 'strategy'
 */
export function workspaceFileKind(path: string): WorkspaceFileKind | undefined {
  return documentKindOf(path)
}

/** The suffixes the server accepts, for messages and file pickers. */
export function workspaceFileSuffixes(): string[] {
  return ['strategy', 'directory', 'test'].flatMap((kind) =>
    ['yaml', 'yml', 'json'].map((ext) => `.${kind}.${ext}`),
  )
}
