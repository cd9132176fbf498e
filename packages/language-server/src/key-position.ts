// pure: where a key is being typed in a block mapping (`    ty|`), a list item (`  - na|`) or a flow mapping
// (`next: { do| }`), read from the text alone: a half-typed key does not parse, so the document path comes from the
// indentation of the lines above.

/** The mapping a half-typed key belongs to: its path (0 for a list item) and the keys written beside it. */
export interface KeyPosition {
  path: Array<string | number>
  siblings: Record<string, string>
  /** In a flow mapping or on a list item's `- ` line. */
  flow: boolean
  /** The keys written above beside each key of the path (a node's `type` picks the fields of its lists). */
  beside: Array<Record<string, string>>
}

// an optional `- ` (a list item's first key), the key, its value
const KEY_LINE = /^( *)(- +)?([A-Za-z_][\w-]*|"[^"]*"|'[^']*') *:(?: +(.*))?$/

/** At most this many lines are read above and below: a huge file costs no more per keystroke than a small one. */
const LINE_BUDGET = 2000

interface KeyLine {
  /** The column of the key (after a list item's `- `). */
  indent: number
  /** The column of the `- ` when the line starts a list item. */
  dash?: number
  key: string
  value: string
}

function keyLine(line: string): KeyLine | undefined {
  const match = KEY_LINE.exec(line.replace(/\s+#.*$/, '').replace(/\r$/, ''))
  if (!match) return undefined
  const unquote = (text: string) => text.trim().replace(/^["']|["']$/g, '')
  const dash = match[2] === undefined ? undefined : match[1]!.length
  return {
    indent: match[1]!.length + (match[2]?.length ?? 0),
    ...(dash === undefined ? {} : { dash }),
    key: unquote(match[3]!),
    value: unquote(match[4] ?? ''),
  }
}

const indentOf = (line: string) => /^ */.exec(line)![0].length
const skipped = (line: string) => /^\s*(#.*)?\r?$/.test(line)

/** `a: 1, b: x` of a flow mapping: its keys and scalar values (nested collections are left out). */
function flowKeys(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of text.split(',')) {
    const match = /^\s*([A-Za-z_][\w-]*)\s*:\s*([^{}[\]]*)$/.exec(part)
    if (match) out[match[1]!] = match[2]!.trim().replace(/^["']|["']$/g, '')
  }
  return out
}

/** The key position at `offset`, or undefined where the line holds more than a half-typed key. */
export function keyPositionAt(text: string, offset: number): KeyPosition | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1
  const before = text.slice(lineStart, offset)
  // inside a flow mapping opened on this line after `key:` (`next: { done: end, ti|`)
  const flow = /^( *(?:- +)?)([A-Za-z_][\w-]*) *: *\{((?:[^{}[\],]*,)*) *[A-Za-z_-]?[\w-]*$/.exec(before)
  if (flow) {
    const holder = keyPositionAt(text, lineStart + flow[1]!.length + flow[2]!.length)
    if (!holder) return undefined
    const lineEnd = text.indexOf('\n', offset)
    const rest = text.slice(offset, lineEnd === -1 ? undefined : lineEnd)
    const inside = `${flow[3]!},${rest.slice(0, Math.max(0, rest.indexOf('}')))}`
    return {
      path: [...holder.path, flow[2]!],
      siblings: flowKeys(inside),
      beside: [...holder.beside, holder.siblings],
      flow: true,
    }
  }
  const typed = /^( *)(- +)?[A-Za-z_-]?[\w-]*$/.exec(before)
  if (!typed) return undefined
  // a list item's first key is in its own mapping, at the column after `- `
  const indent = typed[1]!.length + (typed[2]?.length ?? 0)
  let from = lineStart - 1
  for (let n = 0; n < LINE_BUDGET && from > 0; n++) from = text.lastIndexOf('\n', from - 1)
  const lines = text
    .slice(Math.max(0, from + 1), lineStart)
    .split('\n')
    .slice(0, -1)
  const path: Array<string | number> = []
  const beside: Array<Record<string, string>> = []
  const siblings: Record<string, string> = {}
  let level = indent
  let inBlock = typed[2] === undefined
  // the mapping just left is a list item: the next key up at or left of `level` holds the list
  let inList = typed[2] !== undefined
  if (inList) {
    path.unshift(0)
    beside.unshift({})
    level = typed[1]!.length
  }
  for (let i = lines.length - 1; i >= 0 && (inBlock || inList || level > 0); i--) {
    const line = lines[i]!
    if (skipped(line)) continue
    const at = indentOf(line)
    if (at > level) continue
    const key = keyLine(line)
    // a scalar continuation or a nested list: not a mapping this module can follow
    if (!key) return undefined
    if (inList) {
      // an earlier item of the same list
      if (key.dash === level) continue
      // the key holding the list: `targets:` above `- group: x` (at the dash's column or left of it)
      if (key.dash !== undefined || key.value !== '') return undefined
      path.unshift(key.key)
      beside.unshift({})
      level = at
      inList = false
      continue
    }
    if (key.indent === level) {
      if (inBlock) siblings[key.key] = key.value
      else if (beside[0] && key.indent === at) beside[0][key.key] = key.value
      if (key.dash === undefined) continue
      // the first line of the list item the cursor is in
      path.unshift(0)
      beside.unshift({})
      level = key.dash
      inBlock = false
      inList = true
      continue
    }
    if (at === level && key.dash !== undefined) return undefined
    // the parent key opens a block: nothing may follow its colon
    if (key.value !== '' || key.dash !== undefined) return undefined
    path.unshift(key.key)
    beside.unshift({})
    level = at
    inBlock = false
  }
  if (level > 0 || inList) return undefined
  // the keys below the cursor at the same indent belong to the same mapping
  let to = offset
  for (let n = 0; n < LINE_BUDGET && to !== -1; n++) to = text.indexOf('\n', to + 1)
  const below = text
    .slice(offset, to === -1 ? undefined : to)
    .split('\n')
    .slice(1)
  for (const line of below) {
    if (skipped(line)) continue
    if (indentOf(line) < indent) break
    const key = indentOf(line) === indent ? keyLine(line) : undefined
    if (key && key.dash === undefined) siblings[key.key] = key.value
  }
  return { path, siblings, beside, flow: typed[2] !== undefined }
}
