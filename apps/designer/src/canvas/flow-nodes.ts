// Keeps React Flow node and edge objects identical when nothing about them changed, so memoised nodes skip
// rendering: only nodes whose view, position or selection changed get a new object.
import type { Edge, Node } from '@xyflow/react'
import { type EdgeView, type GraphView, NODE_WIDTH, type NodeView, nodeViewHeight } from '../core/graph.ts'
import type { Positions } from '../core/layout.ts'

export type NodeData = NodeView & Record<string, unknown>
export type FlowNode = Node<NodeData, 'strategy'>
export type FlowEdge = Edge<{ view: EdgeView }>

export interface CallFrameData extends Record<string, unknown> {
  /** The subroutine node's own view: title, outputs (the frame's handles), diagnostics. */
  view: NodeView
  /** The called strategy's id. */
  call: string
  /** How many nodes the frame shows. */
  size: number
}

/** An expanded subroutine call (calls.ts): the node drawn as a frame around the called strategy. */
export type CallFrameNode = Node<CallFrameData, 'call'>

const GRID_COLUMNS = 8

export function syncNodes(
  previous: readonly FlowNode[],
  graph: GraphView,
  layout: Positions | undefined,
  auto: Positions,
  selection: ReadonlySet<string>,
): FlowNode[] {
  const byId = new Map(previous.map((n) => [n.id, n]))
  return graph.nodes.map((view, index) => {
    const old = byId.get(view.id)
    const stored = layout?.[view.id] ?? auto[view.id]
    const x = stored?.[0] ?? old?.position.x ?? (index % GRID_COLUMNS) * 280
    const y = stored?.[1] ?? old?.position.y ?? Math.floor(index / GRID_COLUMNS) * 180
    const selected = selection.has(view.id)
    if (
      old &&
      old.data === view &&
      old.position.x === x &&
      old.position.y === y &&
      !!old.selected === selected
    )
      return old
    return {
      ...old,
      id: view.id,
      type: 'strategy',
      data: view as NodeData,
      position: { x, y },
      selected,
      // sizes before the DOM measures a node: fit view and culling of off-screen nodes need them
      initialWidth: NODE_WIDTH,
      initialHeight: nodeViewHeight(view),
    }
  })
}

export function syncEdges(previous: readonly FlowEdge[], graph: GraphView): FlowEdge[] {
  const byId = new Map(previous.map((e) => [e.id, e]))
  return graph.edges.map((view) => {
    const old = byId.get(view.id)
    if (old && old.data?.view === view) return old
    return {
      id: view.id,
      source: view.source,
      sourceHandle: view.sourceHandle,
      target: view.target,
      // no label on the line: the output's name (and condition) sits on the node beside the handle the edge
      // leaves from, so labels never stack on parallel edges or hide under a node
      ariaLabel: `${view.source} ${view.label} to ${view.target}`,
      selected: old?.selected ?? false,
      animated: view.visited,
      className: view.visited ? 'is-visited' : '',
      data: { view },
    }
  })
}
