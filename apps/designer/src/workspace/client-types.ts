// The workspace client as the panels use it; `adaptWorkspaceClient` wraps designer-server's client.
import type { ApiResult, GuardedResult, WorkspaceClient } from '../api/client.ts'
import type {
  AlarmsResponse,
  CreateRequest,
  DeleteRequest,
  DuplicateRequest,
  FileContent,
  FileMeta,
  ListResponse,
  RenameRequest,
  WorkspaceChange,
  WriteRequest,
} from '../api/protocol.ts'

/** A write either lands (new version) or meets a newer file on disk (`current`, null when deleted). */
export type WriteOutcome =
  | { ok: true; file: FileMeta }
  | { ok: false; conflict: true; current: FileContent | null }

export interface WorkspaceClientLike {
  list(): Promise<ListResponse>
  read(path: string): Promise<FileContent>
  /** serve's alarms.yaml, read only: null when the workspace has none. */
  alarms(): Promise<AlarmsResponse['alarms']>
  write(request: WriteRequest): Promise<WriteOutcome>
  create(request: CreateRequest): Promise<FileMeta>
  rename(request: RenameRequest): Promise<FileMeta>
  duplicate(request: DuplicateRequest): Promise<FileMeta>
  remove(request: DeleteRequest): Promise<void>
  /** Streams workspace changes made by others (not this client); returns the unsubscribe. */
  watch(onChange: (change: WorkspaceChange) => void, onReconnect?: () => void): () => void
}

/** Adapts the designer server's result-valued client to the session's shape: failures throw, conflicts are values. */
export function adaptWorkspaceClient(client: WorkspaceClient): WorkspaceClientLike {
  function value<T>(result: ApiResult<T>): T {
    if (!result.ok) throw new Error(result.error.message)
    return result.value
  }
  function guarded<T>(result: GuardedResult<T>): T {
    if (!result.ok) throw new Error(result.error.message)
    return result.value
  }
  return {
    list: async () => value(await client.list()),
    read: async (path) => value(await client.read(path)),
    alarms: async () => value(await client.alarms()).alarms,
    async write({ path, text, baseVersion, force }) {
      const result = await client.write(path, text, baseVersion, force === undefined ? {} : { force })
      if (result.ok) return { ok: true, file: result.value }
      if (result.conflict) return { ok: false, conflict: true, current: result.conflict.current }
      throw new Error(result.error.message)
    },
    create: async ({ path, text }) => value(await client.create(path, text)),
    rename: async ({ from, to, version }) => guarded(await client.rename(from, to, version)),
    duplicate: async ({ from, to }) => value(await client.duplicate(from, to)),
    async remove({ path, version }) {
      guarded(await client.remove(path, version))
    },
    watch: (onChange, onReconnect) =>
      client.watch(onChange, onReconnect ? { onSnapshot: () => onReconnect() } : {}),
  }
}
