import type { StrategyDocument } from '@routewright/strategy-dsl'
import { useEffect, useRef, useState } from 'react'
import { layoutDocument, needsLayout, type Positions } from '../core/layout.ts'

const NONE: Positions = {}

/**
 * Positions for a document opened without a stored layout, computed once per opened file. They stay out of
 * the document (opening a file does not make it dirty) until the user moves a node or asks for a layout.
 */
export function useAutoLayout(
  document: StrategyDocument | undefined,
  file: string | undefined,
): { positions: Positions; pending: boolean } {
  const [positions, setPositions] = useState<Positions>(NONE)
  const [pending, setPending] = useState(false)
  const done = useRef<string | undefined>(undefined)
  useEffect(() => {
    const key = file ?? ''
    if (!document || done.current === key) return
    done.current = key
    if (!needsLayout(document)) {
      setPositions(NONE)
      setPending(false)
      return
    }
    // the layered layout takes milliseconds even for 500 nodes: no worker, no waiting state
    setPositions(layoutDocument(document))
    setPending(false)
    return () => {
      done.current = undefined
    }
  }, [document, file])
  return { positions, pending }
}
