// The finding of a file whose directory (the nearest, or the one its `directory:` names) cannot be read: said at
// the top, instead of its names going unchecked in silence or checked against a farther directory.
import path from 'node:path'
import type { Diagnostic, Range } from '@routewright/strategy-dsl'
import { UNREADABLE_COST } from './disk-text.ts'
import type { ProjectFile } from './project-file.ts'

/** RW092 for `directory`, an entry the project could not read from disk; undefined when it could. */
export function unreadableDirectoryFinding(
  directory: ProjectFile | undefined,
  root: string,
  range?: Range,
): Diagnostic | undefined {
  if (directory?.unreadable === undefined) return undefined
  const shown = (path.relative(root, directory.path) || directory.path).split(path.sep).join('/')
  const why = directory.unreadable.message.replace(UNREADABLE_COST, '').trim()
  return {
    code: 'RW092',
    severity: 'warning',
    message: `The directory file ${shown} cannot be read (${directory.unreadable.code}), so the groups, skills, queues and calendars named here are not checked until it can: ${why}`,
    path: range ? ['directory'] : [],
    ...(range ? { range } : {}),
  }
}
