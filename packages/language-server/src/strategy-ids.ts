// pure: strategies that share one id (RW094, as `routewright validate` reports it) and which of them a file means.
import path from 'node:path'
import { type Diagnostic, duplicateStrategyMessage } from '@routewright/strategy-dsl'
import type { ProjectFile } from './project-file.ts'

/** RW094 at `entry`'s `strategy:` value when another file of `sameId` declares its id (each names the first other, at its id). */
export function duplicateIdFinding(
  entry: ProjectFile,
  sameId: readonly ProjectFile[],
  root: string,
): Diagnostic | undefined {
  const other = sameId.find((file) => file !== entry)
  if (!entry.strategy || !other) return undefined
  const range = entry.locator?.rangeOf(['strategy'])
  return {
    code: 'RW094',
    severity: 'error',
    message: duplicateStrategyMessage(
      entry.strategy.strategy,
      path.relative(root, other.path) || other.path,
      other.locator?.rangeOf(['strategy']),
    ),
    path: ['strategy'],
    ...(range ? { range } : {}),
  }
}

/** Of several files, the one whose folder shares the longest run of folders with `from` (first path on a tie). */
export function nearestFile(files: readonly ProjectFile[], from: string): ProjectFile | undefined {
  const own = files.find((file) => file.path === from)
  if (own) return own
  const folders = path.dirname(from).split(path.sep)
  let best: ProjectFile | undefined
  let bestShared = -1
  for (const file of files) {
    const theirs = path.dirname(file.path).split(path.sep)
    let shared = 0
    while (shared < folders.length && folders[shared] === theirs[shared]) shared++
    if (shared > bestShared) {
      best = file
      bestShared = shared
    }
  }
  return best
}
