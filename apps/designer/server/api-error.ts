// Every refusal the server makes is one of these: an HTTP status plus a stable code and a message that says what to do.
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
    case 'EACCES':
    case 'EPERM':
      return new ApiError(500, 'internal', `Permission denied for "${path}"; check the file's permissions.`)
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
