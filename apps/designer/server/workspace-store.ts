// The workspace operations behind the HTTP API: every path is checked, every write is atomic and version-guarded.
import type { Stats } from 'node:fs'
import { lstat, readFile, stat, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import {
  type CreateRequest,
  type DeleteRequest,
  type DuplicateRequest,
  type FileContent,
  type FileMeta,
  type RenameRequest,
  type WriteRequest,
  workspaceFileKind,
} from '../src/api/protocol.ts'
import { ApiError, apiErrorFromFs } from './api-error.ts'
import { atomicCreate, atomicReplace, renameNoClobber } from './atomic-write.ts'
import { checkDocumentPath, resolveExisting, resolveNew } from './safe-path.ts'
import { createWorkspaceScanner, versionOf } from './workspace-scan.ts'

export interface WorkspaceStore {
  readonly root: string
  list(): Promise<FileMeta[]>
  read(path: unknown): Promise<FileContent>
  /** `origin` is the calling client's id, passed to `announce` so change events can name who made them. */
  write(request: WriteRequest, origin?: string): Promise<FileMeta>
  create(request: CreateRequest, origin?: string): Promise<FileMeta>
  rename(request: RenameRequest, origin?: string): Promise<FileMeta>
  duplicate(request: DuplicateRequest, origin?: string): Promise<FileMeta>
  remove(request: DeleteRequest, origin?: string): Promise<void>
}

export interface WorkspaceStoreOptions {
  /** Called just before a change is committed to disk with the version the file will have (`null`: gone). */
  announce?: (path: string, version: string | null, origin: string) => void
}

function contentOf(path: string, bytes: Buffer, info: Stats): FileContent {
  const kind = workspaceFileKind(path)!
  return {
    path,
    kind,
    size: bytes.length,
    mtimeMs: info.mtimeMs,
    version: versionOf(bytes),
    text: bytes.toString('utf8'),
  }
}

function metaOf({ text: _text, ...meta }: FileContent): FileMeta {
  return meta
}

function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new ApiError(400, 'bad-request', `"${field}" must be a string.`)
  return value
}

async function exists(absolute: string): Promise<boolean> {
  return lstat(absolute).then(
    () => true,
    () => false,
  )
}

/** `root` must be an absolute realpath (the CLI resolves it once at startup). */
export function createWorkspaceStore(root: string, options: WorkspaceStoreOptions = {}): WorkspaceStore {
  const scanner = createWorkspaceScanner(root)
  function announce(path: string, version: string | null, origin: string | undefined): void {
    if (origin !== undefined) options.announce?.(path, version, origin)
  }
  // one mutation at a time: the version check and the rename must not interleave with another request's
  let queue: Promise<unknown> = Promise.resolve()
  function exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task, task)
    queue = run.catch(() => {})
    return run
  }

  async function readAt(path: string, absolute: string): Promise<FileContent> {
    try {
      // stat first: reading a FIFO or device named like a strategy would hang or never end
      const info = await stat(absolute)
      if (!info.isFile()) throw new ApiError(400, 'bad-path', `"${path}" is not a regular file.`)
      return contentOf(path, await readFile(absolute), info)
    } catch (error) {
      throw apiErrorFromFs(error, path)
    }
  }

  async function read(raw: unknown): Promise<FileContent> {
    const path = checkDocumentPath(raw)
    return readAt(path, await resolveExisting(root, path))
  }

  /** The current content, or null if the file is gone. */
  async function current(path: string): Promise<FileContent | null> {
    try {
      return await read(path)
    } catch (error) {
      if (error instanceof ApiError && error.code === 'not-found') return null
      throw error
    }
  }

  function conflict(path: string, now: FileContent | null): ApiError {
    const message =
      now === null
        ? `"${path}" was deleted on disk since you opened it; save with overwrite to recreate it.`
        : `"${path}" changed on disk since you opened it (for example a git pull); reload it or overwrite it.`
    return new ApiError(409, 'conflict', message, now)
  }

  async function write(request: WriteRequest, origin?: string): Promise<FileMeta> {
    const path = checkDocumentPath(request.path)
    const text = requireString(request.text, 'text')
    const baseVersion = requireString(request.baseVersion, 'baseVersion')
    const bytes = Buffer.from(text, 'utf8')
    return exclusive(async () => {
      const now = await current(path)
      if (now === null) {
        if (request.force !== true) throw conflict(path, null)
        const target = await resolveNew(root, path)
        announce(path, versionOf(bytes), origin)
        await atomicCreate(target, bytes).catch((error) => {
          throw apiErrorFromFs(error, path)
        })
        return metaOf(await read(path))
      }
      if (now.version !== baseVersion && request.force !== true) throw conflict(path, now)
      // the server writes exactly the text it gets; an identical save does not even touch the mtime
      if (now.version === versionOf(bytes)) return metaOf(now)
      const target = await resolveExisting(root, path)
      announce(path, versionOf(bytes), origin)
      await atomicReplace(target, bytes).catch((error) => {
        throw apiErrorFromFs(error, path)
      })
      return metaOf(await readAt(path, target))
    })
  }

  async function create(request: CreateRequest, origin?: string): Promise<FileMeta> {
    const path = checkDocumentPath(request.path)
    const bytes = Buffer.from(requireString(request.text, 'text'), 'utf8')
    return exclusive(async () => {
      const target = await resolveNew(root, path, { makeFolders: true })
      if (await exists(target)) {
        throw new ApiError(409, 'already-exists', `"${path}" already exists; pick another name.`)
      }
      announce(path, versionOf(bytes), origin)
      await atomicCreate(target, bytes).catch((error) => {
        throw apiErrorFromFs(error, path)
      })
      return metaOf(await read(path))
    })
  }

  async function rename(request: RenameRequest, origin?: string): Promise<FileMeta> {
    const from = checkDocumentPath(request.from)
    const to = checkDocumentPath(request.to)
    const version = requireString(request.version, 'version')
    return exclusive(async () => {
      const now = await current(from)
      if (now === null)
        throw new ApiError(404, 'not-found', `File "${from}" does not exist in the workspace.`)
      if (now.version !== version) throw conflict(from, now)
      if (from === to) return metaOf(now)
      const target = await resolveNew(root, to, { makeFolders: true })
      if (await exists(target)) {
        throw new ApiError(409, 'already-exists', `"${to}" already exists; pick another name.`)
      }
      announce(from, null, origin)
      announce(to, now.version, origin)
      // move the entry itself (a link stays a link); resolveExisting in current() proved it stays inside
      await renameNoClobber(join(root, from), target).catch((error) => {
        throw apiErrorFromFs(error, to)
      })
      return metaOf(await read(to))
    })
  }

  async function duplicate(request: DuplicateRequest, origin?: string): Promise<FileMeta> {
    const from = checkDocumentPath(request.from)
    const to = checkDocumentPath(request.to)
    return exclusive(async () => {
      const source = await resolveExisting(root, from)
      const info = await stat(source)
      if (!info.isFile()) throw new ApiError(400, 'bad-path', `"${from}" is not a regular file.`)
      const bytes = await readFile(source).catch((error) => {
        throw apiErrorFromFs(error, from)
      })
      const mode = info.mode & 0o7777
      const target = await resolveNew(root, to, { makeFolders: true })
      if (await exists(target)) {
        throw new ApiError(409, 'already-exists', `"${to}" already exists; pick another name.`)
      }
      announce(to, versionOf(bytes), origin)
      await atomicCreate(target, bytes, mode).catch((error) => {
        throw apiErrorFromFs(error, to)
      })
      return metaOf(await read(to))
    })
  }

  async function remove(request: DeleteRequest, origin?: string): Promise<void> {
    const path = checkDocumentPath(request.path)
    const version = requireString(request.version, 'version')
    return exclusive(async () => {
      const now = await current(path)
      if (now === null)
        throw new ApiError(404, 'not-found', `File "${path}" does not exist in the workspace.`)
      if (now.version !== version) throw conflict(path, now)
      announce(path, null, origin)
      await unlink(join(root, path)).catch((error) => {
        throw apiErrorFromFs(error, path)
      })
    })
  }

  return { root, list: () => scanner.scan(), read, write, create, rename, duplicate, remove }
}
