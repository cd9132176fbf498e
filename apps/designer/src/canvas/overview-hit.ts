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
