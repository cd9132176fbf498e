// pure: the outline of a parsed document (its sections and the entries in them, with their ranges), what an editor
// shows as document symbols: "go to symbol", breadcrumbs, the outline panel.
import type { Range, SourceLocator } from './diagnostics.ts'
import type { DirectoryDocument } from './directory.ts'
import type { StrategyDocument } from './document.ts'
import { assertNever, type Path } from './nodes/kind.ts'
import type { TestDocument } from './test-file.ts'

/** What an outline entry is, so an editor can pick its icon. */
export type OutlineKind = 'section' | 'node' | 'input' | 'output' | 'variable' | 'entry' | 'scenario'

export interface OutlineEntry {
  name: string
  /** Shown beside the name: a node's kind and title, a field's type, an entry's title. */
  detail?: string
  kind: OutlineKind
  /** From the entry's key to the end of its value. */
  range: Range
  /** The part to highlight when the entry is picked: its key, or a scenario's name. */
  selectionRange: Range
  children?: OutlineEntry[]
}

export type OutlineDocument =
  | { kind: 'strategy'; document: StrategyDocument }
  | { kind: 'directory'; document: DirectoryDocument }
  | { kind: 'test'; document: TestDocument }

/** Every section of `outlined` with its entries, in the file's order, each with the ranges `locator` gives. */
export function outlineOf(outlined: OutlineDocument, locator: SourceLocator): OutlineEntry[] {
  const entry = (
    path: Path,
    name: string,
    kind: OutlineKind,
    detail?: string,
    children?: OutlineEntry[],
    selectPath: Path = path,
  ): OutlineEntry[] => {
    const value = locator.rangeOf(path)
    const key = selectPath === path ? locator.keyRangeOf(path) : locator.rangeOf(selectPath)
    if (!value || !key) return []
    const start = key.start.offset < value.start.offset ? key.start : value.start
    return [
      {
        name,
        kind,
        ...(detail ? { detail } : {}),
        range: { start, end: value.end },
        selectionRange: key,
        ...(children ? { children } : {}),
      },
    ]
  }
  /** A map section: one entry per key, in the file's order (the locator's offsets, not the object's key order). */
  const section = <T>(
    name: string,
    table: Record<string, T> | undefined,
    kind: OutlineKind,
    detail: (value: T) => string | undefined,
  ): OutlineEntry[] => {
    if (!table || Object.keys(table).length === 0) return []
    const children = Object.entries(table).flatMap(([id, value]) =>
      entry([name, id], id, kind, detail(value)),
    )
    return entry([name], name, 'section', undefined, inFileOrder(children))
  }
  switch (outlined.kind) {
    case 'strategy': {
      const s = outlined.document
      const type = (field: { type: string }) => field.type
      return inFileOrder([
        ...section('inputs', s.inputs, 'input', type),
        ...section('outputs', s.outputs, 'output', type),
        ...section('variables', s.variables, 'variable', type),
        ...section('nodes', s.nodes, 'node', (node) =>
          [node.type, node.title].filter((part) => part !== undefined).join(' · '),
        ),
      ])
    }
    case 'directory': {
      const d = outlined.document
      const title = (value: { title?: string | undefined }) => value.title
      return inFileOrder([
        ...section('skills', d.skills, 'entry', title),
        ...section('groups', d.groups, 'entry', title),
        ...section('queues', d.queues, 'entry', title),
        ...section('capacityRules', d.capacityRules, 'entry', () => undefined),
        ...section('agents', d.agents, 'entry', (agent) => agent.name),
        ...section('calendars', d.calendars, 'entry', () => undefined),
        ...section('destinations', d.destinations, 'entry', (destination) => destination.title),
        ...section('functions', d.functions, 'entry', () => undefined),
      ])
    }
    case 'test': {
      const scenarios = outlined.document.scenarios.flatMap((scenario, index) =>
        entry(['scenarios', index], scenario.name, 'scenario', scenario.expect.outcome, undefined, [
          'scenarios',
          index,
          'name',
        ]),
      )
      return entry(['scenarios'], 'scenarios', 'section', undefined, scenarios)
    }
    default:
      return assertNever(outlined, 'outlined document')
  }
}

function inFileOrder(entries: OutlineEntry[]): OutlineEntry[] {
  return entries.sort((a, b) => a.range.start.offset - b.range.start.offset)
}
