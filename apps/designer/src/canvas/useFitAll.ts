// Fit view over every node, measured or not. React Flow's own fitView waits until every node has been measured,
// and nodes off screen are never rendered (so never measured) on a large strategy: it would never run.
import { useReactFlow, useStoreApi } from '@xyflow/react'
import { useCallback, useContext } from 'react'
import { useFittedView } from './fitted-view.ts'
import { fitViewport } from './initial-viewport.ts'
import { isOverview, OverviewAheadContext, setOverviewAhead } from './overview.ts'
import { drawnPaths } from './planned-routes.ts'
import { useRoutePlan } from './route-plan.ts'

/** The performance mark set when Fit all's move has ended. */
export const FIT_ALL_DONE = 'rw:fit-all-done'

export function useFitAll(): (options?: { duration?: number }) => Promise<boolean> {
  const flow = useReactFlow()
  const store = useStoreApi()
  const fitted = useFittedView()
  const plan = useRoutePlan()
  const ahead = useContext(OverviewAheadContext)
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
      const move = () =>
        flow.setViewport(viewport, options.duration === undefined ? {} : { duration: options.duration })
      // a fit into the overview enters it first, and moves once React Flow holds the hidden nodes (a frame later):
      // else its first frames mount the thousands of nodes they show (overview.ts)
      const toOverview =
        isOverview(viewport.zoom, state.nodes.length) && !isOverview(state.transform[2], state.nodes.length)
      if (toOverview) setOverviewAhead(ahead, viewport.zoom)
      const moved = toOverview
        ? new Promise<void>((resolve) => requestAnimationFrame(() => resolve())).then(move)
        : move()
      // the view is final from here (in profiles, and for bench/fit-all: then it waits for data-edges-routed)
      return moved.then((done) => {
        if (toOverview) setOverviewAhead(ahead, undefined)
        performance.mark(FIT_ALL_DONE)
        return done
      })
    },
    [flow, store, fitted, plan, ahead],
  )
}
