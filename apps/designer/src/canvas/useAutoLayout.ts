import type { StrategyDocument } from '@routewright/strategy-dsl'
import { useEffect, useRef, useState } from 'react'
import { layoutDocument, needsLayout, type Positions } from '../core/layout.ts'

const NONE: Positions = {}

interface Laid {
  file: string
  positions: Positions
}

/**
 * Positions for a document opened without a stored layout, computed once per opened file. They stay out of
 * the document (opening a file does not make it dirty) until the user moves a node or asks for a layout.
 * Positions are tagged with their file: until the newly opened file's are computed, `pending` is true and the
 * previous file's are not handed out (fitting the view to them framed the wrong area).
 */
export function useAutoLayout(
  document: StrategyDocument | undefined,
  file: string | undefined,
): { positions: Positions; pending: boolean } {
  const [laid, setLaid] = useState<Laid | undefined>(undefined)
  const done = useRef<string | undefined>(undefined)
  const key = file ?? ''
  useEffect(() => {
    if (!document || done.current === key) return
    done.current = key
    if (!needsLayout(document)) {
      setLaid({ file: key, positions: NONE })
      return
    }
    // the layered layout takes milliseconds even for 500 nodes: no worker, no waiting state
    setLaid({ file: key, positions: layoutDocument(document) })
    return () => {
      done.current = undefined
    }
  }, [document, key])
  const current = laid !== undefined && laid.file === key
  return { positions: current ? laid.positions : NONE, pending: document !== undefined && !current }
}
