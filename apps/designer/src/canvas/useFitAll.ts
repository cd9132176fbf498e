// Fit view over every node, measured or not. React Flow's own fitView waits until every node has been measured,
// and nodes off screen are never rendered (so never measured) on a large strategy: it would never run.
import { getViewportForBounds, useReactFlow, useStoreApi } from '@xyflow/react'
import { useCallback } from 'react'
import { FIT_PADDING, MAX_FIT_ZOOM } from './initial-viewport.ts'

export function useFitAll(): (options?: { duration?: number }) => Promise<boolean> {
  const flow = useReactFlow()
  const store = useStoreApi()
  return useCallback(
    (options = {}) => {
      const { width, height, minZoom, maxZoom } = store.getState()
      const nodes = flow.getNodes()
      if (nodes.length === 0 || width === 0 || height === 0) return Promise.resolve(false)
      // node sizes: measured when drawn, else the initial size each node declares (flow-nodes.ts)
      const bounds = flow.getNodesBounds(nodes)
      const viewport = getViewportForBounds(
        bounds,
        width,
        height,
        minZoom,
        Math.min(maxZoom, MAX_FIT_ZOOM),
        FIT_PADDING,
      )
      return flow.setViewport(viewport, options.duration === undefined ? {} : { duration: options.duration })
    },
    [flow, store],
  )
}
