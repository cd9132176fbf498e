// A view opened on the start node (initial-viewport.ts) moves right once the edges are planned, if their tracks beside
// the first column run under the zoom controls: the view leaves EDGE_REACH for them, and a column that many loops
// come back into takes more. Only while it is still the view the canvas set (a view the user moved stays theirs).
import { useReactFlow, useStoreApi } from '@xyflow/react'
import { useLayoutEffect } from 'react'
import { smoothStepPoints } from '../core/edge-route.ts'
import { CONTROLS_CLEARANCE, clearOfControls } from '../core/fit-margins.ts'
import { isStillFitted, useFittedView } from './fitted-view.ts'
import type { EdgeRoutes } from './useEdgeRoutes.ts'

/**
 * `edgeIds`: the edges of the strategy on the canvas (routes still planned for the file before are left alone);
 * `fit`: a new value each time the canvas sets its view, which is then cleared too.
 */
export function useStartViewClear(routes: EdgeRoutes, edgeIds: ReadonlySet<string>, fit: unknown): void {
  const flow = useReactFlow()
  const rfStore = useStoreApi()
  const fittedView = useFittedView()
  useLayoutEffect(() => {
    const fitted = fittedView.current
    if (
      fit === undefined ||
      fitted === undefined ||
      fitted.whole ||
      !isStillFitted(fittedView, flow.getViewport())
    )
      return
    if (routes.ends.size === 0 || [...routes.ends.keys()].some((id) => !edgeIds.has(id))) return
    const opened = fitted.opened ?? fitted.viewport
    // an edge without a planned path draws as smoothstep between its ends
    const paths = [...routes.ends.values()].map(
      (e) => routes.paths.get(e.id) ?? smoothStepPoints(e.source, e.target),
    )
    // by at most the controls' width again: an edge from nodes left of the view can not be cleared by a nudge
    const viewport = clearOfControls(opened, paths, { height: rfStore.getState().height }, CONTROLS_CLEARANCE)
    if (viewport.x === fitted.viewport.x) return
    fittedView.current = { viewport, whole: false, opened }
    void flow.setViewport(viewport)
  }, [routes, edgeIds, fit, fittedView, flow, rfStore])
}
