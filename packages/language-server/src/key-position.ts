// pure: where a key is being typed in a block mapping (`    ty|`), read from the text alone: a half-typed key does
// not parse, so the document path comes from the indentation of the lines above.

/** The mapping a half-typed key belongs to: its path and the keys written beside it (with their scalar values). */
export interface KeyPosition {
  path: string[]
  siblings: Record<string, string>
}

const KEY_LINE = /^( *)([A-Za-z_][\w-]*|"[^"]*"|'[^']*') *:(?: +(.*))?$/

/** At most this many lines are read above and below: a huge file costs no more per keystroke than a small one. */
const LINE_BUDGET = 2000

function keyLine(line: string): { indent: number; key: string; value: string } | undefined {
  const match = KEY_LINE.exec(line.replace(/\s+#.*$/, '').replace(/\r$/, ''))
  if (!match) return undefined
  const unquote = (text: string) => text.trim().replace(/^["']|["']$/g, '')
  return { indent: match[1]!.length, key: unquote(match[2]!), value: unquote(match[3] ?? '') }
}

const indentOf = (line: string) => /^ */.exec(line)![0].length
const skipped = (line: string) => /^\s*(#.*)?\r?$/.test(line)

/** The key position at `offset`, or undefined where the line holds more than a half-typed key (or a list item). */
export function keyPositionAt(text: string, offset: number): KeyPosition | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1
  const typed = /^( *)[A-Za-z_-]?[\w-]*$/.exec(text.slice(lineStart, offset))
  if (!typed) return undefined
  const indent = typed[1]!.length
  let from = lineStart - 1
  for (let n = 0; n < LINE_BUDGET && from > 0; n++) from = text.lastIndexOf('\n', from - 1)
  const lines = text
    .slice(Math.max(0, from + 1), lineStart)
    .split('\n')
    .slice(0, -1)
  const path: string[] = []
  const siblings: Record<string, string> = {}
  let level = indent
  let inBlock = true
  for (let i = lines.length - 1; i >= 0 && (inBlock || level > 0); i--) {
    const line = lines[i]!
    if (skipped(line)) continue
    const at = indentOf(line)
    if (at > level) continue
    const key = keyLine(line)
    // a list item, a flow mapping or a scalar continuation: not a block mapping this module can follow
    if (!key) return undefined
    if (at === level) {
      if (inBlock) siblings[key.key] = key.value
      continue
    }
    // the parent key opens a block: nothing may follow its colon
    if (key.value !== '') return undefined
    path.unshift(key.key)
    level = at
    inBlock = false
  }
  if (level > 0) return undefined
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
    if (key) siblings[key.key] = key.value
  }
  return { path, siblings }
}
