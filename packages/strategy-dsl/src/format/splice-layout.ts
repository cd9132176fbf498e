// pure: the common canvas edit, moving nodes, changes only `layout` positions. In canonical text each position
// is one line (`  vip: [240, -80]`) in the last section, so those lines are rewritten in place instead of
// formatting the whole document (about 100 ms for 500 nodes, on every drag).
import type { StrategyDocument } from '../document.ts'
import { fastRead } from '../parse/fast-read.ts'
import { lineEndOf } from './file-conventions.ts'

type Position = readonly [number, number]

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Deep equality of plain data (as parsed YAML and documents are); key order does not matter. */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a))
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => same(item, b[i]))
  if (!isRecord(a) || !isRecord(b)) return false
  const keys = Object.keys(a).filter((k) => a[k] !== undefined)
  if (keys.length !== Object.keys(b).filter((k) => b[k] !== undefined).length) return false
  return keys.every((key) => same(a[key], b[key]))
}

const isPosition = (value: unknown): value is Position =>
  Array.isArray(value) && value.length === 2 && value.every((n) => Number.isInteger(n) && Math.abs(n) < 1e9)

/**
 * The text of `next` when it differs from `previousText` only in layout positions of nodes that keep their
 * place in the layout, or undefined when a full update is needed.
 */
export function spliceLayout(previousText: string, next: StrategyDocument): string | undefined {
  const previous = fastRead(previousText)?.value
  if (!isRecord(previous) || !isRecord(previous.layout) || next.layout === undefined) return undefined
  const { layout: before, ...restBefore } = previous
  const { layout: after, ...restAfter } = next
  const ids = Object.keys(after)
  if (ids.length !== Object.keys(before).length || !ids.every((id) => Object.hasOwn(before, id)))
    return undefined
  if (!same(restBefore, restAfter)) return undefined
  // a CRLF file's lines end in \r\n: its position lines are matched and rewritten with the same end
  const eol = lineEndOf(previousText)
  const start = previousText.search(/^layout:[ \t]*\r?$/m)
  if (start === -1) return undefined
  let section = previousText.slice(start)
  for (const id of ids) {
    const old = before[id]
    const position = after[id]
    if (!isPosition(old) || !isPosition(position)) return undefined
    if (old[0] === position[0] && old[1] === position[1]) continue
    const line = `\n  ${id}: [${old[0]}, ${old[1]}]${eol}`
    const at = section.indexOf(line)
    // a position written any other way (a comment, block style) needs the full formatter
    if (at === -1) return undefined
    section = `${section.slice(0, at)}\n  ${id}: [${position[0]}, ${position[1]}]${eol}${section.slice(at + line.length)}`
  }
  return previousText.slice(0, start) + section
}
