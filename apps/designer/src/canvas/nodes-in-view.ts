// pure: how many of the canvas's top-level nodes a viewport shows whole (the "12 of 30 nodes in view" cue)

export interface NodeBox {
  position: { x: number; y: number }
  parentId?: string | undefined
  measured?: { width?: number | undefined; height?: number | undefined } | undefined
  width?: number | undefined
  height?: number | undefined
  initialWidth?: number | undefined
  initialHeight?: number | undefined
}

export interface NodesInView {
  shown: number
  total: number
}

/**
 * Top-level nodes (a frame's children move with it) whose whole box lies inside a `width` x `height` pane at
 * `transform` ([x, y, zoom], React Flow's order). Sizes: measured when drawn, else declared.
 */
export function nodesInView(
  nodes: readonly NodeBox[],
  transform: readonly [number, number, number],
  width: number,
  height: number,
): NodesInView {
  const [tx, ty, zoom] = transform
  let shown = 0
  let total = 0
  for (const n of nodes) {
    if (n.parentId !== undefined) continue
    total++
    const w = n.measured?.width ?? n.width ?? n.initialWidth ?? 0
    const h = n.measured?.height ?? n.height ?? n.initialHeight ?? 0
    const left = n.position.x * zoom + tx
    const top = n.position.y * zoom + ty
    // half a pixel of slack: a fitted view puts edge nodes exactly on the pane's border after rounding
    if (left >= -0.5 && top >= -0.5 && left + w * zoom <= width + 0.5 && top + h * zoom <= height + 0.5)
      shown++
  }
  return { shown, total }
}
