// Fit view over every node, measured or not. React Flow's own fitView waits until every node has been measured,
// and nodes off screen are never rendered (so never measured) on a large strategy: it would never run.
import { useReactFlow, useStoreApi } from '@xyflow/react'
import { useCallback } from 'react'
import { useFittedView } from './fitted-view.ts'
import { fitViewport } from './initial-viewport.ts'
import { drawnPaths } from './planned-routes.ts'
import { useRoutePlan } from './route-plan.ts'

/** The performance mark set when Fit all's move has ended. */
export const FIT_ALL_DONE = 'rw:fit-all-done'

export function useFitAll(): (options?: { duration?: number }) => Promise<boolean> {
  const flow = useReactFlow()
  const store = useStoreApi()
  const fitted = useFittedView()
  const plan = useRoutePlan()
  return useCallback(
    (options = {}) => {
      const state = store.getState()
      const { width, height, minZoom, maxZoom } = state
      // node sizes: measured when drawn, else the initial size each node declares (flow-nodes.ts); edges as drawn (the
      // plan they are drawn from, unless they moved since)
      const viewport = fitViewport(
        flow.getNodes(),
        { width, height, minZoom, maxZoom },
        drawnPaths(state, plan),
      )
      if (viewport === undefined) return Promise.resolve(false)
      fitted.current = { viewport, whole: true }
      const moved = flow.setViewport(
        viewport,
        options.duration === undefined ? {} : { duration: options.duration },
      )
      // the view is final from here (in profiles, and for bench/fit-all: then it waits for data-edges-routed)
      return moved.then((done) => {
        performance.mark(FIT_ALL_DONE)
        return done
      })
    },
    [flow, store, fitted, plan],
  )
}
