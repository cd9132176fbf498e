// The canvas's edges without a Tab stop each: E / Shift+E on a focused node or edge reaches its outgoing edges, I /
// Shift+I its incoming ones, and Alt+Left / Alt+Right on a focused edge go back to the node it leaves / goes to.
import { useReactFlow } from '@xyflow/react'
import { type KeyboardEvent, type RefObject, useCallback, useEffect, useMemo, useState } from 'react'
import { afterNextPaint } from '../core/after-paint.ts'
import { useEditorStore } from '../hooks/useEditor.ts'
import { type EdgeEndsLike, edgeStopAfter, nodeStopFrom } from './edge-stops.ts'
import { focusCanvasNode } from './focus-node.ts'

/**
 * React Flow made every edge a Tab stop ahead of the nodes (a 40-edge strategy: 40 Tabs before its first node); the
 * canvas turns that off (`edgesFocusable={false}`) and this makes the edge E reached (edge-stops.ts) the one
 * focusable edge, focused once React Flow has drawn it so: its Enter (select) and the Delete shortcut work as before.
 * `shown` are the edges drawn, `editable` those E and I walk (an expanded call's edges are drawn, never edited).
 * Alt+Left / Alt+Right on a focused edge focus its source / target node (nodeStopFrom), which a screen reader then
 * reads out by its label; before, no key led from an edge back to a node. I on a node goes the other way, to the
 * edges that reach it (again: the next one into the same node; not Alt+Left, which on the edge reached goes on to its
 * source): before, a node's incoming edges were reached only from the nodes they leave.
 */
export function useEdgeStop<TEdge extends EdgeEndsLike>(
  shown: TEdge[],
  editable: readonly EdgeEndsLike[],
  wrapper: RefObject<HTMLElement | null>,
) {
  const store = useEditorStore()
  const flow = useReactFlow()
  // `turn` focuses the same edge again when it is reached again after the focus left it
  const [stop, setStop] = useState<{ id: string; turn: number } | undefined>(undefined)
  const edges = useMemo(
    () => (stop === undefined ? shown : shown.map((e) => (e.id === stop.id ? { ...e, focusable: true } : e))),
    [shown, stop],
  )
  useEffect(() => {
    if (stop === undefined) return
    return afterNextPaint(() =>
      wrapper.current
        ?.querySelector<SVGGElement>(`.react-flow__edge[data-id="${CSS.escape(stop.id)}"]`)
        ?.focus({ preventScroll: true }),
    )
  }, [stop, wrapper])
  // a node off screen in a large strategy is not drawn (culled): brought into view first, focused once drawn
  const [nodeStop, setNodeStop] = useState<{ id: string } | undefined>(undefined)
  useEffect(() => {
    if (nodeStop === undefined) return
    return afterNextPaint(() => focusCanvasNode(nodeStop.id))
  }, [nodeStop])
  const goToNode = useCallback(
    (id: string) => {
      if (focusCanvasNode(id)) return
      const node = flow.getInternalNode(id)
      if (node === undefined) return
      const { x, y } = node.internals.positionAbsolute
      const w = node.measured?.width ?? 232
      const h = node.measured?.height ?? 80
      void flow.setCenter(x + w / 2, y + h / 2, { zoom: flow.getZoom() }).then(() => setNodeStop({ id }))
    },
    [flow],
  )
  const onKeyDown = useCallback(
    (event: KeyboardEvent) => {
      const target = event.target as Element
      if (event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
        const edge = target.closest('.react-flow__edge')?.getAttribute('data-id')
        const node = edge == null ? undefined : nodeStopFrom(shown, edge, event.key)
        if (node === undefined) return
        // Alt+Left is also the browser's Back
        event.preventDefault()
        goToNode(node)
        return
      }
      const key = event.key.toLowerCase()
      if ((key !== 'e' && key !== 'i') || event.ctrlKey || event.metaKey || event.altKey) return
      const way = key === 'e' ? 'outgoing' : 'incoming'
      const edge = target.closest('.react-flow__edge')?.getAttribute('data-id')
      const node = target.closest('.react-flow__node')?.getAttribute('data-id')
      const from = edge != null ? { edge } : node != null ? { node } : undefined
      if (from === undefined) return
      event.preventDefault()
      const next = edgeStopAfter(editable, from, event.shiftKey ? -1 : 1, way)
      if (next === undefined) {
        if (node != null) store.notify(`Node "${node}" has no ${way} edge.`)
        return
      }
      setStop((last) => ({ id: next, turn: (last?.turn ?? 0) + 1 }))
    },
    [editable, shown, store, goToNode],
  )
  return { edges, onKeyDown }
}
