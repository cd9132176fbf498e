// Keeps React Flow node and edge objects identical when nothing about them changed, so memoised nodes skip
// rendering: only nodes whose view, position or selection changed get a new object.
import { nodeKinds } from '@routewright/strategy-dsl'
import { type Edge, type Node, type NodeHandle, Position } from '@xyflow/react'
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

const HANDLE_SIZE = 9
/** The output handle's left edge: the node's right border, handle centred on it (app.css `.rw-handle--out`). */
const OUT_HANDLE_X = NODE_WIDTH - 0.5
/** From an output handle's top to the node's bottom, for the last output (rows of 20 px, 2 px padding, border). */
const OUT_HANDLE_FROM_BOTTOM = 17.5
const OUTPUT_ROW = 20

/**
 * Where a node's handles sit before the DOM measures it (the same geometry as the CSS draws). React Flow renders
 * every node it has no handle bounds for, so without these a 500-node strategy would mount all 500 nodes once
 * only to measure them, instead of only those on screen.
 */
export function estimatedHandles(view: NodeView): NodeHandle[] {
  const height = nodeViewHeight(view)
  const n = view.outputs.length
  const handles: NodeHandle[] = [
    {
      type: 'target',
      position: Position.Left,
      x: -HANDLE_SIZE / 2 + 1,
      // centred on the padding box, which starts below the 3 px top border and ends above the 1 px bottom one
      y: height / 2 + 1 - HANDLE_SIZE / 2,
      width: HANDLE_SIZE,
      height: HANDLE_SIZE,
    },
  ]
  view.outputs.forEach((output, i) => {
    handles.push({
      id: output.key,
      type: 'source',
      position: Position.Right,
      x: OUT_HANDLE_X,
      y: height - (n - i) * OUTPUT_ROW + OUTPUT_ROW - OUT_HANDLE_FROM_BOTTOM,
      width: HANDLE_SIZE,
      height: HANDLE_SIZE,
    })
  })
  return handles
}

/** A node the DOM has measured loses its estimated handles, so React Flow keeps the measured ones. */
export function dropEstimatedHandles<T extends Node>(nodes: T[], measured: ReadonlySet<string>): T[] {
  if (measured.size === 0) return nodes
  return nodes.map((n) => {
    if (n.handles === undefined || !measured.has(n.id)) return n
    const { handles: _estimated, ...rest } = n
    return rest as T
  })
}

/**
 * What a screen reader says on a node the keyboard reaches (React Flow's wrapper is a bare `group` otherwise):
 * `Schedule node hours, "Open now?", start, 1 problem`.
 */
export function nodeAriaLabel(view: NodeView): string {
  const parts = [`${nodeKinds[view.node.type].title} node ${view.id}`]
  if (view.title !== view.id) parts.push(`"${view.title}"`)
  if (view.isStart) parts.push('start')
  const problems = view.diagnostics.length
  if (problems > 0) parts.push(`${problems} problem${problems === 1 ? '' : 's'}`)
  return parts.join(', ')
}

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
    const next: FlowNode = {
      ...old,
      id: view.id,
      type: 'strategy',
      data: view as NodeData,
      position: { x, y },
      selected,
      ariaLabel: nodeAriaLabel(view),
      // sizes before the DOM measures a node: fit view and culling of off-screen nodes need them
      initialWidth: NODE_WIDTH,
      initialHeight: nodeViewHeight(view),
    }
    if (old?.measured) delete next.handles
    else next.handles = estimatedHandles(view)
    return next
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
