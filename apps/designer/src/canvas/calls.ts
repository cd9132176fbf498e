// Expanded subroutine calls: a subroutine node drawn as a frame holding the called strategy's nodes (read-only), a
// view setting of the open file like collapsed groups. Nodes right of or below the frame make room for it.
import type { StrategyDocument } from '@routewright/strategy-dsl'
import { createGraphMapper, type GraphView, NODE_WIDTH, nodeViewHeight } from '../core/graph.ts'
import { layoutDocument, needsLayout, type Positions } from '../core/layout.ts'
import type { CanvasNode } from './collapse.ts'
import type { CallFrameNode, FlowEdge, FlowNode, NodeData } from './flow-nodes.ts'

/** The called strategy as the frame draws it: its graph and where each node sits inside the frame. */
export interface CalledGraph {
  graph: GraphView
  positions: Positions
  width: number
  height: number
}

export const FRAME_PADDING = 24
/** Header (icon, title, collapse button) plus the line naming the called strategy. */
export const FRAME_HEADER = 64
const OUTPUT_ROW = 22
const CHILD_Z = 1001
/** Room kept between a frame and the nodes it pushes aside. */
const FRAME_GAP = 48

/** `call:<node>/<inner>`: never a document node id, since node ids cannot contain a colon. */
export function callChildId(node: string, inner: string): string {
  return `call:${node}/${inner}`
}

export function isCallChildId(id: string): boolean {
  return id.startsWith('call:')
}

/** The graph of a called strategy with positions from its own layout (computed when it stores none). */
export function calledGraph(doc: StrategyDocument): CalledGraph {
  const graph = createGraphMapper()(doc, [], undefined)
  const positions: Positions = needsLayout(doc) ? layoutDocument(doc) : { ...doc.layout }
  let minX = Number.POSITIVE_INFINITY
  let minY = Number.POSITIVE_INFINITY
  let maxX = Number.NEGATIVE_INFINITY
  let maxY = Number.NEGATIVE_INFINITY
  for (const view of graph.nodes) {
    const [x, y] = positions[view.id] ?? [0, 0]
    minX = Math.min(minX, x)
    minY = Math.min(minY, y)
    maxX = Math.max(maxX, x + NODE_WIDTH)
    maxY = Math.max(maxY, y + nodeViewHeight(view))
  }
  if (graph.nodes.length === 0) return { graph, positions: {}, width: NODE_WIDTH, height: 0 }
  const shifted: Positions = {}
  for (const view of graph.nodes) {
    const [x, y] = positions[view.id] ?? [0, 0]
    shifted[view.id] = [x - minX, y - minY]
  }
  return { graph, positions: shifted, width: maxX - minX, height: maxY - minY }
}

/** The frame's size for a subroutine node whose outputs are `outputs` rows. */
export function frameSize(called: CalledGraph, outputs: number): { width: number; height: number } {
  return {
    width: Math.max(called.width, NODE_WIDTH) + 2 * FRAME_PADDING,
    height: FRAME_HEADER + outputs * OUTPUT_ROW + called.height + 2 * FRAME_PADDING,
  }
}

export interface ExpandedCanvas {
  nodes: CanvasNode[]
  /** How far each document node is drawn from its stored position (to subtract before saving a drag). */
  offsets: ReadonlyMap<string, readonly [number, number]>
}

const NO_OFFSETS: ReadonlyMap<string, readonly [number, number]> = new Map()

/**
 * Draws each expanded subroutine node as a frame with the called strategy inside. Previous objects are reused
 * when unchanged, so memoised nodes skip rendering. Calls whose strategy is unknown stay plain nodes.
 */
export function expandCalls(
  previous: readonly CanvasNode[],
  nodes: readonly CanvasNode[],
  expanded: ReadonlySet<string>,
  called: (strategy: string) => CalledGraph | undefined,
): ExpandedCanvas {
  if (expanded.size === 0) return { nodes: nodes as CanvasNode[], offsets: NO_OFFSETS }
  const old = new Map(previous.map((n) => [n.id, n]))
  const frames: Array<{ node: FlowNode; called: CalledGraph; width: number; height: number }> = []
  for (const n of nodes) {
    if (n.type !== 'strategy' || !expanded.has(n.id)) continue
    const node = n.data.node
    const graph = node.type === 'subroutine' ? called(node.call) : undefined
    if (!graph) continue
    frames.push({ node: n, called: graph, ...frameSize(graph, n.data.outputs.length) })
  }
  if (frames.length === 0) return { nodes: nodes as CanvasNode[], offsets: NO_OFFSETS }

  // make room: top-left frames first, each pushing what lies right of it (same rows) or below it (same columns)
  frames.sort((a, b) => a.node.position.y - b.node.position.y || a.node.position.x - b.node.position.x)
  const offsets = new Map<string, [number, number]>()
  const at = (n: CanvasNode): [number, number] => {
    const o = offsets.get(n.id) ?? [0, 0]
    return [n.position.x + o[0], n.position.y + o[1]]
  }
  for (const frame of frames) {
    const [fx, fy] = at(frame.node)
    const extraWidth = frame.width - NODE_WIDTH
    const extraHeight = frame.height - nodeViewHeight(frame.node.data)
    for (const n of nodes) {
      if (n.id === frame.node.id) continue
      const [x, y] = at(n)
      const o = offsets.get(n.id) ?? [0, 0]
      if (x >= fx + NODE_WIDTH / 2 && y < fy + frame.height + FRAME_GAP) {
        offsets.set(n.id, [o[0] + extraWidth, o[1]])
      } else if (y >= fy + nodeViewHeight(frame.node.data) / 2 && x < fx + frame.width + FRAME_GAP) {
        offsets.set(n.id, [o[0], o[1] + extraHeight])
      }
    }
  }

  const frameIds = new Map(frames.map((f) => [f.node.id, f]))
  const out: CanvasNode[] = []
  for (const n of nodes) {
    const frame = frameIds.get(n.id)
    const [x, y] = at(n)
    const moved = x !== n.position.x || y !== n.position.y ? { ...n, position: { x, y } } : n
    const before = old.get(moved.id)
    if (!frame) {
      // a pushed node is a new object each time: reuse the one drawn before when nothing else changed
      const reuse =
        moved !== n &&
        before?.type === n.type &&
        before.data === n.data &&
        before.selected === n.selected &&
        samePosition(before, moved)
      out.push(reuse ? before : moved)
      continue
    }
    out.push(frameNode(moved as FlowNode, frame, before))
    const top = FRAME_HEADER + frame.node.data.outputs.length * OUTPUT_ROW + FRAME_PADDING
    for (const view of frame.called.graph.nodes) {
      const id = callChildId(n.id, view.id)
      const [cx, cy] = frame.called.positions[view.id] ?? [0, 0]
      const position = { x: FRAME_PADDING + cx, y: top + cy }
      const prior = old.get(id)
      if (prior && prior.data === view && samePosition(prior, { position })) {
        out.push(prior)
        continue
      }
      out.push({
        id,
        type: 'strategy',
        parentId: n.id,
        data: view as NodeData,
        position,
        draggable: false,
        selectable: false,
        connectable: false,
        deletable: false,
        focusable: false,
        className: 'rw-call-child',
        // above the frame even when the frame is selected (React Flow lifts a selected node by 1000)
        zIndex: CHILD_Z,
        initialWidth: NODE_WIDTH,
        initialHeight: nodeViewHeight(view),
      })
    }
  }

  return { nodes: out, offsets }
}

function samePosition(a: Pick<CanvasNode, 'position'>, b: Pick<CanvasNode, 'position'>): boolean {
  return a.position.x === b.position.x && a.position.y === b.position.y
}

function frameNode(
  node: FlowNode,
  frame: { called: CalledGraph; width: number; height: number },
  before: CanvasNode | undefined,
): CallFrameNode {
  const call = node.data.node.type === 'subroutine' ? node.data.node.call : ''
  if (
    before?.type === 'call' &&
    before.data.view === node.data &&
    before.selected === node.selected &&
    before.width === frame.width &&
    before.height === frame.height &&
    samePosition(before, node)
  )
    return before
  return {
    id: node.id,
    type: 'call',
    position: node.position,
    selected: node.selected ?? false,
    data: { view: node.data, call, size: frame.called.graph.nodes.length },
    width: frame.width,
    height: frame.height,
    // edges into the frame and out of it stay above it, its inner nodes above its background
    zIndex: 0,
  }
}

/** `frame\u0000strategy` per expanded call drawn, one a line: edges inside frames change only when this does. */
export function framesKey(nodes: readonly CanvasNode[]): string {
  const keys: string[] = []
  for (const n of nodes) if (n.type === 'call') keys.push(`${n.id}\u0000${n.data.call}`)
  return keys.join('\n')
}

/** The edges inside each expanded call's frame (read-only), for the frames `framesKey` lists. */
export function callEdges(key: string, called: (strategy: string) => CalledGraph | undefined): FlowEdge[] {
  const edges: FlowEdge[] = []
  if (key === '') return edges
  for (const line of key.split('\n')) {
    const [frame = '', strategy = ''] = line.split('\u0000')
    for (const e of called(strategy)?.graph.edges ?? [])
      edges.push({
        id: callChildId(frame, e.id),
        source: callChildId(frame, e.source),
        sourceHandle: e.sourceHandle,
        target: callChildId(frame, e.target),
        // plain smoothstep: routing around nodes would take the frame's own box for an obstacle
        type: 'smoothstep',
        ariaLabel: `${e.source} ${e.label} to ${e.target}, inside ${frame}`,
        selectable: false,
        reconnectable: false,
        focusable: false,
        className: 'rw-call-edge',
        zIndex: CHILD_Z,
        data: { view: e },
      })
  }
  return edges
}
