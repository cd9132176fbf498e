// Reads a workspace folder (strategies and one directory file) from disk, validates it in full, and names the
// result by a content hash, so a router only ever runs a set of strategies that validated together.
import { createHash } from 'node:crypto'
import { stat } from 'node:fs/promises'
import path from 'node:path'
import { notFileDiagnostics } from '@routewright/node-support/not-file'
import { decodeUtf8, readBoundedFile } from '@routewright/node-support/read'
import { walkFiles } from '@routewright/node-support/walk'
import {
  type Diagnostic,
  documentKindOf,
  formatDiagnostic,
  MAX_DOCUMENT_BYTES,
} from '@routewright/strategy-dsl'
import {
  type CheckedWorkspace,
  checkWorkspace,
  WORKSPACE_CODES,
  type WorkspaceFile,
  workspaceDiagnostic,
} from '../workspace/check-workspace.ts'

export interface LoadWorkspaceOptions {
  /**
   * The directory file. A relative path is read against the workspace folder (`dir`), never the current folder (the
   * CLI's `--directory` is, and passes it on absolute): when only the current folder has it, RW098 says so and names
   * the absolute path to pass. Default: the workspace's only `*.directory.yaml`.
   */
  directory?: string
}

/** A workspace that validated: what `createRouter` needs, plus where it came from and its version. */
export interface LoadedWorkspace extends CheckedWorkspace {
  /** The absolute workspace folder. */
  root: string
  /** The directory file used (absolute). */
  directoryFile: string
  /** The strategy files read, relative to `root`, sorted. */
  files: string[]
  /**
   * Symbolic links met and not followed that a user would expect to be read (named like a workspace document, or
   * leading to a folder), relative to `root`, sorted: say so, since nothing else shows they were left out.
   */
  skippedLinks: string[]
  /** A content hash of every file read (12 hex digits): the same files give the same version. */
  version: string
}

/** Thrown by loadWorkspace when the set of files does not validate; `diagnostics` says where and why. */
export class WorkspaceError extends Error {
  override name = 'WorkspaceError'
  constructor(readonly diagnostics: Diagnostic[]) {
    const errors = diagnostics.filter((d) => d.severity === 'error')
    const shown = errors.slice(0, 20).map((d) => `  ${formatDiagnostic(d)}`)
    if (errors.length > shown.length) shown.push(`  ... and ${errors.length - shown.length} more`)
    super(
      `The workspace does not validate (${errors.length} error${errors.length === 1 ? '' : 's'}):\n${shown.join('\n')}`,
    )
  }
}

export type LoadWorkspaceResult =
  | { success: true; data: LoadedWorkspace }
  | { success: false; diagnostics: Diagnostic[] }

/**
 * Loads and validates every strategy under `dir` with its directory; throws a WorkspaceError listing the
 * diagnostics when anything is wrong.
 * @example
 * const workspace = await loadWorkspace('flows', { directory: 'env/prod.directory.yaml' })
 * const router = createRouter({ ...workspace, clock: createRealClock(), onEvent })
 */
export async function loadWorkspace(
  dir: string,
  options: LoadWorkspaceOptions = {},
): Promise<LoadedWorkspace> {
  const result = await safeLoadWorkspace(dir, options)
  if (result.success) return result.data
  throw new WorkspaceError(result.diagnostics)
}

/** Like loadWorkspace, but returns `{ success: false, diagnostics }` instead of throwing. */
export async function safeLoadWorkspace(
  dir: string,
  options: LoadWorkspaceOptions = {},
): Promise<LoadWorkspaceResult> {
  // from plain JavaScript: path.resolve would throw Node's "paths[0]" TypeError, and a string for options be ignored
  if (typeof dir !== 'string')
    return fail(
      workspaceDiagnostic(
        WORKSPACE_CODES.unreadable,
        `The workspace folder must be a path string (got ${describe(dir)}).`,
      ),
    )
  if (typeof options !== 'object' || options === null)
    return fail(
      workspaceDiagnostic(
        WORKSPACE_CODES.directory,
        `The options must be an object such as { directory: 'env/prod.directory.yaml' } (got ${describe(options)}).`,
      ),
    )
  if (options.directory !== undefined && typeof options.directory !== 'string')
    return fail(
      workspaceDiagnostic(
        WORKSPACE_CODES.directory,
        `The directory option must be the path of a *.directory.yaml file (got ${describe(options.directory)}).`,
      ),
    )
  const root = path.resolve(dir)
  const rootStat = await stat(root).catch(() => undefined)
  if (!rootStat?.isDirectory())
    return fail(
      workspaceDiagnostic(
        WORKSPACE_CODES.unreadable,
        rootStat
          ? `The workspace ${root} is a file, not a folder: give the folder that holds the strategies and the directory file.`
          : `The workspace folder ${root} does not exist.`,
      ),
    )
  // the one folder walk: links not followed, dependencies, build output and hidden folders skipped
  const walked = await walkFiles(root, { accept: (name) => documentKindOf(name) !== undefined })
  const found = walked.files
  const skippedLinks = await linksWorthNaming(root, walked.skippedLinks)
  // RW091 warnings, never a refusal: a FIFO or folder named like a document is left out, and said so
  const notFiles = await notFileDiagnostics(walked.notFiles, root)
  const refuse = (diagnostic: Diagnostic): LoadWorkspaceResult => ({
    success: false,
    diagnostics: [diagnostic, ...notFiles],
  })
  const linksNote = skippedLinks.length === 0 ? '' : ` ${skippedNote(skippedLinks)}`
  const strategyPaths = found.filter((f) => documentKindOf(path.basename(f)) === 'strategy')
  const candidates = found.filter((f) => documentKindOf(path.basename(f)) === 'directory')
  let directoryPath: string
  if (options.directory !== undefined) {
    directoryPath = path.resolve(root, options.directory)
    const missing = await namedDirectoryMissing(root, options.directory, directoryPath, candidates)
    if (missing !== undefined)
      return refuse(workspaceDiagnostic(WORKSPACE_CODES.directory, missing, options.directory))
  } else {
    if (candidates.length !== 1)
      return refuse(
        workspaceDiagnostic(
          WORKSPACE_CODES.directory,
          candidates.length === 0
            ? `No *.directory.yaml in ${root}: add one, or name it with the directory option (--directory).${linksNote}`
            : `Several directory files in ${root} (${candidates.map((c) => show(root, c)).join(', ')}): name the one to use with the directory option (--directory).`,
        ),
      )
    directoryPath = candidates[0]!
  }
  if (strategyPaths.length === 0)
    return refuse(
      workspaceDiagnostic(WORKSPACE_CODES.directory, `No *.strategy.yaml files under ${root}.${linksNote}`),
    )

  const unreadable: Diagnostic[] = []
  const read = async (file: string): Promise<WorkspaceFile | undefined> => {
    const shown = show(root, file)
    // bounded and non-blocking: a FIFO given as --directory (or swapped in after the walk) must not hang a reload
    const read = await readBoundedFile(file, MAX_DOCUMENT_BYTES)
    if (read.ok) return { path: shown, content: decodeUtf8(read.bytes) ?? read.bytes }
    unreadable.push(
      read.reason === 'too-large'
        ? workspaceDiagnostic(
            'RW003',
            `The file is ${read.size} bytes, over the ${MAX_DOCUMENT_BYTES}-byte limit.`,
            shown,
          )
        : workspaceDiagnostic(WORKSPACE_CODES.unreadable, `${read.message}.`, shown),
    )
    return undefined
  }
  const directoryFile = await read(directoryPath)
  const strategyFiles = (await Promise.all(strategyPaths.map(read))).filter((f) => f !== undefined)
  if (!directoryFile || unreadable.length > 0)
    return { success: false, diagnostics: [...unreadable, ...notFiles] }

  const checked = checkWorkspace(strategyFiles, directoryFile)
  if (!checked.success) return { success: false, diagnostics: [...checked.diagnostics, ...notFiles] }
  const hash = createHash('sha256')
  for (const file of [directoryFile, ...strategyFiles].sort((a, b) => a.path.localeCompare(b.path))) {
    hash.update(file.path).update('\0').update(file.content).update('\0')
  }
  return {
    success: true,
    data: {
      ...checked.data,
      diagnostics: [...notFiles, ...checked.data.diagnostics],
      root,
      directoryFile: directoryPath,
      files: strategyFiles.map((f) => f.path).sort(),
      skippedLinks,
      version: hash.digest('hex').slice(0, 12),
    },
  }
}

/**
 * Why the directory file named in the options cannot be used (not there, or a folder), with the workspace's own
 * directory files to choose from; undefined when it is a file (an unreadable one is RW090's, where it is read).
 */
async function namedDirectoryMissing(
  root: string,
  given: string,
  resolved: string,
  candidates: readonly string[],
): Promise<string | undefined> {
  let what: string
  try {
    if (!(await stat(resolved)).isDirectory()) return undefined
    what = 'is a folder, not a directory file'
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code !== 'ENOENT' && code !== 'ENOTDIR') return undefined
    what = 'does not exist'
  }
  // the CLI reads --directory against the current folder: a host passing that text is told the rule, not guessed for
  const fromCwd = path.isAbsolute(given) ? resolved : path.resolve(given)
  if (
    fromCwd !== resolved &&
    (await stat(fromCwd).then(
      (info) => info.isFile(),
      () => false,
    ))
  ) {
    const inside = show(root, fromCwd)
    const or = path.isAbsolute(inside) ? '' : `, or "${inside}" (relative to the workspace)`
    return `The directory file "${given}" (resolved to ${resolved}) ${what}; a relative path is read against the workspace folder, not the current one, where it names ${fromCwd}: pass that absolute path${or}.`
  }
  const found = candidates.map((c) => show(root, c))
  const fix =
    found.length === 0
      ? `the workspace ${root} has no *.directory.yaml: add one, or fix the path`
      : `the workspace has ${found.join(', ')}: name ${found.length === 1 ? 'it' : 'one of them'} with the directory option (--directory)`
  return `The directory file "${given}" (resolved to ${resolved}) ${what}; ${fix}.`
}

function describe(value: unknown): string {
  if (value === undefined || value === null) return String(value)
  return typeof value === 'string' ? `string ${JSON.stringify(value)}` : `${typeof value} ${String(value)}`
}

function fail(diagnostic: Diagnostic): LoadWorkspaceResult {
  return { success: false, diagnostics: [diagnostic] }
}

function show(root: string, file: string): string {
  const relative = path.relative(root, file)
  return (relative.startsWith('..') || path.isAbsolute(relative) ? file : relative).split(path.sep).join('/')
}

/** The links a user would expect read: named like a document, or leading to a folder (of strategies, say). */
async function linksWorthNaming(root: string, links: readonly string[]): Promise<string[]> {
  const named: string[] = []
  for (const link of links) {
    const isFolder = await stat(link).then(
      (info) => info.isDirectory(),
      () => false, // dangling or a loop: named only when it looks like a document
    )
    if (isFolder || documentKindOf(path.basename(link)) !== undefined) named.push(show(root, link))
  }
  return named
}

/** One sentence for logs and diagnostics: which links were left out, and what to do instead. */
export function skippedNote(links: readonly string[]): string {
  const shown = links.slice(0, 10).join(', ')
  const more = links.length > 10 ? ` and ${links.length - 10} more` : ''
  return `Symbolic links are not followed (they could lead outside the workspace or loop), so ${links.length === 1 ? 'this one was' : `these ${links.length} were`} skipped: ${shown}${more}. Copy the files into the workspace, or link the other way round.`
}
