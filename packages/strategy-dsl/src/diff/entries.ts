// pure: named entries of a document section (inputs, variables, agents, queues ...) compared by name

import type { EntryChange, FieldChange } from './types.ts'
import { diffValues, isPlainObject, sameValue } from './values.ts'

/** Entries added, removed or changed between two records of the same section, in the new version's order. */
export function diffEntries(section: string, before: unknown, after: unknown): EntryChange[] {
  const a = isPlainObject(before) ? before : {}
  const b = isPlainObject(after) ? after : {}
  const out: EntryChange[] = []
  for (const name of Object.keys(b)) {
    if (b[name] === undefined) continue
    if (!Object.hasOwn(a, name) || a[name] === undefined) {
      out.push({ section, name, change: 'added', fields: [], before: undefined, after: b[name] })
    } else if (!sameValue(a[name], b[name])) {
      const fields = diffValues(a[name], b[name])
      out.push({ section, name, change: 'changed', fields, before: a[name], after: b[name] })
    }
  }
  for (const name of Object.keys(a)) {
    if (a[name] !== undefined && (!Object.hasOwn(b, name) || b[name] === undefined)) {
      out.push({ section, name, change: 'removed', fields: [], before: a[name], after: undefined })
    }
  }
  return out
}

/** Top-level settings that differ, by key, in the order given. */
export function diffSettings(
  keys: readonly string[],
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): FieldChange[] {
  const out: FieldChange[] = []
  for (const key of keys) out.push(...diffValues(before[key], after[key], [key]))
  return out
}
