// The overview mounts no node (overview.ts), so React Flow's own node click, double-click and hover never happen: a
// pointer on the pane is tested against the boxes the preview draws instead, and a hit acts as the node itself would.
import { type InternalNode, useReactFlow, useStoreApi } from '@xyflow/react'
import { type RefObject, useEffect, useState } from 'react'
import type { CanvasNode } from './collapse.ts'
import type { FlowEdge } from './flow-nodes.ts'
import { nodeAt } from './overview-hit.ts'
import { selectOverviewNode, zoomToOverviewNode } from './overview-pick.ts'

/** The title shown over the node under the pointer, at the pointer's place in the pane. */
export interface OverviewHover {
  title: string
  left: number
  top: number
}

/** Picks nodes of the overview under the pointer in `wrapper` while `on`; returns the hovered node's title. */
export function useOverviewPicking(
  wrapper: RefObject<HTMLElement | null>,
  on: boolean,
): OverviewHover | undefined {
  const rfStore = useStoreApi<CanvasNode, FlowEdge>()
  const flow = useReactFlow<CanvasNode, FlowEdge>()
  const [hover, setHover] = useState<OverviewHover | undefined>(undefined)
  useEffect(() => {
    const root = wrapper.current
    if (!on || !root) return
    // only a pointer on the pane itself: not on the controls, a panel or the chip over it
    const onPane = (event: MouseEvent) =>
      event.target instanceof Element && event.target.closest('.react-flow__pane') !== null
    const hit = (event: MouseEvent): InternalNode<CanvasNode> | undefined => {
      if (!onPane(event)) return undefined
      const { transform, nodeLookup, domNode } = rfStore.getState()
      const rect = (domNode ?? root).getBoundingClientRect()
      const [tx, ty, zoom] = transform
      return nodeAt(
        nodeLookup.values(),
        (event.clientX - rect.left - tx) / zoom,
        (event.clientY - rect.top - ty) / zoom,
      )
    }
    // before React Flow's pane click (which clears the selection) and d3's double-click zoom: a node's box is the node
    const click = (event: MouseEvent) => {
      const node = hit(event)
      if (!node) return
      event.stopPropagation()
      selectOverviewNode(rfStore, node)
    }
    const dblclick = (event: MouseEvent) => {
      const node = hit(event)
      if (!node) return
      event.stopPropagation()
      void zoomToOverviewNode(flow, node)
    }
    let frame = 0
    let last: MouseEvent | undefined
    let pane: HTMLElement | null = null
    const hoverNow = () => {
      frame = 0
      const event = last
      if (!event) return
      const node = hit(event)
      const title = (node?.data as { title?: string } | undefined)?.title
      pane = event.target instanceof Element ? event.target.closest<HTMLElement>('.react-flow__pane') : null
      if (pane) pane.style.cursor = node ? 'pointer' : ''
      const rect = root.getBoundingClientRect()
      setHover(
        node && title
          ? { title, left: event.clientX - rect.left + 12, top: event.clientY - rect.top + 16 }
          : undefined,
      )
    }
    // one hit test per frame however fast the pointer moves
    const move = (event: PointerEvent) => {
      last = event
      if (frame === 0) frame = requestAnimationFrame(hoverNow)
    }
    const leave = () => {
      last = undefined
      setHover(undefined)
    }
    root.addEventListener('click', click, true)
    root.addEventListener('dblclick', dblclick, true)
    root.addEventListener('pointermove', move)
    root.addEventListener('pointerleave', leave)
    root.addEventListener('pointerdown', leave)
    // a wheel zoom moves the nodes from under a still pointer
    root.addEventListener('wheel', leave, { passive: true })
    return () => {
      root.removeEventListener('click', click, true)
      root.removeEventListener('dblclick', dblclick, true)
      root.removeEventListener('pointermove', move)
      root.removeEventListener('pointerleave', leave)
      root.removeEventListener('pointerdown', leave)
      root.removeEventListener('wheel', leave)
      if (frame !== 0) cancelAnimationFrame(frame)
      if (pane) pane.style.cursor = ''
      setHover(undefined)
    }
  }, [on, wrapper, rfStore, flow])
  return hover
}
