// pure: the one line index: offsets <-> 1-based line and column, and the text of a line. LF, CRLF and a lone CR
// each end a line, as in YAML and in editors.
import type { Position } from '../diagnostics.ts'

function lineStarts(text: string): number[] {
  const starts = [0]
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i)
    if (ch === 10) starts.push(i + 1)
    else if (ch === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1)
  }
  return starts
}

/** Offset -> 1-based line and column, by binary search over line starts. */
export function createLineIndex(text: string): (offset: number) => Position {
  const starts = text.includes('\r') ? lineStarts(text) : lfStarts(text)
  return (rawOffset) => {
    const offset = Math.max(0, Math.min(text.length, rawOffset))
    let low = 0
    let high = starts.length - 1
    while (low < high) {
      const mid = (low + high + 1) >> 1
      if (starts[mid]! <= offset) low = mid
      else high = mid - 1
    }
    return { line: low + 1, column: offset - starts[low]! + 1, offset }
  }
}

/**
 * The same for a file's text as an editor or the designer holds it, a byte order mark kept: offsets count the mark,
 * lines and columns do not (the reader drops it), so a place agrees with the diagnostics of the same file.
 */
export function createFileLineIndex(text: string): (offset: number) => Position {
  if (text.charCodeAt(0) !== 0xfeff) return createLineIndex(text)
  const index = createLineIndex(text.slice(1))
  return (offset) => ({ ...index(offset - 1), offset: Math.max(0, Math.min(text.length, offset)) })
}

// the common case, with indexOf: several times faster than a character loop on large files
function lfStarts(text: string): number[] {
  const starts = [0]
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1)
  return starts
}

// one entry: a report quotes many lines of one file in a row, so the index is built once per file, not per line
let indexedText: string | undefined
let indexedStarts: number[] = []

/**
 * The text of 1-based line `line` without its line ending, or undefined past the end. Linear in the file once,
 * then constant per line: a report quoting 10,000 diagnostics of one file rescanned it 10,000 times.
 */
export function lineTextAt(text: string, line: number): string | undefined {
  if (text !== indexedText) {
    indexedStarts = text.includes('\r') ? lineStarts(text) : lfStarts(text)
    indexedText = text
  }
  const start = indexedStarts[Math.max(1, line) - 1]
  if (start === undefined) return undefined
  let end = indexedStarts[Math.max(1, line)] ?? text.length
  if (end > start && text.charCodeAt(end - 1) === 10) end--
  if (end > start && text.charCodeAt(end - 1) === 13) end--
  // columns count from after a byte order mark (the reader drops it), so line 1 is quoted without it
  return text.slice(start === 0 && text.charCodeAt(0) === 0xfeff ? 1 : start, end)
}
