// pure: structural equality and field-by-field comparison of parsed document values (key order ignored)
import { diffArrays } from 'diff'
import type { Path } from '../nodes/kind.ts'
import type { FieldChange } from './types.ts'

type Plain = Record<string, unknown>

export function isPlainObject(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Deep equality of JSON-like values; key order does not matter, `undefined` members count as absent. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false
    return a.every((item, i) => sameValue(item, b[i]))
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keysA = Object.keys(a).filter((k) => a[k] !== undefined)
    const keysB = Object.keys(b).filter((k) => b[k] !== undefined)
    if (keysA.length !== keysB.length) return false
    return keysA.every((k) => Object.hasOwn(b, k) && sameValue(a[k], b[k]))
  }
  // NaN never appears in parsed documents; dates and other objects neither
  return false
}

/** A key for a value that is equal for equal values whatever their key order. */
export function valueKey(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? 'undefined'
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (!isPlainObject(value)) return value
  const out: Plain = {}
  for (const key of Object.keys(value).sort()) if (value[key] !== undefined) out[key] = sortKeys(value[key])
  return out
}

/** Lists above this size are compared item by item without alignment, to keep the work bounded. */
const MAX_ALIGNED = 2_000

/**
 * The differences between `before` and `after`, at paths below `at`: records key by key, lists aligned on equal
 * items (an inserted case is one addition, not a change of every case after it), anything else as a whole.
 */
export function diffValues(before: unknown, after: unknown, at: Path = []): FieldChange[] {
  if (sameValue(before, after)) return []
  if (isPlainObject(before) && isPlainObject(after)) {
    const out: FieldChange[] = []
    const keys = [...Object.keys(before), ...Object.keys(after).filter((k) => !Object.hasOwn(before, k))]
    for (const key of keys) out.push(...diffValues(before[key], after[key], [...at, key]))
    return out
  }
  if (Array.isArray(before) && Array.isArray(after)) return diffLists(before, after, at)
  return [{ path: at, before, after }]
}

function diffLists(before: readonly unknown[], after: readonly unknown[], at: Path): FieldChange[] {
  if (before.length === after.length || before.length * after.length > MAX_ALIGNED * MAX_ALIGNED) {
    const out: FieldChange[] = []
    for (let k = 0; k < Math.max(before.length, after.length); k++) out.push(...item(before, after, k, k, at))
    return out
  }
  // jsdiff's Myers diff aligns equal items; each run between them is compared pairwise, the surplus added or removed
  const changes = diffArrays(before.map(valueKey), after.map(valueKey))
  const out: FieldChange[] = []
  let removed: number[] = []
  let added: number[] = []
  const flush = () => {
    for (let k = 0; k < Math.max(removed.length, added.length); k++) {
      out.push(...item(before, after, removed[k], added[k], at))
    }
    removed = []
    added = []
  }
  let i = 0
  let j = 0
  for (const change of changes) {
    const count = change.value.length
    if (change.removed) for (let k = 0; k < count; k++) removed.push(i++)
    else if (change.added) for (let k = 0; k < count; k++) added.push(j++)
    else {
      flush()
      i += count
      j += count
    }
  }
  flush()
  return out
}

/** Item `i` of before against item `j` of after; paths name the new index, or the old one for a removed item. */
function item(
  before: readonly unknown[],
  after: readonly unknown[],
  i: number | undefined,
  j: number | undefined,
  at: Path,
): FieldChange[] {
  const inBefore = i !== undefined && i < before.length
  const inAfter = j !== undefined && j < after.length
  if (inBefore && inAfter) return diffValues(before[i], after[j], [...at, j])
  if (inBefore) return [{ path: [...at, i], before: before[i], after: undefined }]
  if (inAfter) return [{ path: [...at, j], before: undefined, after: after[j] }]
  return []
}

/** A copy of `value` without the members at `paths`; records left empty by the removal are dropped too. */
export function withoutPaths(value: unknown, paths: readonly Path[]): unknown {
  let copy = structuredClone(value)
  for (const path of paths) copy = removeAt(copy, path, 0)
  return copy
}

function removeAt(value: unknown, path: Path, depth: number): unknown {
  const key = path[depth]
  if (key === undefined) return undefined
  if (Array.isArray(value) && typeof key === 'number' && key < value.length) {
    value[key] = removeAt(value[key], path, depth + 1)
    return value
  }
  if (isPlainObject(value) && typeof key === 'string' && Object.hasOwn(value, key)) {
    const inner = removeAt(value[key], path, depth + 1)
    if (inner === undefined || (isPlainObject(inner) && Object.keys(inner).length === 0)) delete value[key]
    else value[key] = inner
  }
  return value
}
