// Which view the middle area shows (canvas, split, YAML), for the parts that must send the user to the text.
import { createContext, useContext } from 'react'

export type MiddleView = 'canvas' | 'code' | 'split'

export interface MiddleViewState {
  view: MiddleView
  setView(view: MiddleView): void
}

export const MiddleViewContext = createContext<MiddleViewState>({ view: 'canvas', setView() {} })

export function useMiddleView(): MiddleViewState {
  return useContext(MiddleViewContext)
}

/** Brings the text beside the canvas when the canvas shows alone: a syntax error is fixed in the text. */
export function showText({ view, setView }: MiddleViewState): void {
  if (view === 'canvas') setView('split')
}
