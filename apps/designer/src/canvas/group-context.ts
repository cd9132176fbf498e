// Lets a collapsed group's block expand itself without threading callbacks through React Flow's node data.
import { createContext, useContext } from 'react'

export const ExpandGroupContext = createContext<(id: string) => void>(() => {})

export function useExpandGroup(): (id: string) => void {
  return useContext(ExpandGroupContext)
}
