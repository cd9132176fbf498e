// While a large, zoomed-out canvas pans or zooms, its light nodes and straight edges are drawn on one 2D canvas over
// the pane and the DOM nodes and edges are hidden: a frame of the move is then one small drawing instead of
// re-layerizing, rasterizing and hit-testing hundreds of positioned elements. When the move ends the DOM shows again,
// unless the canvas is in its overview (overview.ts): then the preview stays, the still view's only drawing.
import { type ReactFlowState, useOnViewportChange, useStoreApi } from '@xyflow/react'
import { type RefObject, useCallback, useEffect, useRef } from 'react'
import type { CanvasNode } from './collapse.ts'
import type { FlowEdge } from './flow-nodes.ts'
import { MIN_TEXT_PX, SIMPLE_TITLE_PX } from './overview.ts'
import { nodeBox as box, inPreview, type NodeBox, previewDraws } from './overview-hit.ts'
import { severityOf } from './overview-read-out.ts'
import { ERROR_BORDER_PX, markProblems } from './preview-marks.ts'

/** The class the canvas wrapper carries while the preview stands in for the DOM nodes (app.css hides them). */
export const MOVING_CLASS = 'is-moving'

interface Look {
  kind: string
  background: string
  border: string
  text: string
}

interface Palette {
  byType: Map<string, Look>
  fallback: Look
  accent: string
  error: string
  warning: string
  edge: string
  font: string
}

/**
 * Colours as the DOM nodes draw them (light or dark theme), read once per move from a probe node of each kind in
 * `types` (the overview mounts no node to read them from); the edges' from a drawn edge, else as `previous` read them.
 */
function readPalette(root: HTMLElement, types: ReadonlySet<string>, previous: Palette | undefined): Palette {
  const byType = new Map<string, Look>()
  const probes = document.createElement('div')
  probes.style.cssText = 'position:absolute;visibility:hidden;pointer-events:none'
  const title = document.createElement('div')
  title.className = 'rw-node__title'
  for (const type of types) {
    const el = document.createElement('div')
    el.className = `rw-node rw-node--${type} is-simple`
    el.dataset.nodeType = type
    probes.append(el)
  }
  probes.firstElementChild?.append(title)
  root.append(probes)
  for (const el of probes.children) {
    const style = getComputedStyle(el)
    byType.set((el as HTMLElement).dataset.nodeType ?? '', {
      kind: style.borderTopColor,
      background: style.backgroundColor,
      border: style.borderLeftColor,
      text: style.color,
    })
  }
  const rootStyle = getComputedStyle(root)
  const edgePath = root.querySelector('.react-flow__edge-path')
  const palette: Palette = {
    byType,
    fallback: { kind: '#8a94a6', background: '#ffffff', border: '#c6cdd8', text: '#1f2937' },
    accent: rootStyle.getPropertyValue('--rw-accent').trim() || '#2f6fde',
    error: rootStyle.getPropertyValue('--rw-error').trim() || '#c62828',
    warning: rootStyle.getPropertyValue('--rw-warning').trim() || '#c98a06',
    edge: edgePath ? getComputedStyle(edgePath).stroke : (previous?.edge ?? '#b1b1b7'),
    font: types.size > 0 ? getComputedStyle(title).fontFamily : (previous?.font ?? 'sans-serif'),
  }
  probes.remove()
  return palette
}

/** The node kinds on the canvas (a dozen at most). */
function typesOf(state: ReactFlowState<CanvasNode, FlowEdge>): Set<string> {
  const types = new Set<string>()
  for (const node of state.nodeLookup.values()) {
    const type = (node.data as { node?: { type?: string } }).node?.type
    if (type !== undefined) types.add(type)
  }
  return types
}

function draw(
  canvas: HTMLCanvasElement,
  state: ReactFlowState<CanvasNode, FlowEdge>,
  edges: readonly FlowEdge[],
  palette: Palette,
  cursor: string | undefined,
): void {
  const ratio = window.devicePixelRatio || 1
  const { width, height, transform, nodeLookup } = state
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio)
    canvas.height = Math.round(height * ratio)
  }
  const ctx = canvas.getContext('2d')
  if (!ctx) return
  const [tx, ty, zoom] = transform
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0)
  ctx.clearRect(0, 0, width, height)
  ctx.setTransform(ratio * zoom, 0, 0, ratio * zoom, ratio * tx, ratio * ty)
  // what is on screen, in flow coordinates: nothing outside it is drawn
  const left = -tx / zoom
  const top = -ty / zoom
  const right = left + width / zoom
  const bottom = top + height / zoom
  const onScreen = (b: { x: number; y: number; w: number; h: number }) =>
    b.x + b.w >= left && b.x <= right && b.y + b.h >= top && b.y <= bottom

  ctx.beginPath()
  for (const edge of edges) {
    const source = nodeLookup.get(edge.source)
    const target = nodeLookup.get(edge.target)
    if (!source || !target || edge.hidden || !inPreview(source) || !inPreview(target)) continue
    const s = box(source)
    const t = box(target)
    const x0 = s.x + s.w
    const y0 = s.y + s.h / 2
    const x1 = t.x
    const y1 = t.y + t.h / 2
    if (
      Math.max(x0, x1) < left ||
      Math.min(x0, x1) > right ||
      Math.max(y0, y1) < top ||
      Math.min(y0, y1) > bottom
    )
      continue
    ctx.moveTo(x0, y0)
    ctx.lineTo(x1, y1)
  }
  ctx.strokeStyle = palette.edge
  ctx.lineWidth = 1 / zoom
  ctx.stroke()

  const textPx = SIMPLE_TITLE_PX * zoom
  const withText = textPx >= MIN_TEXT_PX
  if (withText) {
    ctx.font = `600 ${SIMPLE_TITLE_PX}px ${palette.font}`
    ctx.textBaseline = 'middle'
  }
  // the boxes of the nodes on screen with a problem, dotted after the loop: one path per severity, not one per node
  const errors: NodeBox[] = []
  const warnings: NodeBox[] = []
  for (const node of nodeLookup.values()) {
    if (!previewDraws(node)) continue
    const b = box(node)
    if (!onScreen(b)) continue
    const data = node.data as { node?: { type?: string }; title?: string; severity?: string }
    const severity = severityOf(data)
    if (severity === 'error') errors.push(b)
    else if (severity === 'warning') warnings.push(b)
    const look = palette.byType.get(data.node?.type ?? '') ?? palette.fallback
    ctx.fillStyle = look.background
    ctx.fillRect(b.x, b.y, b.w, b.h)
    // an error's border is wide enough to see at any zoom, as its card's is
    ctx.lineWidth = node.selected ? 3 : severity === 'error' ? Math.max(1, ERROR_BORDER_PX / zoom) : 1
    ctx.strokeStyle = node.selected ? palette.accent : severity === 'error' ? palette.error : look.border
    ctx.strokeRect(b.x, b.y, b.w, b.h)
    ctx.fillStyle = look.kind
    ctx.fillRect(b.x, b.y, b.w, 3)
    if (withText && data.title) {
      ctx.fillStyle = look.text
      ctx.fillText(data.title, b.x + 9, b.y + 3 + 10 + SIMPLE_TITLE_PX / 2, b.w - 18)
    }
  }
  // errors last: on top of a neighbour's warning
  if (warnings.length > 0) markProblems(ctx, warnings, palette.warning, zoom)
  if (errors.length > 0) markProblems(ctx, errors, palette.error, zoom)
  // the keyboard's cursor in the overview (useOverviewKeys): a ring a few pixels out, whatever the zoom
  const at = cursor === undefined ? undefined : nodeLookup.get(cursor)
  if (at && previewDraws(at)) {
    const b = box(at)
    const gap = 4 / zoom
    ctx.lineWidth = 3 / zoom
    ctx.strokeStyle = palette.accent
    ctx.strokeRect(b.x - gap, b.y - gap, b.w + 2 * gap, b.h + 2 * gap)
  }
}

/**
 * Shows the preview for moves of the canvas in `wrapper` while `active` (zoomed out on a large strategy): the
 * wrapper gets MOVING_CLASS from the move's start to its end (React Flow's, which a wheel zoom has too), without a
 * React render of the graph.
 */
export function MotionPreview({
  wrapper,
  edges,
  active,
  still,
  cursor,
}: {
  wrapper: RefObject<HTMLElement | null>
  /** The canvas's edges: React Flow holds none in the overview (each would mount a wrapper that draws nothing). */
  edges: readonly FlowEdge[]
  active: boolean
  /** The overview (overview.ts): the preview shows while the view is still too, and draws its changes. */
  still: boolean
  /** The node the keyboard's cursor is on in the overview (useOverviewKeys): ringed. */
  cursor?: string | undefined
}) {
  const canvas = useRef<HTMLCanvasElement>(null)
  const store = useStoreApi<CanvasNode, FlowEdge>()
  const moving = useRef<{ begin(): void; end(): void }>(undefined)
  // the colours last read: the edges' stay when the overview has none drawn to read them from
  const palette = useRef<Palette>(undefined)
  // a move under way when the overview starts or ends (a wheel zoom across OVERVIEW_ZOOM) keeps its preview
  const inMove = useRef(false)
  const edgeList = useRef(edges)
  edgeList.current = edges
  const cursorId = useRef(cursor)
  cursorId.current = cursor
  const repaint = useRef<() => void>(undefined)
  useEffect(() => {
    const root = wrapper.current
    const el = canvas.current
    if (!active || !root || !el) return
    let on = false
    let frame = 0
    const paint = () => {
      frame = 0
      if (on && palette.current)
        draw(el, store.getState(), edgeList.current, palette.current, cursorId.current)
    }
    const show = () => {
      if (on) return
      const state = store.getState()
      palette.current = readPalette(root, typesOf(state), palette.current)
      on = true
      draw(el, state, edgeList.current, palette.current, cursorId.current)
      root.classList.add(MOVING_CLASS)
    }
    const hide = () => {
      on = false
      root.classList.remove(MOVING_CLASS)
    }
    moving.current = {
      begin: show,
      end() {
        if (!still) hide()
      },
    }
    if (still || inMove.current) show()
    const unsubscribe = store.subscribe((state, previous) => {
      // still, the drawing follows an edit or a selection of its nodes and edges, and a resized pane
      const changed =
        state.transform !== previous.transform ||
        (still &&
          (state.nodes !== previous.nodes ||
            state.width !== previous.width ||
            state.height !== previous.height))
      if (on && changed && frame === 0) frame = requestAnimationFrame(paint)
    })
    repaint.current = () => {
      if (on && frame === 0) frame = requestAnimationFrame(paint)
    }
    return () => {
      unsubscribe()
      if (frame !== 0) cancelAnimationFrame(frame)
      hide()
      moving.current = undefined
      repaint.current = undefined
    }
  }, [active, still, store, wrapper])
  // an edge added or removed while still (React Flow's store does not hold them then), or the cursor moved
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new edge list is the reason to paint again
  useEffect(() => repaint.current?.(), [edges, cursor])
  const begin = useCallback(() => {
    inMove.current = true
    moving.current?.begin()
  }, [])
  const end = useCallback(() => {
    inMove.current = false
    moving.current?.end()
  }, [])
  useOnViewportChange({ onStart: begin, onEnd: end })
  return (
    <div className="rw-motion-preview" aria-hidden="true">
      <canvas ref={canvas} />
    </div>
  )
}
