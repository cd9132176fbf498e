import type { StrategyDocument } from '@routewright/strategy-dsl'
import { useEffect, useRef, useState } from 'react'
import { layoutDocument, needsLayout, type Positions } from '../core/layout.ts'

const NONE: Positions = {}

interface Laid {
  file: string
  positions: Positions
}

/** Every node has a place: stored in the document or laid out already. */
function covers(document: StrategyDocument, positions: Positions): boolean {
  return Object.keys(document.nodes).every(
    (id) => document.layout?.[id] !== undefined || positions[id] !== undefined,
  )
}

/**
 * Positions for a document opened without a stored layout, computed once per opened file and again only when an
 * edit brings a node with no place (one typed in the code view). They stay out of the document (opening a file does
 * not make it dirty) until the user moves a node or asks for a layout. Deleting or reconnecting nodes keeps the
 * others where they are, as the user saw them. Positions are tagged with their file: until the newly opened file's
 * are computed, `pending` is true and the previous file's are not handed out (fitting to them framed the wrong area).
 */
export function useAutoLayout(
  document: StrategyDocument | undefined,
  file: string | undefined,
): { positions: Positions; pending: boolean } {
  const [laid, setLaid] = useState<Laid | undefined>(undefined)
  const latest = useRef<Laid | undefined>(undefined)
  const key = file ?? ''
  useEffect(() => {
    if (!document) return
    const current = latest.current
    if (current !== undefined && current.file === key && covers(document, current.positions)) return
    // the layered layout takes milliseconds even for 500 nodes: no worker, no waiting state
    const next = { file: key, positions: needsLayout(document) ? layoutDocument(document) : NONE }
    latest.current = next
    setLaid(next)
  }, [document, key])
  const current = laid !== undefined && laid.file === key
  return { positions: current ? laid.positions : NONE, pending: document !== undefined && !current }
}
