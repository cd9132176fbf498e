// pure: whether a value read from outside the process (spool, dead-letter file, a caller) is a history item the
// store can take: the one check the store, the spool and a dead-letter replay share.
import type { HistoryItem } from './record.ts'

const KINDS: ReadonlySet<string> = new Set(['interaction', 'handling', 'agent-state'])

/** Why `value` is no history item (a `{ kind, record }` object), or undefined when it is one. */
export function historyItemProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return `not an object but ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value} (an item is { kind, record })`
  const item = value as Partial<HistoryItem>
  if (typeof item.kind !== 'string' || !KINDS.has(item.kind))
    return `kind is ${JSON.stringify(item.kind) ?? 'missing'}, not interaction, handling or agent-state`
  if (typeof item.record !== 'object' || item.record === null || Array.isArray(item.record))
    return 'no "record" object'
  return undefined
}

/** A write given something that is no history item: says which one and why; the store wrote nothing of the batch. */
export class HistoryItemError extends Error {
  readonly code = 'history-item-invalid'
  constructor(message: string) {
    super(message)
    this.name = 'HistoryItemError'
  }
}
