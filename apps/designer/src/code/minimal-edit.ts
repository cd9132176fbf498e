// pure: nothing here reads the clock, the DOM or Monaco
import { diffArrays } from 'diff'

/** One replacement that turns `before` into `after`: offsets into `before`, and the text put in their place. */
export interface TextEdit {
  start: number
  end: number
  text: string
}

/**
 * The smallest single edit between two texts (common prefix and suffix kept), so applying a canvas change to
 * the editor touches only the changed lines and keeps the cursor, the scroll position and the undo stack.
 * Returns undefined when the texts are equal.
 * @example minimalEdit('a: 1\nb: 2\n', 'a: 1\nb: 3\n') // { start: 8, end: 9, text: '3' }
 */
export function minimalEdit(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined
  const limit = Math.min(before.length, after.length)
  let prefix = 0
  while (prefix < limit && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++
  // never split a surrogate pair or a CRLF: back off one character when the prefix ends inside one
  if (prefix > 0 && isHighSurrogate(before.charCodeAt(prefix - 1))) prefix--
  let suffix = 0
  const maxSuffix = limit - prefix
  while (
    suffix < maxSuffix &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  ) {
    suffix++
  }
  if (suffix > 0 && isLowSurrogate(before.charCodeAt(before.length - suffix))) suffix--
  return {
    start: prefix,
    end: before.length - suffix,
    text: after.slice(prefix, after.length - suffix),
  }
}

/** Applies an edit; `applyEdit(a, minimalEdit(a, b))` is `b`. */
export function applyEdit(text: string, edit: TextEdit | undefined): string {
  if (!edit) return text
  return text.slice(0, edit.start) + edit.text + text.slice(edit.end)
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff
}

/** Above this many line pairs the diff falls back to one edit (a whole-file rewrite is one step anyway). */
const MAX_LINE_PAIRS = 250_000

/**
 * The changed lines between two texts as separate edits (offsets into `before`, non-overlapping, in order), so a
 * canvas edit that touches two distant places leaves every untouched line, and a caret on it, alone.
 * @example minimalEdits('a\nb\nc\n', 'A\nb\nC\n') // [{ start: 0, end: 1, text: 'A' }, { start: 4, end: 5, text: 'C' }]
 */
export function minimalEdits(before: string, after: string): TextEdit[] {
  const single = minimalEdit(before, after)
  if (!single) return []
  // widen the changed span to whole lines; the common prefix and suffix keep both texts aligned there
  const start = single.start === 0 ? 0 : before.lastIndexOf('\n', single.start - 1) + 1
  const next = before.indexOf('\n', Math.max(single.end - 1, start))
  const end = single.end === start ? start : next < 0 ? before.length : next + 1
  const afterEnd = after.length - (before.length - end)
  const a = splitLines(before.slice(start, end))
  const b = splitLines(after.slice(start, afterEnd))
  if (a.length * b.length > MAX_LINE_PAIRS || a.length === 0 || b.length === 0) return [single]
  const edits: TextEdit[] = []
  for (const hunk of lineHunks(a, b)) {
    const from = start + sum(a, 0, hunk.aStart)
    const removed = a.slice(hunk.aStart, hunk.aEnd).join('')
    const added = b.slice(hunk.bStart, hunk.bEnd).join('')
    const inner = minimalEdit(removed, added)
    if (inner) edits.push({ start: from + inner.start, end: from + inner.end, text: inner.text })
  }
  return edits
}

/** Applies edits given in `before`'s offsets (as minimalEdits returns them). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text
  for (const edit of [...edits].sort((x, y) => y.start - x.start)) out = applyEdit(out, edit)
  return out
}

function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? []
}

function sum(lines: readonly string[], from: number, to: number): number {
  let total = 0
  for (let i = from; i < to; i++) total += lines[i]?.length ?? 0
  return total
}

interface Hunk {
  aStart: number
  aEnd: number
  bStart: number
  bEnd: number
}

/** Runs of lines that differ, from jsdiff's Myers diff of the two line lists. */
function lineHunks(a: readonly string[], b: readonly string[]): Hunk[] {
  const hunks: Hunk[] = []
  let i = 0
  let j = 0
  let open: Hunk | undefined
  for (const change of diffArrays(a as string[], b as string[])) {
    const count = change.value.length
    if (!change.added && !change.removed) {
      if (open) hunks.push(open)
      open = undefined
      i += count
      j += count
      continue
    }
    open ??= { aStart: i, aEnd: i, bStart: j, bEnd: j }
    if (change.removed) i += count
    else j += count
    open.aEnd = i
    open.bEnd = j
  }
  if (open) hunks.push(open)
  return hunks
}
