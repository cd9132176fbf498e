// Whether the canvas is zoomed out below reading size, read once by the canvas and shared with every node: a
// React Flow store subscription per node would run 500 selectors on every frame of a pan.
import { createContext, useContext } from 'react'

export const ZoomedOutContext = createContext(false)

export function useZoomedOut(): boolean {
  return useContext(ZoomedOutContext)
}
