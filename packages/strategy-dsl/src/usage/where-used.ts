// pure: "where used" for one name: its uses and declarations across a workspace, or the closest known name.
import type { ReferenceKind } from '../nodes/kind.ts'
import { closest } from '../validate/did-you-mean.ts'
import type { Use } from './use.ts'
import { declarations, type UsageWorkspace, workspaceUses } from './workspace-uses.ts'

export interface WhereUsedOptions {
  /** Only this kind of object (a group and a queue may share a name). */
  kind?: ReferenceKind | undefined
}

export interface WhereUsed {
  name: string
  uses: Use[]
  declarations: Use[]
  /** Set when nothing is named so: the closest name the workspace knows, for "did you mean". */
  suggestion?: string
}

// `tier` finds the input `data.tier` as well as a variable `tier`; `--kind node vip_desk` that node in every strategy
function matches(use: Use, name: string, kind: ReferenceKind | undefined): boolean {
  if (kind !== undefined && use.kind !== kind) return false
  if (use.name === name || use.name === `data.${name}`) return true
  return kind === 'node' && use.name.endsWith(`#${name}`)
}

function byPlace(a: Use, b: Use): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1
  return (a.range?.start.offset ?? 0) - (b.range?.start.offset ?? 0)
}

/**
 * Every use of `name` in the workspace, by file and position.
 * Nodes are named `<strategy>#<node>`: `whereUsed(workspace, 'vip-routing#vip_desk')` lists its edges and tests.
 * @example whereUsed({ strategies, directories }, 'vip_team', { kind: 'group' }).uses[0]
 * // { kind: 'group', name: 'vip_team', use: 'target', file: 'vip.strategy.yaml', node: 'vip', path: [...], range }
 */
export function whereUsed(
  workspace: UsageWorkspace,
  name: string,
  options: WhereUsedOptions = {},
): WhereUsed {
  const all = workspaceUses(workspace)
  const declared = declarations(workspace)
  const uses = all.filter((use) => matches(use, name, options.kind)).sort(byPlace)
  const found = declared.filter((use) => matches(use, name, options.kind)).sort(byPlace)
  const result: WhereUsed = { name, uses, declarations: found }
  if (uses.length > 0 || found.length > 0) return result
  const suggestion = nodeSuggestion([...all, ...declared], name, options.kind)
  if (suggestion !== undefined) return { ...result, suggestion }
  const known = new Set<string>()
  for (const use of [...all, ...declared])
    if (options.kind === undefined || use.kind === options.kind) known.add(use.name)
  const closestName = closest(name, known)
  return closestName === undefined ? result : { ...result, suggestion: closestName }
}

/**
 * A bare node id (`vip_desk`) is not a name the workspace knows (nodes are `<strategy>#<node>`), so it answered
 * "Nothing in the workspace is named" for a node that exists: without a kind it is that node's full name, with
 * `--kind node` the closest node id.
 */
function nodeSuggestion(
  uses: readonly Use[],
  name: string,
  kind: ReferenceKind | undefined,
): string | undefined {
  if (name.includes('#') || (kind !== undefined && kind !== 'node')) return undefined
  const nodes = uses.filter((use) => use.kind === 'node').sort(byPlace)
  if (kind === undefined) return nodes.find((use) => use.name.endsWith(`#${name}`))?.name
  return closest(name, new Set(nodes.map((use) => use.name.slice(use.name.indexOf('#') + 1))))
}
