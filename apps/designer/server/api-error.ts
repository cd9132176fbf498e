// Every refusal the server makes is one of these: an HTTP status plus a stable code and a message that says what to do.
import { basename, dirname, sep } from 'node:path'
import type { ApiErrorBody, ApiErrorCode, FileContent } from '../src/api/protocol.ts'

export class ApiError extends Error {
  readonly status: number
  readonly code: ApiErrorCode
  readonly current: FileContent | null | undefined

  constructor(status: number, code: ApiErrorCode, message: string, current?: FileContent | null) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.current = current
  }

  toBody(): ApiErrorBody {
    const body: ApiErrorBody = { error: { code: this.code, message: this.message } }
    if (this.current !== undefined) body.current = this.current
    return body
  }
}

/** Node's errno codes mapped to API errors, so a filesystem fault never surfaces as a bare 500. */
export function apiErrorFromFs(error: unknown, path: string): ApiError {
  if (error instanceof ApiError) return error
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  switch (code) {
    case 'ENOENT':
      return new ApiError(404, 'not-found', `File "${path}" does not exist in the workspace.`)
    case 'EEXIST':
      return new ApiError(409, 'already-exists', `File "${path}" already exists; pick another name.`)
    case 'EISDIR':
      return new ApiError(400, 'bad-path', `"${path}" is a folder, not a file.`)
    case 'ENOTDIR':
      return new ApiError(400, 'bad-path', `A part of "${path}" is a file, not a folder.`)
    case 'ENAMETOOLONG':
      return new ApiError(
        400,
        'bad-path',
        `The path "${path.slice(0, 80)}…" is too long for this file system.`,
      )
    case 'ELOOP':
      return new ApiError(
        400,
        'bad-path',
        `"${path}" is a symbolic link loop (the links lead back to themselves); fix or remove the link.`,
      )
    case 'EROFS':
      return new ApiError(
        500,
        'internal',
        `The disk holding "${path}" is read-only; nothing was changed. Mount it writable to save.`,
      )
    case 'EREADONLY':
      return new ApiError(
        403,
        'read-only',
        `"${path}" is read-only on disk, so it was not saved; nothing was changed. Make it writable (for example chmod u+w) and save again.`,
      )
    case 'EACCES':
    case 'EPERM':
      return permissionDenied(error as NodeJS.ErrnoException, path)
    case 'ENOSPC':
      return new ApiError(
        500,
        'internal',
        `No space left on the disk while writing "${path}"; nothing was changed.`,
      )
    default:
      return new ApiError(
        500,
        'internal',
        `Unexpected error on "${path}": ${error instanceof Error ? error.message : String(error)}`,
      )
  }
}

/** Creating, linking, renaming or removing an entry needs write permission on its folder, not on the file. */
const FOLDER_CALLS = new Set(['mkdir', 'link', 'rename', 'unlink', 'rmdir'])

/**
 * A save is a new file beside the old one (staged, then renamed over), so a denied save is almost always its
 * folder: the message names the folder and how to fix it, and names the file only when the file itself refused.
 */
function permissionDenied(error: NodeJS.ErrnoException & { dest?: string }, path: string): ApiError {
  // link() and rename() report the source as `path`: the entry being made is `dest`
  const entry = error.dest ?? error.path
  const folderCall =
    FOLDER_CALLS.has(error.syscall ?? '') || (entry !== undefined && basename(entry) !== basename(path))
  if (entry === undefined || !folderCall)
    return new ApiError(500, 'internal', `Permission denied for "${path}"; check the file's permissions.`)
  const folder = workspaceFolder(dirname(entry), path)
  const named = folder === '' ? 'the workspace folder' : `the folder "${folder}"`
  return new ApiError(
    500,
    'internal',
    `Permission denied: ${named} is not writable, so "${path}" cannot be saved in it; nothing was changed. ` +
      `Give the user running the designer write permission on ${folder === '' ? 'it' : `"${folder}"`} (for example chmod u+w), or save the file in another folder.`,
  )
}

/** The workspace-relative name of `absolute`, an ancestor folder of `path` (relative): "" for the workspace root. */
function workspaceFolder(absolute: string, path: string): string {
  for (let folder = dirname(path); folder !== '.' && folder !== ''; folder = dirname(folder)) {
    if (absolute.endsWith(`${sep}${folder}`)) return folder
  }
  return ''
}
