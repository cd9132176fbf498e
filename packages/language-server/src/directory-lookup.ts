// Which directory file a file's names resolve against: the nearest one above it, or the one a test file names.
import path from 'node:path'
import { resolveTestDirectory, workspaceRootFor } from '@routewright/node-support/test-directory'
import type { Diagnostic } from '@routewright/strategy-dsl'
import type { ProjectFile } from './project-file.ts'

/** The workspace folder holding `file` (the deepest one), undefined outside them all. */
export function folderOf(folders: readonly string[], file: string): string | undefined {
  let found: string | undefined
  for (const folder of folders) {
    const relative = path.relative(folder, file)
    const inside = !relative.startsWith('..') && !path.isAbsolute(relative)
    if (inside && (found === undefined || folder.length > found.length)) found = folder
  }
  return found
}

/**
 * The directory names resolve against: the only directory file of `file`'s workspace folder, or the one nearest to
 * `file` when several; another folder's directory never (a multi-root workspace is unrelated projects side by side).
 */
export function nearestDirectory(
  all: readonly ProjectFile[],
  file: string,
  folders: readonly string[] = [],
): ProjectFile | undefined {
  const home = folderOf(folders, file)
  const directories = all.filter(
    (f) => f.kind === 'directory' && (folders.length === 0 || folderOf(folders, f.path) === home),
  )
  if (directories.length <= 1 && (home !== undefined || folders.length === 0)) return directories[0]
  const folder = path.dirname(file)
  // in the directory's folder or below it: `sub2/` is not below `sub/`
  const near = directories.filter((d) => {
    const relative = path.relative(path.dirname(d.path), folder)
    return !relative.startsWith('..') && !path.isAbsolute(relative)
  })
  // the deepest folder; in one folder a readable file before one that cannot be read (a folder named like one)
  const rank = (d: ProjectFile) => [path.dirname(d.path).length, d.unreadable ? 0 : 1, d.path.length]
  return near.sort((a, b) => {
    const [x, y] = [rank(a), rank(b)]
    return y[0]! - x[0]! || y[1]! - x[1]! || y[2]! - x[2]!
  })[0]
}

/** Where a test file's directory comes from: the project's files by path and its nearest-directory rule. */
export interface DirectorySource {
  root: string
  /** The workspace folder a file is in: a test's `directory:` may not climb out of it. */
  rootFor(file: string): string
  get(file: string): ProjectFile | undefined
  directoryFor(file: string): ProjectFile | undefined
}

/** The directory a test file names (`directory:`), inside the workspace; otherwise the default one. */
export function testDirectoryOf(
  file: ProjectFile,
  source: DirectorySource,
): { directory?: ProjectFile; problem?: Diagnostic } {
  if (!file.test?.directory) {
    const nearest = source.directoryFor(file.path)
    return nearest ? { directory: nearest } : {}
  }
  const resolved = resolveTestDirectory(
    file.path,
    file.test.directory,
    workspaceRootFor(file.path, source.rootFor(file.path)),
  )
  const range = file.locator?.rangeOf(['directory'])
  if (!resolved.ok) {
    return {
      problem: {
        code: 'RW097',
        severity: 'error',
        message: resolved.message,
        path: ['directory'],
        ...(range ? { range } : {}),
      },
    }
  }
  const directory = source.get(resolved.path)
  if (!directory) {
    return {
      problem: {
        code: 'RW095',
        severity: 'error',
        message: `The directory file "${file.test.directory}" does not exist; the path is relative to the test file`,
        path: ['directory'],
        ...(range ? { range } : {}),
      },
    }
  }
  return { directory }
}
