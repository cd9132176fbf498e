// The canvas's edges without a Tab stop each: E / Shift+E on a focused node or edge reaches its outgoing edges.
import { type KeyboardEvent, type RefObject, useCallback, useEffect, useMemo, useState } from 'react'
import { afterNextPaint } from '../core/after-paint.ts'
import { useEditorStore } from '../hooks/useEditor.ts'
import { type EdgeLike, edgeStopAfter } from './edge-stops.ts'

/**
 * React Flow made every edge a Tab stop ahead of the nodes (a 40-edge strategy: 40 Tabs before its first node); the
 * canvas turns that off (`edgesFocusable={false}`) and this makes the edge E reached (edge-stops.ts) the one
 * focusable edge, focused once React Flow has drawn it so: its Enter (select) and the Delete shortcut work as before.
 * `shown` are the edges drawn, `editable` those E walks (an expanded call's edges are drawn, never edited).
 */
export function useEdgeStop<TEdge extends EdgeLike>(
  shown: TEdge[],
  editable: readonly EdgeLike[],
  wrapper: RefObject<HTMLElement | null>,
) {
  const store = useEditorStore()
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
  const onKeyDown = useCallback(
    (event: KeyboardEvent) => {
      if (event.key.toLowerCase() !== 'e' || event.ctrlKey || event.metaKey || event.altKey) return
      const target = event.target as Element
      const edge = target.closest('.react-flow__edge')?.getAttribute('data-id')
      const node = target.closest('.react-flow__node')?.getAttribute('data-id')
      const from = edge != null ? { edge } : node != null ? { node } : undefined
      if (from === undefined) return
      event.preventDefault()
      const next = edgeStopAfter(editable, from, event.shiftKey ? -1 : 1)
      if (next === undefined) {
        if (node != null) store.notify(`Node "${node}" has no outgoing edge.`)
        return
      }
      setStop((last) => ({ id: next, turn: (last?.turn ?? 0) + 1 }))
    },
    [editable, store],
  )
  return { edges, onKeyDown }
}
