// Collapsed groups: a set of nodes drawn as one block on the canvas (a view setting, never saved in the file).
// Edges into or out of the group attach to the block; edges inside it are hidden.
import type { Node } from '@xyflow/react'
import type { CallFrameNode, FlowEdge, FlowNode } from './flow-nodes.ts'

export interface CollapsedGroup {
  /** `group:<n>`: never a node id, since node ids cannot contain a colon. */
  id: string
  members: readonly string[]
}

export interface GroupData extends Record<string, unknown> {
  members: readonly string[]
  titles: readonly string[]
}

export type GroupNode = Node<GroupData, 'group'>
export type CanvasNode = FlowNode | GroupNode | CallFrameNode

export const GROUP_OUT = 'out'

export function isGroupId(id: string): boolean {
  return id.startsWith('group:')
}

/** Replaces each group's members by one block at their top-left corner, reusing the previous block objects. */
export function collapseNodes(
  previous: readonly CanvasNode[],
  nodes: readonly FlowNode[],
  groups: readonly CollapsedGroup[],
): CanvasNode[] {
  if (groups.length === 0) return nodes as CanvasNode[]
  const owner = new Map<string, string>()
  for (const g of groups) for (const m of g.members) owner.set(m, g.id)
  const old = new Map(previous.filter((n) => n.type === 'group').map((n) => [n.id, n as GroupNode]))
  const shown: CanvasNode[] = nodes.filter((n) => !owner.has(n.id))
  for (const g of groups) {
    const members = nodes.filter((n) => g.members.includes(n.id))
    if (members.length === 0) continue
    const x = Math.min(...members.map((n) => n.position.x))
    const y = Math.min(...members.map((n) => n.position.y))
    const titles = members.map((n) => n.data.title)
    const before = old.get(g.id)
    if (
      before &&
      before.position.x === x &&
      before.position.y === y &&
      before.data.titles.join() === titles.join()
    ) {
      shown.push(before)
      continue
    }
    shown.push({
      ...before,
      id: g.id,
      type: 'group',
      position: { x, y },
      data: { members: g.members, titles },
      draggable: false,
    })
  }
  return shown
}

/** Edges with group members replaced by their block; edges inside a group dropped; duplicates merged. */
export function collapseEdges(edges: FlowEdge[], groups: readonly CollapsedGroup[]): FlowEdge[] {
  if (groups.length === 0) return edges
  const owner = new Map<string, string>()
  for (const g of groups) for (const m of g.members) owner.set(m, g.id)
  const seen = new Set<string>()
  const out: FlowEdge[] = []
  for (const e of edges) {
    const source = owner.get(e.source) ?? e.source
    const target = owner.get(e.target) ?? e.target
    if (source === target && owner.has(e.source)) continue
    if (source === e.source && target === e.target) {
      out.push(e)
      continue
    }
    const sourceHandle = (source === e.source ? e.sourceHandle : GROUP_OUT) ?? null
    const key = `${source}:${sourceHandle}>${target}`
    if (seen.has(key)) continue
    seen.add(key)
    out.push({ ...e, id: `${e.id}@${key}`, source, target, sourceHandle, reconnectable: false })
  }
  return out
}
