// pure: positions for a file read on the fast path, from js-yaml's open/close events, so a file with findings
// does not pay for the yaml package's full tree (about 80 ms for 500 nodes). Returns undefined whenever the
// events do not line up with the value, and the caller falls back to the full parser.
import { load } from 'js-yaml'
import type { Position, Range, SourceLocator, SourceNode } from '../diagnostics.ts'
import type { Path } from '../nodes/kind.ts'
import { CORE_SCHEMA } from './fast-read.ts'
import { type Frame, frameRecorder } from './frames.ts'
import { scalarSpan } from './node-at.ts'
import { lastAtOrBefore } from './ordered-search.ts'
import { type ScalarStyle, scalarOffsets } from './string-offsets.ts'

/** js-yaml opens a frame before the separation space; the node starts at the first character after it. */
function skipSpace(text: string, at: number, end: number): number {
  let i = at
  while (i < end) {
    const ch = text[i]
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') i++
    else if (ch === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      const eol = text.indexOf('\n', i)
      i = eol === -1 ? end : eol + 1
    } else break
  }
  return i
}

/** The end of a node without the blank lines and comment lines js-yaml read after it. */
function trimEnd(text: string, start: number, end: number): number {
  let e = end
  for (;;) {
    while (e > start && /\s/.test(text[e - 1]!)) e--
    const lineStart = text.lastIndexOf('\n', e - 1) + 1
    if (lineStart > start && text.slice(lineStart, e).trimStart().startsWith('#')) e = lineStart
    else return e
  }
}

/** A wrapper frame js-yaml makes while probing for a block mapping holds the real node as its only child. */
function unwrap(frame: Frame): Frame {
  let f = frame
  while (f.children.length === 1 && Object.is(f.children[0]!.result, f.result)) f = f.children[0]!
  return f
}

/**
 * Checks one (unwrapped) frame against its value and keys a mapping's children: false when they do not line up.
 * An empty value (`key:`) has a frame of its own and is placed by `bounds`; an empty list item (`-`) or a flow key
 * without a value has none, so the children do not line up and the full parser places those.
 */
function indexOne(f: Frame): boolean {
  const value = f.result
  if (value === null) return true
  if (value === undefined) return false
  if (Array.isArray(value)) return f.children.length === value.length
  if (typeof value !== 'object' || f.entries) return true
  const keys = Object.keys(value)
  if (f.children.length !== keys.length * 2) return false
  const entries = new Map<string, { key: Frame; value: Frame }>()
  for (let i = 0; i < keys.length; i++) {
    const key = unwrap(f.children[2 * i]!)
    if (String(key.result) !== keys[i]) return false
    entries.set(keys[i]!, { key, value: unwrap(f.children[2 * i + 1]!) })
  }
  f.entries = entries
  return true
}

/** Whether every frame under `frame` lines up with its value (then any path can be asked). */
function index(frame: Frame): boolean {
  const f = unwrap(frame)
  if (!indexOne(f)) return false
  if (f.entries) {
    for (const entry of f.entries.values()) if (!index(entry.value)) return false
    return true
  }
  return f.children.every(index)
}

function styleAt(ch: string | undefined): ScalarStyle {
  if (ch === '"') return 'QUOTE_DOUBLE'
  if (ch === "'") return 'QUOTE_SINGLE'
  if (ch === '|') return 'BLOCK_LITERAL'
  if (ch === '>') return 'BLOCK_FOLDED'
  return 'PLAIN'
}

/**
 * `full` builds the yaml package's locator; it is asked only about block scalars (`|`, `>`), whose exact extent
 * depends on chomping and indentation rules not worth repeating here. `recorded` is the top frame of a read that
 * kept them (`fastRead(text, true)`): then the text is not read again.
 */
export function createFastLocator(
  text: string,
  position: (offset: number) => Position,
  full: () => SourceLocator,
  recorded?: Frame,
): SourceLocator | undefined {
  let topFrame = recorded
  if (topFrame === undefined) {
    const recorder = frameRecorder(text.length)
    try {
      load(text, { schema: CORE_SCHEMA, listener: recorder.listener })
    } catch {
      return undefined
    }
    if (recorder.depth() !== 1) return undefined
    topFrame = recorder.top
  }
  const top = topFrame.children
  if (top.length !== 1) return undefined
  const root = unwrap(top[0]!)
  // the whole tree is checked on the first path question; nodeAt checks only the branch it walks, so an editor's
  // first request after an edit does not pay for every frame of a large file
  let linedUp: boolean | undefined
  const whole = () => (linedUp ??= index(root))

  const bounds = (frame: Frame): [number, number] => {
    const start = skipSpace(text, frame.open, frame.close)
    // js-yaml closes a last empty value one past the end of a text without a final line break
    if (frame.result === null && start >= Math.min(frame.close, text.length)) {
      // an empty value: where the yaml package puts it, after the blanks that follow its colon (before a comment)
      let at = frame.open
      while (text[at] === ' ' || text[at] === '\t') at++
      return [at, at]
    }
    return [start, Math.max(start, trimEnd(text, start, frame.close))]
  }
  const rangeOf = (frame: Frame): Range => {
    const [start, end] = bounds(frame)
    return { start: position(start), end: position(end) }
  }
  function find(path: Path): { frame: Frame; key?: Frame; complete: boolean } {
    let frame = root
    let key: Frame | undefined
    for (const segment of path) {
      if (frame.entries) {
        const entry = frame.entries.get(String(segment))
        if (!entry) return { frame, complete: false }
        frame = entry.value
        key = entry.key
      } else if (Array.isArray(frame.result) && typeof segment === 'number' && frame.children[segment]) {
        frame = unwrap(frame.children[segment]!)
        key = undefined
      } else return { frame, complete: false }
    }
    return key ? { frame, key, complete: true } : { frame, complete: true }
  }
  /** The scalar under `offset`: one branch is walked, the one whose bounds hold it (siblings never overlap). */
  function frameAt(start: Frame, offset: number): SourceNode | undefined {
    const contains = (frame: Frame) => {
      const [from, to] = bounds(frame)
      return offset >= from && offset <= to
    }
    const path: (string | number)[] = []
    let frame = start
    for (;;) {
      // a frame that does not line up with its value (an empty list item, say): the full parser answers
      if (!indexOne(frame)) return full().nodeAt?.(offset)
      let next: Frame | undefined
      if (frame.entries) {
        frame.ordered ??= [...frame.entries].map(([name, entry]) => ({
          name,
          start: skipSpace(text, entry.key.open, entry.key.close),
          ...entry,
        }))
        // siblings are in document order and never overlap: the last one starting at or before the offset
        const entry =
          frame.ordered[lastAtOrBefore(frame.ordered.length, (i) => frame.ordered![i]!.start, offset)]
        if (entry && contains(entry.key)) {
          const [from, to] = bounds(entry.key)
          return {
            path: [...path, entry.name],
            onKey: true,
            value: entry.name,
            ...scalarSpan(text, from, to),
          }
        }
        if (entry && contains(entry.value)) {
          path.push(entry.name)
          next = entry.value
        }
      } else if (Array.isArray(frame.result)) {
        const items = frame.children
        const i = lastAtOrBefore(
          items.length,
          (k) => skipSpace(text, items[k]!.open, items[k]!.close),
          offset,
        )
        if (i >= 0 && contains(items[i]!)) {
          path.push(i)
          next = unwrap(items[i]!)
        }
      } else {
        if (!contains(frame)) return undefined
        const [from, end] = bounds(frame)
        // a block scalar (`|`, `>`) ends after its last line break, as the yaml package counts it
        const to = isBlock(frame) && text[end] === '\n' ? end + 1 : end
        // an empty value and `~` read as the yaml package gives them: no text
        const value = frame.result === null ? '' : String(frame.result)
        return { path, onKey: false, value, ...scalarSpan(text, from, to) }
      }
      if (next === undefined) return undefined
      frame = next
    }
  }
  const offsets = new Map<Frame, number[] | undefined>()
  const isBlock = (frame: Frame) => {
    const ch = text[skipSpace(text, frame.open, frame.close)]
    return typeof frame.result === 'string' && (ch === '|' || ch === '>')
  }
  return {
    rangeOf(path) {
      if (!whole()) return full().rangeOf(path)
      const { frame } = find(path)
      return isBlock(frame) ? full().rangeOf(path) : rangeOf(frame)
    },
    keyRangeOf(path) {
      if (!whole()) return full().keyRangeOf(path)
      const found = find(path)
      return found.complete && found.key && path.length > 0 ? rangeOf(found.key) : rangeOf(found.frame)
    },
    positionInString(path, at) {
      if (!whole()) return full().positionInString(path, at)
      const { frame, complete } = find(path)
      if (!complete || typeof frame.result !== 'string') return undefined
      if (isBlock(frame)) return full().positionInString(path, at)
      const value = frame.result
      const [start, end] = bounds(frame)
      if (!offsets.has(frame))
        offsets.set(frame, scalarOffsets(text, start, end, styleAt(text[start]), value))
      const mapped = offsets.get(frame)
      const clamped = Math.max(0, Math.min(at, value.length))
      return position(mapped ? mapped[clamped]! : start)
    },
    nodeAt(offset) {
      return frameAt(root, offset)
    },
  }
}
