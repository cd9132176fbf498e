// pure: an undo/redo history of editor snapshots; entries with the same coalesce key merge (typing, dragging).

/** Another file's text changed by the same step (a node's rename reaches its tests): its text before and after. */
export interface LinkedEdit {
  path: string
  before: string
  after: string
}

export interface HistoryEntry {
  text: string
  selection: readonly string[]
  /** Edits of other files made with the step between this entry and its neighbour nearer the present. */
  linked?: readonly LinkedEdit[]
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

/** `entry` carrying `linked` (the step's edits move with it between past and future). */
function withLinked(entry: HistoryEntry, linked: readonly LinkedEdit[] | undefined): HistoryEntry {
  const plain = { text: entry.text, selection: entry.selection }
  return linked === undefined ? plain : { ...plain, linked }
}

/** Steps back: returns the entry to restore and the new history, or undefined at the start. */
export function undo(history: History, current: HistoryEntry): [HistoryEntry, History] | undefined {
  const previous = history.past.at(-1)
  if (previous === undefined) return undefined
  const future = [withLinked(current, previous.linked), ...history.future]
  return [previous, { past: history.past.slice(0, -1), future, lastKey: undefined }]
}

export function redo(history: History, current: HistoryEntry): [HistoryEntry, History] | undefined {
  const next = history.future[0]
  if (next === undefined) return undefined
  const past = [...history.past, withLinked(current, next.linked)]
  return [next, { past, future: history.future.slice(1), lastKey: undefined }]
}

/**
 * Records `edits` with the latest step that turned `before` into `after` (`currentText` is the text now), so undo
 * and redo can take them along; `undone` when that step is undone already (its edits are due back now); undefined
 * when no such step is left (dropped past the limit, or a new edit cleared the redo list).
 */
export function link(
  history: History,
  currentText: string,
  before: string,
  after: string,
  edits: readonly LinkedEdit[],
): { history: History; undone: boolean } | undefined {
  const { past, future } = history
  const add = (entry: HistoryEntry) => withLinked(entry, [...(entry.linked ?? []), ...edits])
  for (let i = past.length - 1; i >= 0; i--) {
    if (past[i]!.text !== before || (past[i + 1]?.text ?? currentText) !== after) continue
    return { history: { ...history, past: past.map((e, j) => (j === i ? add(e) : e)) }, undone: false }
  }
  // in the future, an entry is the state after its step; the state before is the one nearer the present
  for (let i = 0; i < future.length; i++) {
    if (future[i]!.text !== after || (future[i - 1]?.text ?? currentText) !== before) continue
    return { history: { ...history, future: future.map((e, j) => (j === i ? add(e) : e)) }, undone: true }
  }
  return undefined
}

/** The edits that take a linked step back (undo) or again (redo): what each file should hold, from what. */
export function linkedSteps(edits: readonly LinkedEdit[], back: boolean): LinkedEdit[] {
  return edits.map((e) => (back ? { path: e.path, before: e.after, after: e.before } : { ...e }))
}
