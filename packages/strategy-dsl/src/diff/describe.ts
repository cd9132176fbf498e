// pure: a semantic diff as lines of text a person reads top to bottom (the CLI prints them, the designer lists them)
import { shortened } from '../cut-text.ts'
import { assertNever } from '../nodes/kind.ts'
import { formatPath } from '../parse/report.ts'
import type { DocumentDiff, EdgeChange, EntryChange, FieldChange, NodeChange } from './types.ts'

/** `+` something new, `-` something gone, `~` something changed; depth 1 lines detail the line above. */
export interface DiffLine {
  sign: '+' | '-' | '~'
  depth: 0 | 1
  text: string
}

/** Records and lists longer than this are cut in a line (strings, such as expressions, are shown whole). */
const MAX_SHOWN = 160

/** A value as it reads in a diff line: strings quoted, records and lists as compact JSON. */
export function showValue(value: unknown): string {
  if (value === undefined) return '(none)'
  const text = JSON.stringify(value) ?? String(value)
  if (typeof value === 'string' || text.length <= MAX_SHOWN) return text
  return shortened(text, MAX_SHOWN)
}

/** True when the two versions are the same once formatting and layout are set aside. */
export function isEmptyDiff(diff: DocumentDiff): boolean {
  const common = diff.settings.length === 0 && diff.entries.length === 0
  return diff.kind === 'strategy' ? common && diff.nodes.length === 0 && diff.edges.length === 0 : common
}

/** Every change, in document order: settings, entries by section, then nodes and edges of a strategy. */
export function describeDiff(diff: DocumentDiff): DiffLine[] {
  const out: DiffLine[] = []
  for (const change of diff.settings) out.push(fieldLine(change, 0))
  for (const entry of diff.entries) out.push(...entryLines(entry))
  if (diff.kind === 'strategy') {
    for (const node of diff.nodes) out.push(...nodeLines(node))
    for (const edge of diff.edges) out.push(edgeLine(edge))
  }
  return out
}

/** One line counting what changed: `2 nodes changed, 1 added · 1 edge rewired · 1 variable added`. */
export function summarizeDiff(diff: DocumentDiff): string {
  if (isEmptyDiff(diff)) return 'no differences'
  const groups: string[] = []
  const count = (what: string, items: readonly { change: string }[]) => {
    const byChange = new Map<string, number>()
    for (const item of items) byChange.set(item.change, (byChange.get(item.change) ?? 0) + 1)
    const parts = [...byChange].map(([change, n], i) =>
      i === 0 ? `${n} ${n === 1 ? singular(what) : what} ${change}` : `${n} ${change}`,
    )
    if (parts.length > 0) groups.push(parts.join(', '))
  }
  if (diff.settings.length > 0) {
    groups.push(`${diff.settings.length} setting${diff.settings.length === 1 ? '' : 's'} changed`)
  }
  const sections = [...new Set(diff.entries.map((e) => e.section))]
  for (const section of sections)
    count(
      section,
      diff.entries.filter((e) => e.section === section),
    )
  if (diff.kind === 'strategy') {
    count('nodes', diff.nodes)
    count('edges', diff.edges)
  }
  return groups.join(' · ')
}

function singular(section: string): string {
  return section.endsWith('s') ? section.slice(0, -1) : section
}

function fieldLine(change: FieldChange, depth: 0 | 1): DiffLine {
  const at = formatPath(change.path) || '(value)'
  if (change.before === undefined) return { sign: '+', depth, text: `${at}: ${showValue(change.after)}` }
  if (change.after === undefined) return { sign: '-', depth, text: `${at}: ${showValue(change.before)}` }
  return { sign: '~', depth, text: `${at}: ${showValue(change.before)} -> ${showValue(change.after)}` }
}

function entryLines(entry: EntryChange): DiffLine[] {
  const what = `${singular(entry.section)} ${entry.name}`
  if (entry.change === 'added') return [{ sign: '+', depth: 0, text: `${what}: ${showValue(entry.after)}` }]
  if (entry.change === 'removed')
    return [{ sign: '-', depth: 0, text: `${what}: ${showValue(entry.before)}` }]
  return [{ sign: '~', depth: 0, text: what }, ...entry.fields.map((f) => fieldLine(f, 1))]
}

function nodeLines(node: NodeChange): DiffLine[] {
  const what = `node ${node.id} (${node.type})`
  switch (node.change) {
    case 'added':
      return [{ sign: '+', depth: 0, text: what }]
    case 'removed':
      return [{ sign: '-', depth: 0, text: what }]
    case 'renamed':
      return [{ sign: '~', depth: 0, text: `${what} renamed from ${node.from}` }]
    case 'changed':
      return [{ sign: '~', depth: 0, text: what }, ...node.fields.map((f) => fieldLine(f, 1))]
    default:
      return assertNever(node.change, 'node change')
  }
}

function edgeLine(edge: EdgeChange): DiffLine {
  const what = `edge ${edge.node} [${edge.output}]`
  if (edge.change === 'added') return { sign: '+', depth: 0, text: `${what} -> ${edge.after}` }
  if (edge.change === 'removed') return { sign: '-', depth: 0, text: `${what} -> ${edge.before}` }
  return { sign: '~', depth: 0, text: `${what} -> ${edge.after} (was ${edge.before})` }
}
