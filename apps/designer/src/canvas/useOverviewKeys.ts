// The overview mounts no node (overview.ts), so Tab and the keys that act on a focused node find none there: the
// canvas itself takes the focus, the arrows move a cursor over the boxes the preview draws (it rings it, the status
// reads its title), Home and End go to the first and last node in reading order, PageUp and PageDown a view's height,
// Enter selects it as a click does, and Enter again or Space zooms to it and focuses it, mounted.
import { type InternalNode, useReactFlow, useStoreApi } from '@xyflow/react'
import { type RefObject, useEffect, useState } from 'react'
import type { CanvasNode } from './collapse.ts'
import type { FlowEdge } from './flow-nodes.ts'
import { focusCanvasNode } from './focus-node.ts'
import {
  nodeAtEnd,
  nodeBox,
  nodeNearest,
  nodePageAway,
  nodeToward,
  previewDraws,
  type Toward,
} from './overview-hit.ts'
import { selectOverviewNode, zoomToOverviewNode } from './overview-pick.ts'

const ARROWS: Record<string, Toward> = {
  ArrowLeft: 'left',
  ArrowRight: 'right',
  ArrowUp: 'up',
  ArrowDown: 'down',
}

/** Frames to wait for a node zoomed to to mount before its focus is given up (a zoom lasts 200 ms). */
const MOUNT_FRAMES = 120

const PAGES: Record<string, 'up' | 'down'> = { PageUp: 'up', PageDown: 'down' }
const ENDS: Record<string, 'first' | 'last'> = { Home: 'first', End: 'last' }

/**
 * Keyboard picking of the overview's nodes with the focus on the canvas `wrapper` while `on`; returns the id of the
 * node under the cursor (its read-out is taken from the node as it is now: a selection by click or list shows).
 */
export function useOverviewKeys(wrapper: RefObject<HTMLElement | null>, on: boolean): string | undefined {
  const rfStore = useStoreApi<CanvasNode, FlowEdge>()
  const flow = useReactFlow<CanvasNode, FlowEdge>()
  const [cursor, setCursor] = useState<string | undefined>(undefined)
  useEffect(() => {
    const root = wrapper.current
    if (!on || !root) return
    let id: string | undefined
    const current = () => {
      const node = id === undefined ? undefined : rfStore.getState().nodeLookup.get(id)
      return node && previewDraws(node) ? node : undefined
    }
    const moveTo = (node: InternalNode<CanvasNode>) => {
      id = node.id
      setCursor(node.id)
      // a cursor off screen brings the view to it, at the same zoom (still the overview)
      const { transform, width, height } = rfStore.getState()
      const [tx, ty, zoom] = transform
      const b = nodeBox(node)
      const left = -tx / zoom
      const top = -ty / zoom
      if (b.x < left || b.y < top || b.x + b.w > left + width / zoom || b.y + b.h > top + height / zoom)
        void flow.setCenter(b.x + b.w / 2, b.y + b.h / 2, { zoom })
    }
    const zoomTo = (node: InternalNode<CanvasNode>) => {
      void zoomToOverviewNode(flow, node).then(() => {
        // the overview (and this effect) ends with the zoom; the node mounts a render or two later
        let frames = 0
        const tryFocus = () => {
          if (!focusCanvasNode(node.id) && ++frames < MOUNT_FRAMES) requestAnimationFrame(tryFocus)
        }
        tryFocus()
      })
    }
    const keydown = (event: KeyboardEvent) => {
      // the canvas itself focused: a control, panel or field inside it keeps its own keys
      if (event.target !== root || event.ctrlKey || event.metaKey || event.altKey) return
      const toward = ARROWS[event.key]
      const page = PAGES[event.key]
      const end = ENDS[event.key]
      const node = current()
      if (toward !== undefined || page !== undefined || end !== undefined) {
        const { nodeLookup, transform, width, height } = rfStore.getState()
        const [tx, ty, zoom] = transform
        let next: InternalNode<CanvasNode> | undefined
        if (end !== undefined) next = nodeAtEnd(nodeLookup.values(), end)
        else if (node && toward !== undefined)
          next = nodeToward(nodeLookup.values(), nodeBox(node), toward, node.id)
        else if (node && page !== undefined)
          next = nodePageAway(nodeLookup.values(), nodeBox(node), page, height / zoom, node.id)
        else {
          // the first arrow starts on the selected node when it is drawn, else on the one nearest the view's centre
          next = [...nodeLookup.values()].find((n) => n.selected && previewDraws(n))
          next ??= nodeNearest(nodeLookup.values(), (width / 2 - tx) / zoom, (height / 2 - ty) / zoom)
        }
        event.preventDefault()
        event.stopPropagation()
        if (next) moveTo(next)
      } else if (node && event.key === 'Enter' && !event.shiftKey) {
        event.preventDefault()
        event.stopPropagation()
        if (node.selected) return zoomTo(node)
        selectOverviewNode(rfStore, node)
      } else if (node && event.key === ' ') {
        event.preventDefault()
        event.stopPropagation()
        zoomTo(node)
      } else if (node && event.key === 'Escape') {
        event.stopPropagation()
        id = undefined
        setCursor(undefined)
      }
    }
    root.addEventListener('keydown', keydown)
    return () => {
      root.removeEventListener('keydown', keydown)
      setCursor(undefined)
    }
  }, [on, wrapper, rfStore, flow])
  return cursor
}
