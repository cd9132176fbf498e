// Lets a subroutine node (and its expanded frame) expand or collapse itself without threading callbacks through
// React Flow's node data. `undefined` outside a canvas pane: nodes then draw no expand button.
import { createContext, useContext } from 'react'

export interface CallExpansion {
  /** Expands a collapsed call, collapses an expanded one. */
  toggle: (id: string) => void
  /** Whether the called strategy is known, so the call can be drawn expanded. */
  canExpand: (strategy: string) => boolean
}

export const CallExpansionContext = createContext<CallExpansion | undefined>(undefined)

export function useCallExpansion(): CallExpansion | undefined {
  return useContext(CallExpansionContext)
}

export function useToggleCall(): (id: string) => void {
  return useContext(CallExpansionContext)?.toggle ?? noop
}

function noop(): void {}
