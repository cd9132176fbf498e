// A file's findings as `routewright validate` reports them: its parse, then the rules of its kind against the
// directory and strategies it names (the project decides which and keeps the result while they stay the same).
import path from 'node:path'
import { alarmTargetsOf, checkAlarmRules } from '@routewright/server/alarms'
import {
  type Diagnostic,
  type StrategyDocument,
  sortDiagnostics,
  validateDirectory,
  validateStrategy,
  validateTestDocument,
} from '@routewright/strategy-dsl'
import type { DirectorySource } from './directory-lookup.ts'
import { testDirectoryOf } from './directory-lookup.ts'
import type { ProjectFile } from './project-file.ts'
import { unreadableDirectoryFinding } from './unread-directory.ts'

/** Every finding of `entry`, its names checked against `strategies` and the directory `source` resolves. */
export function validateFile(
  entry: ProjectFile,
  strategies: ReadonlyMap<string, StrategyDocument>,
  source: DirectorySource,
): Diagnostic[] {
  if (entry.unreadable) return [...entry.parseDiagnostics]
  if (entry.kind === 'alarms') return alarmDiagnostics(entry, strategies, source)
  const out = [...entry.parseDiagnostics]
  const ctx = entry.locator ? { locator: entry.locator } : {}
  if (entry.strategy) {
    const near = source.directoryFor(entry.path)
    const unread = unreadableDirectoryFinding(near, source.root)
    if (unread) out.push(unread)
    const directory = near?.directory
    out.push(
      ...validateStrategy(entry.strategy, {
        ...ctx,
        strategies,
        strategiesFrom: 'workspace',
        ...(directory ? { directory } : {}),
      }),
    )
  } else if (entry.directory) {
    out.push(...validateDirectory(entry.directory, ctx))
  } else if (entry.test) {
    const { directory, problem } = testDirectoryOf(entry, source)
    if (problem) out.push(problem)
    const named = entry.test.directory === undefined ? undefined : entry.locator?.rangeOf(['directory'])
    const unread = unreadableDirectoryFinding(directory, source.root, named)
    if (unread) out.push(unread)
    out.push(
      ...validateTestDocument(entry.test, {
        ...ctx,
        strategies,
        strategiesFrom: 'workspace',
        ...(directory?.directory ? { directory: directory.directory } : {}),
      }),
    )
  }
  return out
}

/**
 * alarms.yaml against the directory beside it (its rules' groups and queues must exist there) and the workspace's
 * strategies (one must route to them, RW483), with no new parse.
 */
function alarmDiagnostics(
  entry: ProjectFile,
  strategies: ReadonlyMap<string, StrategyDocument>,
  source: DirectorySource,
): Diagnostic[] {
  const near = source.directoryFor(entry.path)
  const directory = near?.directory
  const display = path.relative(source.root, entry.path) || entry.path
  const routing = strategies.size > 0 ? { strategies, directory } : undefined
  const targets = entry.alarms
    ? checkAlarmRules(entry.alarms, entry.locator, display, directory && alarmTargetsOf(directory), routing)
    : []
  const unread = unreadableDirectoryFinding(near, source.root)
  // in line order, as serve refuses the file with them
  return sortDiagnostics([...entry.parseDiagnostics, ...targets, ...(unread ? [unread] : [])])
}
