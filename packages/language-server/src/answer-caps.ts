// pure: the bounds on answers that grow with the document (outline, completion, references, highlights), so a
// 100,000-node strategy gets answers an editor can take instead of megabytes it freezes on (audit13).
import type { OutlineEntry } from '@routewright/strategy-dsl'

// VS Code's outline and breadcrumbs stay responsive to a few thousand symbols; past that nobody scrolls an outline
export const MAX_OUTLINE_ENTRIES = 5000
// the editor filters what it gets as the user types and asks again (isIncomplete): a thousand is more than a list shows
export const MAX_COMPLETION_ITEMS = 1000
// a references panel of thousands of lines is unread, and each location costs a line/column conversion and bytes
export const MAX_REFERENCES = 2000
// highlights are painted in the visible editor only: a few thousand covers any screen many times over
export const MAX_HIGHLIGHTS = 2000

/** How many entries the outline holds, children included. */
function countEntries(entries: readonly OutlineEntry[]): number {
  let n = 0
  for (const e of entries) n += 1 + (e.children ? countEntries(e.children) : 0)
  return n
}

/** One entry standing for `left` (siblings left out, with their children): says how many and why, spans them. */
function leftOutEntry(left: readonly OutlineEntry[], max: number): OutlineEntry {
  const count = countEntries(left)
  return {
    name: `… ${count.toLocaleString('en')} more ${count === 1 ? 'entry' : 'entries'} left out`,
    detail: `the outline shows the first ${max.toLocaleString('en')} entries of a document this large`,
    kind: left[0]!.kind,
    range: { start: left[0]!.range.start, end: left.at(-1)!.range.end },
    selectionRange: left[0]!.selectionRange,
  }
}

/**
 * The outline's first `max` entries in document order (children count too); where it is cut, one entry per level
 * says how many were left out. Under the cap the outline is returned as is.
 */
export function capOutline(entries: OutlineEntry[], max = MAX_OUTLINE_ENTRIES): OutlineEntry[] {
  if (countEntries(entries) <= max) return entries
  let left = max
  const cut = (list: readonly OutlineEntry[]): OutlineEntry[] => {
    const out: OutlineEntry[] = []
    for (let i = 0; i < list.length; i++) {
      if (left === 0) {
        out.push(leftOutEntry(list.slice(i), max))
        break
      }
      left--
      const e = list[i]!
      out.push(e.children ? { ...e, children: cut(e.children) } : e)
    }
    return out
  }
  return cut(entries)
}

/**
 * At most `max` completion items; when cut, those whose label starts with the word typed before the cursor come
 * first (the editor asks again with each letter, so the list narrows to what is typed).
 */
export function capCompletion<T extends { label: string }>(
  items: T[],
  text: string,
  offset: number,
  max = MAX_COMPLETION_ITEMS,
): { items: T[]; cut: boolean } {
  if (items.length <= max) return { items, cut: false }
  const typed = (/[\w.-]*$/.exec(text.slice(Math.max(0, offset - 128), offset))?.[0] ?? '').toLowerCase()
  const starts = items.filter((item) => item.label.toLowerCase().startsWith(typed))
  const rest = starts.length >= max ? [] : items.filter((item) => !item.label.toLowerCase().startsWith(typed))
  return { items: [...starts, ...rest].slice(0, max), cut: true }
}
