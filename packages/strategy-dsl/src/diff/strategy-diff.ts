// pure: what differs between two versions of a strategy: nodes, edges, inputs, variables, settings
import type { StrategyDocument } from '../document.ts'
import type { NodeOutput } from '../nodes/kind.ts'
import { kindOf, type StrategyNode } from '../nodes/registry.ts'
import { diffEntries, diffSettings } from './entries.ts'
import type { EdgeChange, EntryChange, NodeChange, StrategyDiff } from './types.ts'
import { diffValues, sameValue, withoutPaths } from './values.ts'

const SETTINGS = ['strategy', 'format', 'title', 'description'] as const
const SECTIONS = ['inputs', 'outputs', 'variables'] as const

/**
 * Compares two strategies as documents, not texts: formatting, key order, comments and the designer's `layout`
 * are ignored. Edges are reported apart from the other fields of a node. A node whose id changed while its
 * content stayed identical and every reference followed it is a rename; otherwise a removal plus an addition.
 */
export function diffStrategies(before: StrategyDocument, after: StrategyDocument): StrategyDiff {
  const renames = detectRenames(before, after)
  const toNew = (id: string | undefined) => (id === undefined ? undefined : (renames.get(id) ?? id))
  const settings = diffSettings(SETTINGS, before, after)
  if (toNew(before.start) !== after.start) {
    settings.push({ path: ['start'], before: before.start, after: after.start })
  }
  const entries: EntryChange[] = []
  for (const section of SECTIONS) entries.push(...diffEntries(section, before[section], after[section]))

  const oldIdOf = new Map<string, string>()
  for (const [oldId, newId] of renames) oldIdOf.set(newId, oldId)
  const nodes: NodeChange[] = []
  const edges: EdgeChange[] = []
  for (const [id, node] of Object.entries(after.nodes)) {
    const oldId = oldIdOf.get(id) ?? id
    const old = before.nodes[oldId]
    if (!old) {
      nodes.push({ id, change: 'added', type: node.type, fields: [], node })
      continue
    }
    if (oldId !== id) nodes.push({ id, change: 'renamed', from: oldId, type: node.type, fields: [] })
    else if (old === node) continue
    // most nodes of a version are untouched: one deep comparison, no copies, settles their fields
    const same = oldId === id && sameValue(old, node)
    if (oldId === id && !same) {
      const fields = diffValues(contentOf(old), contentOf(node))
      if (fields.length > 0) nodes.push({ id, change: 'changed', type: node.type, fields })
    }
    // an untouched node's edges change only when they lead to a renamed node
    if (!same || renames.size > 0) edges.push(...diffEdges(id, old, node, toNew))
  }
  for (const [id, node] of Object.entries(before.nodes)) {
    // renames go from ids absent in the new version to ids absent in the old one
    const survives = renames.has(id) || Object.hasOwn(after.nodes, id)
    if (!survives) nodes.push({ id, change: 'removed', type: node.type, fields: [], node })
  }
  return { kind: 'strategy', settings, entries, nodes, edges }
}

/** The node without its edges: what must be identical for two ids to be the same node. */
function contentOf(node: StrategyNode): unknown {
  return withoutPaths(
    node,
    kindOf(node)
      .outputs(node)
      .map((o) => o.path),
  )
}

/** Outputs keyed by name; a repeated name gets `#2`, `#3` so every output is compared. */
function outputsByName(node: StrategyNode): Map<string, NodeOutput> {
  const out = new Map<string, NodeOutput>()
  for (const output of kindOf(node).outputs(node)) {
    let name = output.name
    for (let n = 2; out.has(name); n++) name = `${output.name}#${n}`
    out.set(name, output)
  }
  return out
}

function diffEdges(
  id: string,
  old: StrategyNode,
  node: StrategyNode,
  toNew: (id: string | undefined) => string | undefined,
): EdgeChange[] {
  const before = outputsByName(old)
  const after = outputsByName(node)
  const out: EdgeChange[] = []
  for (const [output, { target, path }] of after) {
    const was = toNew(before.get(output)?.target)
    if (was === target) continue
    const change = was === undefined ? 'added' : target === undefined ? 'removed' : 'rewired'
    out.push({ node: id, output, path, change, before: was, after: target })
  }
  for (const [output, { target, path }] of before) {
    if (!after.has(output) && target !== undefined) {
      out.push({ node: id, output, path, change: 'removed', before: toNew(target), after: undefined })
    }
  }
  return out
}

/** `source\0output` for every edge into `id`, plus `\0start` when the strategy starts there. */
function referencesTo(doc: StrategyDocument, id: string, rename: (id: string) => string): Set<string> {
  const refs = new Set<string>()
  if (doc.start === id) refs.add('\0start')
  for (const [source, node] of Object.entries(doc.nodes)) {
    for (const [output, { target }] of outputsByName(node)) {
      if (target === id) refs.add(`${rename(source)}\0${output}`)
    }
  }
  return refs
}

/**
 * Old id -> new id for nodes that only changed id: same kind and content, one candidate each way, outgoing
 * edges and incoming references (`start` included) identical once every rename is applied.
 */
function detectRenames(before: StrategyDocument, after: StrategyDocument): Map<string, string> {
  const removed = Object.keys(before.nodes).filter((id) => !Object.hasOwn(after.nodes, id))
  const added = Object.keys(after.nodes).filter((id) => !Object.hasOwn(before.nodes, id))
  if (removed.length === 0 || added.length === 0) return new Map()
  const contents = new Map<string, unknown>()
  for (const id of added) contents.set(id, contentOf(after.nodes[id]!))
  const pairs = new Map<string, string>()
  const claimed = new Map<string, number>()
  for (const oldId of removed) {
    const old = before.nodes[oldId]!
    const content = contentOf(old)
    const matches = added.filter(
      (id) => after.nodes[id]!.type === old.type && sameValue(content, contents.get(id)),
    )
    if (matches.length === 1) {
      pairs.set(oldId, matches[0]!)
      claimed.set(matches[0]!, (claimed.get(matches[0]!) ?? 0) + 1)
    }
  }
  for (const [oldId, newId] of pairs) if (claimed.get(newId)! > 1) pairs.delete(oldId)
  // dropping a pair changes how the others' references map, so check again until nothing is dropped
  for (let dropped = true; dropped && pairs.size > 0; ) {
    dropped = false
    const rename = (id: string) => pairs.get(id) ?? id
    for (const [oldId, newId] of pairs) {
      const outgoing = sameEdges(before.nodes[oldId]!, after.nodes[newId]!, rename)
      const into = referencesTo(before, oldId, rename)
      const intoNew = referencesTo(after, newId, (id) => id)
      if (!outgoing || into.size !== intoNew.size || ![...into].every((ref) => intoNew.has(ref))) {
        pairs.delete(oldId)
        dropped = true
      }
    }
  }
  return pairs
}

function sameEdges(old: StrategyNode, node: StrategyNode, rename: (id: string) => string): boolean {
  const before = outputsByName(old)
  const after = outputsByName(node)
  if (before.size !== after.size) return false
  for (const [name, { target }] of before) {
    const now = after.get(name)
    if (!now || (target === undefined ? undefined : rename(target)) !== now.target) return false
  }
  return true
}
