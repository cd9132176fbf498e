// pure: an undo/redo history of editor snapshots; entries with the same coalesce key merge (typing, dragging).

export interface HistoryEntry {
  text: string
  selection: readonly string[]
}

export interface History {
  past: readonly HistoryEntry[]
  future: readonly HistoryEntry[]
  /** Key of the last recorded edit; a following edit with the same key replaces rather than stacks. */
  lastKey: string | undefined
}

export const HISTORY_LIMIT = 300

export function emptyHistory(): History {
  return { past: [], future: [], lastKey: undefined }
}

/** Records `before` as an undo point for an edit; `key` coalesces runs of the same gesture. */
export function record(history: History, before: HistoryEntry, key: string | undefined): History {
  if (key !== undefined && key === history.lastKey && history.past.length > 0) {
    return { past: history.past, future: [], lastKey: key }
  }
  const past = [...history.past, before]
  if (past.length > HISTORY_LIMIT) past.shift()
  return { past, future: [], lastKey: key }
}

/** Steps back: returns the entry to restore and the new history, or undefined at the start. */
export function undo(history: History, current: HistoryEntry): [HistoryEntry, History] | undefined {
  const previous = history.past.at(-1)
  if (previous === undefined) return undefined
  return [
    previous,
    { past: history.past.slice(0, -1), future: [current, ...history.future], lastKey: undefined },
  ]
}

export function redo(history: History, current: HistoryEntry): [HistoryEntry, History] | undefined {
  const next = history.future[0]
  if (next === undefined) return undefined
  return [next, { past: [...history.past, current], future: history.future.slice(1), lastKey: undefined }]
}
