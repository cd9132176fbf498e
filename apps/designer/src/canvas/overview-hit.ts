// The overview mounts no node (overview.ts): what a pointer is over is found here from React Flow's node list, the
// boxes the preview draws. A scan of 3,001 boxes is a few microseconds, well under a pointer move's frame: no index.
import type { InternalNode } from '@xyflow/react'
import type { CanvasNode } from './collapse.ts'
import { drawnInPreview } from './overview.ts'

export interface NodeBox {
  x: number
  y: number
  w: number
  h: number
}

/** A node's box in flow coordinates, as the preview draws it. */
export function nodeBox(node: InternalNode<CanvasNode>): NodeBox {
  const { x, y } = node.internals.positionAbsolute
  return {
    x,
    y,
    w: node.measured.width ?? node.initialWidth ?? 0,
    h: node.measured.height ?? node.initialHeight ?? 0,
  }
}

/** Whether the preview shows this node: its edges are drawn. */
export const inPreview = (node: InternalNode<CanvasNode>) => drawnInPreview(node, node.internals.userNode)

/** Whether the preview draws this node's box (a node inside a call frame is drawn by its frame). */
export const previewDraws = (node: InternalNode<CanvasNode>) => inPreview(node) && node.parentId === undefined

/** The node the preview draws at flow point (x, y): the last drawn, which is on top, or undefined. */
export function nodeAt(
  nodes: Iterable<InternalNode<CanvasNode>>,
  x: number,
  y: number,
): InternalNode<CanvasNode> | undefined {
  let hit: InternalNode<CanvasNode> | undefined
  for (const node of nodes) {
    if (!previewDraws(node)) continue
    const b = nodeBox(node)
    if (x >= b.x && x <= b.x + b.w && y >= b.y && y <= b.y + b.h) hit = node
  }
  return hit
}

/** An arrow key's direction on the canvas. */
export type Toward = 'left' | 'right' | 'up' | 'down'

const AXES: Record<Toward, [number, number]> = { left: [-1, 0], right: [1, 0], up: [0, -1], down: [0, 1] }

/** The drawn node (not `skip`) of lowest `score` of its box; a node scored undefined is not a candidate. */
function lowestScored(
  nodes: Iterable<InternalNode<CanvasNode>>,
  score: (box: NodeBox) => number | undefined,
  skip?: string,
): InternalNode<CanvasNode> | undefined {
  let best: InternalNode<CanvasNode> | undefined
  let bestScore = Number.POSITIVE_INFINITY
  for (const node of nodes) {
    if (node.id === skip || !previewDraws(node)) continue
    const value = score(nodeBox(node))
    if (value !== undefined && value < bestScore) {
      bestScore = value
      best = node
    }
  }
  return best
}

/**
 * The drawn node an arrow key goes to from `from` (a node's box, or the view's centre as an empty box): the nearest
 * whose centre lies that way, a step across the arrow counting twice a step along it (so Right keeps to the row).
 */
export function nodeToward(
  nodes: Iterable<InternalNode<CanvasNode>>,
  from: NodeBox,
  toward: Toward,
  skip?: string,
): InternalNode<CanvasNode> | undefined {
  const [ax, ay] = AXES[toward]
  const fx = from.x + from.w / 2
  const fy = from.y + from.h / 2
  return lowestScored(
    nodes,
    (b) => {
      const dx = b.x + b.w / 2 - fx
      const dy = b.y + b.h / 2 - fy
      const along = dx * ax + dy * ay
      return along <= 0 ? undefined : along + 2 * Math.abs(dx * ay + dy * ax)
    },
    skip,
  )
}

/** The drawn node whose centre is nearest flow point (x, y): where the arrow keys start in the overview. */
export function nodeNearest(
  nodes: Iterable<InternalNode<CanvasNode>>,
  x: number,
  y: number,
): InternalNode<CanvasNode> | undefined {
  return lowestScored(nodes, (b) => Math.hypot(b.x + b.w / 2 - x, b.y + b.h / 2 - y))
}

/** Home and End in the overview: the drawn node first or last in reading order (top to bottom, then left to right). */
export function nodeAtEnd(
  nodes: Iterable<InternalNode<CanvasNode>>,
  end: 'first' | 'last',
): InternalNode<CanvasNode> | undefined {
  const sign = end === 'first' ? 1 : -1
  let best: InternalNode<CanvasNode> | undefined
  let bestBox: NodeBox | undefined
  for (const node of nodes) {
    if (!previewDraws(node)) continue
    const b = nodeBox(node)
    const order = bestBox === undefined ? -1 : sign * (b.y - bestBox.y || b.x - bestBox.x)
    if (order < 0) {
      best = node
      bestBox = b
    }
  }
  return best
}

/**
 * PageUp and PageDown in the overview: of the drawn nodes whose centre lies that way from `from`, the one nearest the
 * point `distance` (a view's height) that way; undefined when none lies that way.
 */
export function nodePageAway(
  nodes: Iterable<InternalNode<CanvasNode>>,
  from: NodeBox,
  toward: 'up' | 'down',
  distance: number,
  skip?: string,
): InternalNode<CanvasNode> | undefined {
  const sign = toward === 'down' ? 1 : -1
  const fx = from.x + from.w / 2
  const fy = from.y + from.h / 2
  const ty = fy + sign * distance
  return lowestScored(
    nodes,
    (b) => {
      const cy = b.y + b.h / 2
      return sign * (cy - fy) <= 0 ? undefined : Math.hypot(b.x + b.w / 2 - fx, cy - ty)
    },
    skip,
  )
}
