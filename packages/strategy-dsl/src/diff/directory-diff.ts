// pure: what differs between two directories of an environment: agents, groups, queues, calendars ...
import type { DirectoryDocument } from '../directory.ts'
import { diffEntries, diffSettings } from './entries.ts'
import type { DirectoryDiff, EntryChange } from './types.ts'
import { isPlainObject } from './values.ts'

/**
 * Compares two directories. Every record-valued section (agents, groups, queues, skills, calendars,
 * destinations, functions, and any section a later format adds) is compared entry by entry; the other
 * top-level fields are settings.
 */
export function diffDirectories(before: DirectoryDocument, after: DirectoryDocument): DirectoryDiff {
  const a = before as Record<string, unknown>
  const b = after as Record<string, unknown>
  const keys = [...Object.keys(a), ...Object.keys(b).filter((k) => !Object.hasOwn(a, k))]
  const sections = keys.filter((k) => isPlainObject(a[k]) || isPlainObject(b[k]))
  const entries: EntryChange[] = []
  for (const section of sections) entries.push(...diffEntries(section, a[section], b[section]))
  const settings = diffSettings(
    keys.filter((k) => !sections.includes(k)),
    a,
    b,
  )
  return { kind: 'directory', settings, entries }
}
