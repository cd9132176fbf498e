// Where a test file's `directory:` may point: a relative path to a directory file that stays inside the workspace.
import { realpathSync } from 'node:fs'
import path from 'node:path'
import { documentKindOf } from '@routewright/strategy-dsl'

export type TestDirectoryResolution = { ok: true; path: string } | { ok: false; message: string }

/**
 * The workspace a test file belongs to: the working folder when the file is inside it, otherwise the test file's
 * own folder (so `routewright test /elsewhere/flows` still resolves siblings).
 */
export function workspaceRootFor(testFile: string, cwd: string): string {
  const relative = path.relative(cwd, testFile)
  return relative.startsWith('..') || path.isAbsolute(relative) ? path.dirname(testFile) : cwd
}

function inside(root: string, file: string): boolean {
  const relative = path.relative(root, file)
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)
}

/**
 * Resolves `value` (relative to the test file) and refuses absolute paths, paths that climb out of `root`, links
 * that lead out of it and files that are not directory files: a test file must not make the CLI read any file.
 */
export function resolveTestDirectory(testFile: string, value: string, root: string): TestDirectoryResolution {
  if (path.isAbsolute(value) || path.win32.isAbsolute(value)) {
    return {
      ok: false,
      message: `The directory "${value}" is an absolute path; write it relative to the test file (e.g. ../env/prod.directory.yaml)`,
    }
  }
  const resolved = path.resolve(path.dirname(testFile), value)
  if (!inside(root, resolved)) {
    return {
      ok: false,
      message: `The directory "${value}" is outside the workspace (${root}); keep directory files inside it`,
    }
  }
  if (documentKindOf(path.basename(resolved)) !== 'directory') {
    return {
      ok: false,
      message: `"${value}" is not a directory file; name directory files <env>.directory.yaml`,
    }
  }
  let real: string | undefined
  try {
    real = realpathSync(resolved)
  } catch {
    real = undefined // missing: the caller reports that with RW095
  }
  if (real !== undefined && !inside(realpathSync(root), real)) {
    return {
      ok: false,
      message: `The directory "${value}" is a link that leads outside the workspace (${root})`,
    }
  }
  return { ok: true, path: resolved }
}
