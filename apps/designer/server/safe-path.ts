// Turns a client-supplied workspace path into an absolute path that is guaranteed to stay inside the workspace.
import { mkdir, realpath } from 'node:fs/promises'
import { isAbsolute, join, relative, sep } from 'node:path'
import { bidiControlAt } from '@routewright/node-support/printable'
import { controlAt, UNPAIRED_SURROGATE } from '@routewright/strategy-dsl/control-characters'
import { workspaceFileKind, workspaceFileSuffixes } from '../src/api/protocol.ts'
import { ApiError, apiErrorFromFs } from './api-error.ts'

const MAX_PATH_LENGTH = 1024
/** NAME_MAX of Linux and macOS file systems, in bytes. */
const MAX_NAME_BYTES = 255

/**
 * Checks the shape of a workspace path without touching the disk and returns it normalised
 * (forward slashes, no leading `./`). Throws ApiError for traversal, absolute paths, NUL bytes and the like.
 */
export function checkRelativePath(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length === 0) {
    throw new ApiError(400, 'bad-path', 'A file path is required, e.g. "vip.strategy.yaml".')
  }
  if (raw.length > MAX_PATH_LENGTH) throw new ApiError(400, 'bad-path', 'The file path is too long.')
  if (raw.includes('\0')) throw new ApiError(400, 'bad-path', 'The file path contains a NUL byte.')
  // the DSL's one rule, C1 too: a name with NEL (U+0085) or CSI (U+009B) was created, then broke or drove the
  // terminal of whoever listed the folder
  if (controlAt(raw) >= 0) {
    throw new ApiError(400, 'bad-path', 'The file path contains control characters.')
  }
  // a bidi override reorders what follows it, so "vip\u202Elmay.ygetarts.strategy.yaml" reads as another name
  const bidi = bidiControlAt(raw)
  if (bidi >= 0) {
    throw new ApiError(
      400,
      'bad-path',
      `The file path holds a bidirectional control character (U+${raw.charCodeAt(bidi).toString(16).toUpperCase()}) at character ${bidi + 1}, which makes a name read as another; rename it without it.`,
    )
  }
  // an unpaired surrogate has no UTF-8 form: the name made on disk would hold U+FFFD, not what the client named
  const unpaired = raw.search(UNPAIRED_SURROGATE)
  if (unpaired >= 0) {
    throw new ApiError(
      400,
      'bad-path',
      `The file path holds an unpaired UTF-16 surrogate at character ${unpaired + 1}, which no file name can hold; rename it with whole characters.`,
    )
  }
  if (isAbsolute(raw) || raw.startsWith('/') || raw.startsWith('\\') || /^[a-zA-Z]:/.test(raw)) {
    throw new ApiError(400, 'absolute-path', `"${raw}" is absolute; give a path relative to the workspace.`)
  }
  // a path that decodes to a traversal is refused too, in case something upstream decodes it again
  const decoded = decodeRepeatedly(raw)
  const segments = raw.split('/')
  if (
    raw.split(/[\\/]/).some((s) => s === '..') ||
    decoded.split(/[\\/]/).some((s) => s === '..') ||
    decoded.includes('\0')
  ) {
    throw new ApiError(400, 'path-traversal', `"${raw}" leaves the workspace ("..") and was refused.`)
  }
  if (raw.includes('\\')) {
    throw new ApiError(400, 'bad-path', `"${raw}" contains a backslash; use "/" between folders.`)
  }
  const kept = segments.filter((s) => s !== '.' && s !== '')
  if (kept.length !== segments.filter((s) => s !== '.').length || kept.length === 0) {
    throw new ApiError(400, 'bad-path', `"${raw}" has an empty folder name.`)
  }
  const long = kept.find((s) => Buffer.byteLength(s, 'utf8') > MAX_NAME_BYTES)
  if (long !== undefined) {
    throw new ApiError(
      400,
      'bad-path',
      `The name "${long.slice(0, 40)}…" is ${Buffer.byteLength(long, 'utf8')} bytes long; names can have at most ${MAX_NAME_BYTES}.`,
    )
  }
  if (kept.some((s) => s.startsWith('.'))) {
    throw new ApiError(400, 'bad-path', `"${raw}" names a hidden file or folder; those are not served.`)
  }
  return kept.join('/')
}

/** Like checkRelativePath, and the name must be a strategy, directory or test file. */
export function checkDocumentPath(raw: unknown): string {
  const path = checkRelativePath(raw)
  if (workspaceFileKind(path) === undefined) {
    throw new ApiError(
      400,
      'unsupported-file-type',
      `"${path}" is not a workspace document; names must end with one of ${workspaceFileSuffixes().join(', ')}.`,
    )
  }
  return path
}

function decodeRepeatedly(value: string): string {
  let current = value
  for (let i = 0; i < 3; i++) {
    let next: string
    try {
      next = decodeURIComponent(current)
    } catch {
      return current
    }
    if (next === current) return current
    current = next
  }
  return current
}

function isInside(root: string, candidate: string): boolean {
  const rel = relative(root, candidate)
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel))
}

/**
 * The real absolute location of an existing workspace file, after following symlinks;
 * refused if a link leads outside the workspace. `root` must itself be a realpath.
 */
export async function resolveExisting(root: string, path: string): Promise<string> {
  const joined = join(root, path)
  let real: string
  try {
    real = await realpath(joined)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new ApiError(404, 'not-found', `File "${path}" does not exist in the workspace.`)
    }
    throw apiErrorFromFs(error, path)
  }
  if (!isInside(root, real)) {
    throw new ApiError(
      403,
      'outside-workspace',
      `"${path}" is a link to a file outside the workspace; refused.`,
    )
  }
  return real
}

/**
 * Where a new file would go: its parent folder (after following links) must be inside the workspace.
 * With `makeFolders`, missing folders are created below the deepest existing one, once that one is proven inside.
 * Returns the absolute target path inside the real parent folder.
 */
export async function resolveNew(
  root: string,
  path: string,
  options: { makeFolders?: boolean } = {},
): Promise<string> {
  const segments = path.split('/')
  const name = segments.pop()!
  // walk up to the deepest folder that exists; everything below it is created by us, so cannot be a link
  let existing = segments.length
  let realParent: string | undefined
  while (realParent === undefined) {
    try {
      realParent = await realpath(join(root, ...segments.slice(0, existing)))
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || existing === 0)
        throw apiErrorFromFs(error, path)
      existing--
    }
  }
  if (!isInside(root, realParent)) {
    throw new ApiError(
      403,
      'outside-workspace',
      `The folder of "${path}" links outside the workspace; refused.`,
    )
  }
  const missing = segments.slice(existing)
  if (missing.length > 0) {
    if (options.makeFolders !== true) {
      throw new ApiError(404, 'not-found', `The folder of "${path}" does not exist in the workspace.`)
    }
    await mkdir(join(realParent, ...missing), { recursive: true })
  }
  return join(realParent, ...missing, name)
}
