// The view the canvas last fitted itself to (a file's opening view, Fit all, Auto layout), owned by the canvas pane:
// a resize that settles fits the view again only while it is still that one, so a view the user panned or zoomed
// stays theirs.
import type { Viewport } from '@xyflow/react'
import { createContext, useContext } from 'react'

export interface FittedView {
  /** The view, and whether it showed the whole strategy (else the start node at reading size: initial-viewport.ts). */
  current: { viewport: Viewport; whole: boolean } | undefined
}

export const FittedViewContext = createContext<FittedView>({ current: undefined })

export function useFittedView(): FittedView {
  return useContext(FittedViewContext)
}

/** Whether the view is the one fitted last (a sub-pixel apart: the transform is read back as floats). */
export function isStillFitted(fitted: FittedView, now: Viewport): boolean {
  const v = fitted.current?.viewport
  return (
    v !== undefined &&
    Math.abs(v.x - now.x) < 0.5 &&
    Math.abs(v.y - now.y) < 0.5 &&
    Math.abs(v.zoom - now.zoom) < 0.001
  )
}
