// The workspace operations behind the HTTP API: every path is checked, every write is atomic and version-guarded.
import { isUtf8 } from 'node:buffer'
import { constants, type Stats } from 'node:fs'
import { chmod, type FileHandle, lstat, open, rename as renameFile, stat, unlink } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { ALARMS_FILE } from '@routewright/server/alarms-read'
import {
  createFileLineIndex,
  type Diagnostic,
  decodeInput,
  formatPlace,
  strategyNodeLimit,
} from '@routewright/strategy-dsl'
import { UNPAIRED_SURROGATE } from '@routewright/strategy-dsl/control-characters'
import {
  type AlarmsResponse,
  type CreateRequest,
  type DeleteRequest,
  type DuplicateRequest,
  type FileContent,
  type FileMeta,
  MAX_FILE_BYTES,
  type RenameRequest,
  type WriteRequest,
  workspaceFileKind,
} from '../src/api/protocol.ts'
import { ApiError, apiErrorFromFs } from './api-error.ts'
import {
  atomicCreate,
  atomicReplace,
  refuseReadOnly,
  renameNoClobber,
  syncFolder,
  tempPathFor,
} from './atomic-write.ts'
import { createKeyedLock } from './keyed-lock.ts'
import { checkDocumentPath, resolveExisting, resolveNew } from './safe-path.ts'
import { createWorkspaceScanner, versionOf } from './workspace-scan.ts'

export interface WorkspaceStore {
  readonly root: string
  list(): Promise<FileMeta[]>
  /** Documents the last list left out, past its cap on files. */
  omitted(): number
  /** RW091 warnings of the last list: entries named like a document that are not regular files, never read. */
  skipped(): Diagnostic[]
  read(path: unknown): Promise<FileContent>
  /** `origin` is the calling client's id, passed to `announce` so change events can name who made them. */
  write(request: WriteRequest, origin?: string): Promise<FileMeta>
  create(request: CreateRequest, origin?: string): Promise<FileMeta>
  rename(request: RenameRequest, origin?: string): Promise<FileMeta>
  duplicate(request: DuplicateRequest, origin?: string): Promise<FileMeta>
  remove(request: DeleteRequest, origin?: string): Promise<void>
  /** serve's `alarms.yaml` at the root, read only (it is no designer document): null when there is none. */
  readAlarms(): Promise<AlarmsResponse['alarms']>
}

export interface WorkspaceStoreOptions {
  /** Called just before a change is committed to disk with the version the file will have (`null`: gone). */
  announce?: (path: string, version: string | null, origin: string) => void
  /** Files over this many bytes are listed but not read (default MAX_FILE_BYTES). */
  maxFileBytes?: number
  /** Files listed at most (default the scanner's MAX_FILES). */
  maxFiles?: number
  /** The atomic replace used to stage a save (default atomic-write's); tests pass a slow one. */
  atomicReplace?: (target: string, bytes: Buffer) => Promise<void>
}

/** `opening`: the text goes to an editor, so it must be exact; internal reads only compare versions. */
function contentOf(path: string, bytes: Buffer, info: Stats, opening: boolean): FileContent {
  const kind = workspaceFileKind(path)!
  return {
    path,
    kind,
    size: bytes.length,
    mtimeMs: info.mtimeMs,
    version: versionOf(bytes),
    text: opening ? utf8TextOf(path, bytes) : bytes.toString('utf8'),
  }
}

/**
 * The file's text, exactly (a byte order mark kept); refused when it is not UTF-8, since replacement characters
 * would reach the editor and a save would then overwrite the original bytes with them.
 */
export function utf8TextOf(path: string, bytes: Buffer): string {
  if (isUtf8(bytes)) return bytes.toString('utf8')
  const decoded = decodeInput(bytes)
  const first = 'diagnostics' in decoded ? decoded.diagnostics[0] : undefined
  const where = formatPlace(path, first?.range)
  throw new ApiError(
    422,
    'not-utf8',
    `${where}: ${first?.message ?? 'The file is not valid UTF-8. Save it as UTF-8.'} ` +
      'The designer opens UTF-8 files only, so a save cannot corrupt it: convert it in a text editor ' +
      '(e.g. iconv -f latin1 -t utf-8) and reload.',
  )
}

export function fileTooLarge(path: string, size: number, limit: number): ApiError {
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`
  return new ApiError(
    413,
    'file-too-large',
    `"${path}" is ${mb(size)}, over the ${mb(limit)} limit for a workspace file, so the designer does not open it; ` +
      'split it or edit it in a text editor.',
  )
}

/** Reads a regular file of at most `limit` bytes through one handle, so a file that grows meanwhile is caught too. */
async function readBounded(
  path: string,
  absolute: string,
  limit: number,
): Promise<{ bytes: Buffer; info: Stats }> {
  // O_NONBLOCK: opening a FIFO named like a strategy must not hang; it is refused below as not a regular file
  const handle: FileHandle = await open(absolute, constants.O_RDONLY | constants.O_NONBLOCK)
  try {
    const info = await handle.stat()
    if (!info.isFile()) throw new ApiError(400, 'bad-path', `"${path}" is not a regular file.`)
    if (info.size > limit) throw fileTooLarge(path, info.size, limit)
    const buffer = Buffer.alloc(Math.min(limit, info.size) + 1)
    let length = 0
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length)
      if (bytesRead === 0) break
      length += bytesRead
      if (length > limit) throw fileTooLarge(path, length, limit)
      if (length === buffer.length) break
    }
    return { bytes: buffer.subarray(0, length), info }
  } finally {
    await handle.close()
  }
}

function metaOf({ text: _text, ...meta }: FileContent): FileMeta {
  return meta
}

function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new ApiError(400, 'bad-request', `"${field}" must be a string.`)
  return value
}

/** A document's text as its UTF-8 bytes; an unpaired surrogate is refused, as UTF-8 would turn it into U+FFFD. */
function textBytes(value: unknown, path: string): Buffer {
  const text = requireString(value, 'text')
  const at = text.search(UNPAIRED_SURROGATE)
  if (at >= 0) {
    // the DSL's lines and columns (a lone CR ends a line, a byte order mark is no column): validate's place
    const place = formatPlace(path, createFileLineIndex(text)(at))
    throw new ApiError(
      400,
      'bad-request',
      `${place}: the text holds an unpaired UTF-16 surrogate, which UTF-8 cannot store (it would be saved as U+FFFD); nothing was saved. Delete or retype that character.`,
    )
  }
  refuseOverLimit(path, text)
  return Buffer.from(text, 'utf8')
}

/**
 * A strategy over the DSL's node limit (RW013) is not saved: every later open, validation and deploy would refuse
 * it. A broken strategy still saves (the designer keeps work in progress); only the count is checked here.
 */
function refuseOverLimit(path: string, text: string): void {
  if (workspaceFileKind(path) !== 'strategy') return
  const problem = strategyNodeLimit(text, path)
  if (!problem) return
  throw new ApiError(
    422,
    'too-many-nodes',
    `${formatPlace(path, problem.range)}: ${problem.code} ${problem.message} Nothing was saved.`,
  )
}

async function exists(absolute: string): Promise<boolean> {
  return lstat(absolute).then(
    () => true,
    () => false,
  )
}

/** `root` must be an absolute realpath (the CLI resolves it once at startup). */
export function createWorkspaceStore(root: string, options: WorkspaceStoreOptions = {}): WorkspaceStore {
  const maxFileBytes = options.maxFileBytes ?? MAX_FILE_BYTES
  const replaceFile = options.atomicReplace ?? atomicReplace
  const scanner = createWorkspaceScanner(root, {
    maxFileBytes,
    ...(options.maxFiles !== undefined ? { maxFiles: options.maxFiles } : {}),
  })
  function announce(path: string, version: string | null, origin: string | undefined): void {
    if (origin !== undefined) options.announce?.(path, version, origin)
  }
  // one mutation at a time per file: a version check and its rename never interleave with another request's
  const lock = createKeyedLock()
  const exclusive = <T>(paths: readonly string[], task: () => Promise<T>) => lock.run(paths, task)

  async function readAt(path: string, absolute: string, opening = false): Promise<FileContent> {
    try {
      const { bytes, info } = await readBounded(path, absolute, maxFileBytes)
      return contentOf(path, bytes, info, opening)
    } catch (error) {
      throw apiErrorFromFs(error, path)
    }
  }

  async function read(raw: unknown): Promise<FileContent> {
    const path = checkDocumentPath(raw)
    return readAt(path, await resolveExisting(root, path))
  }

  /** What the API's open returns: the exact text, or a refusal naming why it cannot be edited safely. */
  async function openForEditing(raw: unknown): Promise<FileContent> {
    const path = checkDocumentPath(raw)
    return readAt(path, await resolveExisting(root, path), true)
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
    const bytes = textBytes(request.text, path)
    const baseVersion = requireString(request.baseVersion, 'baseVersion')
    return exclusive([path], async () => {
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
      await replaceChecked(path, target, bytes, now.version, origin)
      return metaOf(await readAt(path, target))
    })
  }

  /**
   * Replaces `target` only if it still holds `expected` when the new bytes are in place beside it. The slow part
   * (writing and syncing the bytes) runs first, into a hidden staging file; the file is then compared again and
   * renamed over at once, so an edit made on disk during the write is reported as a conflict instead of lost.
   */
  async function replaceChecked(
    path: string,
    target: string,
    bytes: Buffer,
    expected: string,
    origin: string | undefined,
  ): Promise<void> {
    const staged = tempPathFor(target)
    try {
      const mode = (await stat(target)).mode & 0o7777
      // the staged file is renamed over the target, which a read-only mode would not stop
      await refuseReadOnly(target, mode)
      await replaceFile(staged, bytes)
      await chmod(staged, mode)
      const again = await current(path)
      if (again === null || again.version !== expected) throw conflict(path, again)
      announce(path, versionOf(bytes), origin)
      await renameFile(staged, target)
    } catch (error) {
      await unlink(staged).catch(() => {})
      throw apiErrorFromFs(error, path)
    }
    await syncFolder(dirname(target))
  }

  async function create(request: CreateRequest, origin?: string): Promise<FileMeta> {
    const path = checkDocumentPath(request.path)
    const bytes = textBytes(request.text, path)
    return exclusive([path], async () => {
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
    return exclusive([from, to], async () => {
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
    return exclusive([from, to], async () => {
      const source = await resolveExisting(root, from)
      const { bytes, info } = await readBounded(from, source, maxFileBytes).catch((error) => {
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
    return exclusive([path], async () => {
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

  async function readAlarms(): Promise<AlarmsResponse['alarms']> {
    try {
      // the same checks as a document: inside the workspace after links, a regular file, under the size limit
      const { bytes } = await readBounded(ALARMS_FILE, await resolveExisting(root, ALARMS_FILE), maxFileBytes)
      return { path: ALARMS_FILE, version: versionOf(bytes), text: bytes.toString('utf8') }
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return null
      throw error instanceof ApiError ? error : apiErrorFromFs(error, ALARMS_FILE)
    }
  }

  return {
    root,
    list: () => scanner.scan(),
    omitted: () => scanner.omitted(),
    skipped: () => scanner.skipped(),
    read: openForEditing,
    write,
    create,
    rename,
    duplicate,
    remove,
    readAlarms,
  }
}
