// The map of the overview (overview.ts): React Flow's MiniMap leaves out hidden nodes, and the overview hands it every
// node hidden, so it drew an empty map. This one draws the boxes the preview draws, as one path (not an element per
// node: the overview is for strategies of thousands), with MiniMap's framing, mask, classes and pan and zoom.
import { Panel, type ReactFlowState, useStore, useStoreApi } from '@xyflow/react'
import { XYMinimap, type XYMinimapInstance } from '@xyflow/system'
import { useEffect, useMemo, useRef } from 'react'
import type { CanvasNode } from './collapse.ts'
import type { FlowEdge } from './flow-nodes.ts'
import { nodeBox, previewDraws } from './overview-hit.ts'
import { severityOf } from './overview-read-out.ts'

/** The map's size: app.css `.rw-minimap svg`. */
const WIDTH = 168
const HEIGHT = 110
/** Margin around the drawing, in map pixels (MiniMap's offsetScale). */
const OFFSET = 5
const SELECTED = { fill: 'var(--rw-accent)' }
// a node of a large strategy is a pixel or two on the map: an error gets an outline of screen pixels around it too (a
// warning, often on most nodes, only its colour)
const ERRORS = { fill: 'var(--rw-error)', stroke: 'var(--rw-error)', strokeWidth: 3 }
const WARNINGS = { fill: 'var(--rw-warning)' }

const view = (s: ReactFlowState) => {
  const [tx, ty, zoom] = s.transform
  return `${-tx / zoom} ${-ty / zoom} ${s.width / zoom} ${s.height / zoom}`
}

/**
 * Every drawn node's box as path data, and apart those with a warning, with an error, and selected (drawn on top in
 * that order, in the warning, error and accent colours).
 */
function shapesOf(s: ReactFlowState<CanvasNode, FlowEdge>) {
  let all = ''
  let selected = ''
  let errors = ''
  let warnings = ''
  let left = Number.POSITIVE_INFINITY
  let top = Number.POSITIVE_INFINITY
  let right = Number.NEGATIVE_INFINITY
  let bottom = Number.NEGATIVE_INFINITY
  for (const node of s.nodeLookup.values()) {
    if (!previewDraws(node)) continue
    const b = nodeBox(node)
    const d = `M${b.x} ${b.y}h${b.w}v${b.h}h${-b.w}z`
    all += d
    if (node.selected) selected += d
    const severity = severityOf(node.data)
    if (severity === 'error') errors += d
    else if (severity === 'warning') warnings += d
    left = Math.min(left, b.x)
    top = Math.min(top, b.y)
    right = Math.max(right, b.x + b.w)
    bottom = Math.max(bottom, b.y + b.h)
  }
  const bounds = left <= right ? { x: left, y: top, width: right - left, height: bottom - top } : undefined
  return { all, selected, errors, warnings, bounds }
}

export function OverviewMap({ className }: { className?: string }) {
  const store = useStoreApi<CanvasNode, FlowEdge>()
  // redrawn when the node list changes (an edit, a selection), not on every frame of a pan
  const nodes = useStore((s) => s.nodes)
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new node list is the reason to draw again
  const shapes = useMemo(() => shapesOf(store.getState()), [store, nodes])
  const viewText = useStore(view)
  const panZoom = useStore((s) => s.panZoom)
  const [vx, vy, vw, vh] = viewText.split(' ').map(Number) as [number, number, number, number]
  const b = shapes.bounds
  const left = Math.min(vx, b?.x ?? vx)
  const top = Math.min(vy, b?.y ?? vy)
  const boundsW = Math.max(vx + vw, b ? b.x + b.width : vx + vw) - left
  const boundsH = Math.max(vy + vh, b ? b.y + b.height : vy + vh) - top
  const scale = Math.max(boundsW / WIDTH, boundsH / HEIGHT)
  const offset = OFFSET * scale
  const x = left - (scale * WIDTH - boundsW) / 2 - offset
  const y = top - (scale * HEIGHT - boundsH) / 2 - offset
  const width = scale * WIDTH + offset * 2
  const height = scale * HEIGHT + offset * 2
  const svg = useRef<SVGSVGElement>(null)
  const scaleRef = useRef(scale)
  scaleRef.current = scale
  const minimap = useRef<XYMinimapInstance>(undefined)
  useEffect(() => {
    if (!svg.current || !panZoom) return
    const instance = XYMinimap({
      domNode: svg.current,
      panZoom,
      getTransform: () => store.getState().transform,
      getViewScale: () => scaleRef.current,
    })
    minimap.current = instance
    return () => instance.destroy()
  }, [panZoom, store])
  const flowWidth = useStore((s) => s.width)
  const flowHeight = useStore((s) => s.height)
  const translateExtent = useStore((s) => s.translateExtent)
  useEffect(() => {
    minimap.current?.update({
      translateExtent,
      width: flowWidth,
      height: flowHeight,
      pannable: true,
      zoomable: true,
      zoomStep: 1,
    })
  }, [translateExtent, flowWidth, flowHeight])
  const classes = ['react-flow__minimap', className].filter(Boolean).join(' ')
  return (
    <Panel position="bottom-right" className={classes} data-testid="overview-map">
      <svg
        ref={svg}
        width={WIDTH}
        height={HEIGHT}
        viewBox={`${x} ${y} ${width} ${height}`}
        className="react-flow__minimap-svg"
        role="img"
        aria-label="Overview map"
      >
        <path className="react-flow__minimap-node" d={shapes.all} />
        {shapes.warnings !== '' && (
          <path
            className="react-flow__minimap-node has-warning"
            d={shapes.warnings}
            style={WARNINGS}
            data-testid="overview-map-warnings"
          />
        )}
        {shapes.errors !== '' && (
          <path
            className="react-flow__minimap-node has-error"
            d={shapes.errors}
            style={ERRORS}
            vectorEffect="non-scaling-stroke"
            data-testid="overview-map-errors"
          />
        )}
        {shapes.selected !== '' && (
          <path className="react-flow__minimap-node selected" d={shapes.selected} style={SELECTED} />
        )}
        <path
          className="react-flow__minimap-mask"
          d={`M${x - offset},${y - offset}h${width + offset * 2}v${height + offset * 2}h${-width - offset * 2}z
        M${vx},${vy}h${vw}v${vh}h${-vw}z`}
          fillRule="evenodd"
          pointerEvents="none"
        />
      </svg>
    </Panel>
  )
}
