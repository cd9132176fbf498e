import type { StrategyDocument } from '@routewright/strategy-dsl'
import { useEffect, useRef, useState } from 'react'
import { fitBoxFor, layoutDocument, needsLayout, type Positions } from '../core/layout.ts'
import type { PaneSize } from './pane-size-settle.ts'

const NONE: Positions = {}

interface Laid {
  file: string
  positions: Positions
  /** The fit box the positions were laid out for. */
  box: string
  /** The pane size (`WxH`) they were last checked against. */
  pane: string
  /** Counts settled resizes of the canvas (laid out anew or not): the view fits again (Canvas.tsx). */
  refit: number
}

/** Every node has a place: stored in the document or laid out already. */
function covers(document: StrategyDocument, positions: Positions): boolean {
  return Object.keys(document.nodes).every(
    (id) => document.layout?.[id] !== undefined || positions[id] !== undefined,
  )
}

function samePositions(a: Positions, b: Positions): boolean {
  const keys = Object.keys(a)
  if (keys.length !== Object.keys(b).length) return false
  return keys.every((id) => a[id]![0] === b[id]?.[0] && a[id]![1] === b[id]?.[1])
}

/**
 * Positions for a document opened without a stored layout, laid out to fit the canvas pane it opens in: computed
 * once per opened file, again when an edit brings a node with no place (one typed in the code view), and again
 * when the pane is resized so that another band width fits it better. `refit` counts the resizes that settled (a
 * new layout or not): the view fits each one. They stay out of the
 * document (opening a file does not make it dirty) until the user moves a node or asks for a layout; from then on
 * the stored places win, so a resize never moves a node the user placed. Deleting or reconnecting nodes keeps the
 * others where they are, as the user saw them. Positions are tagged with their file: until the newly opened file's
 * are computed (and the pane measured), `pending` is true and the previous file's are not handed out.
 */
export function useAutoLayout(
  document: StrategyDocument | undefined,
  file: string | undefined,
  pane: PaneSize | undefined,
): { positions: Positions; pending: boolean; refit: number } {
  const [laid, setLaid] = useState<Laid | undefined>(undefined)
  const latest = useRef<Laid | undefined>(undefined)
  const key = file ?? ''
  const fitWithin = pane === undefined ? undefined : fitBoxFor(pane)
  const box = fitWithin === undefined ? '' : `${fitWithin.width}x${fitWithin.height}`
  const paneKey = pane === undefined ? '' : `${pane.width}x${pane.height}`
  // biome-ignore lint/correctness/useExhaustiveDependencies: box stands for fitWithin, which is new each render
  useEffect(() => {
    if (!document || fitWithin === undefined) return
    const current = latest.current
    const sameFile = current !== undefined && current.file === key
    // the layered layout takes milliseconds even for 500 nodes: no worker, no waiting state
    if (sameFile && covers(document, current.positions)) {
      if (current.pane === paneKey) return
      // only the pane changed: lay out again unless the user placed every node, and move nothing if the same bands
      // fit; either way the view fits the new pane (refit)
      const relaid =
        current.box !== box && needsLayout(document) ? layoutDocument(document, { fitWithin }) : undefined
      const positions =
        relaid === undefined || samePositions(current.positions, relaid) ? current.positions : relaid
      const next = { file: key, positions, box, pane: paneKey, refit: current.refit + 1 }
      latest.current = next
      setLaid(next)
      return
    }
    const positions = needsLayout(document) ? layoutDocument(document, { fitWithin }) : NONE
    const next = { file: key, positions, box, pane: paneKey, refit: sameFile ? current.refit : 0 }
    latest.current = next
    setLaid(next)
  }, [document, key, box, paneKey])
  const current = laid !== undefined && laid.file === key
  return {
    positions: current ? laid.positions : NONE,
    pending: document !== undefined && !current,
    refit: current ? laid.refit : 0,
  }
}
