// The overview: zoomed out so far on a strategy too large to draw whole that no title is readable, React Flow gets
// every node hidden and no edge (none mounted) and MotionPreview draws the view on its canvas. Mounting the 3,001 nodes
// and 3,600 edges of a fitted large strategy was one task of 1.6 s on a quiet box (CPU profile of Fit all,
// docs/performance-log.md), for boxes a few pixels high. A move that ends in the overview (Fit all) enters it before
// it starts: React Flow would mount what its first frames show before the hidden nodes reach its store.
import { createContext, useContext, useSyncExternalStore } from 'react'

/** Title size of a simplified node (app.css `.rw-node.is-simple .rw-node__title`). */
export const SIMPLE_TITLE_PX = 20
/** Titles smaller than this on screen are not drawn: unreadable, and text is the slowest thing to draw. */
export const MIN_TEXT_PX = 5
/** Below this zoom no node title is readable (the preview draws none either): the overview's zoom. */
export const OVERVIEW_ZOOM = MIN_TEXT_PX / SIMPLE_TITLE_PX

/** Zoomed out, strategies up to this size draw every (light) node; larger ones have the overview. */
export const DRAW_ALL_ZOOMED_OUT = 1500

/** Whether a canvas of `nodeCount` nodes at `zoom` is drawn as the overview. */
export const isOverview = (zoom: number, nodeCount: number) =>
  nodeCount > DRAW_ALL_ZOOMED_OUT && zoom < OVERVIEW_ZOOM

/** The zoom a move under way ends at, when it ends in the overview; one per canvas pane. */
export interface OverviewAhead {
  zoom: number | undefined
  listeners: Set<() => void>
}

export const createOverviewAhead = (): OverviewAhead => ({ zoom: undefined, listeners: new Set() })

export const OverviewAheadContext = createContext<OverviewAhead>(createOverviewAhead())

export function setOverviewAhead(ahead: OverviewAhead, zoom: number | undefined): void {
  if (ahead.zoom === zoom) return
  ahead.zoom = zoom
  for (const listener of ahead.listeners) listener()
}

/** The zoom the move under way ends at in the overview, else undefined. */
export function useOverviewAhead(): number | undefined {
  const ahead = useContext(OverviewAheadContext)
  return useSyncExternalStore(
    (listener) => {
      ahead.listeners.add(listener)
      return () => ahead.listeners.delete(listener)
    },
    () => ahead.zoom,
  )
}

/** The hidden copies the overview hands React Flow: the preview draws these, not nodes hidden for themselves. */
const overviewCopies = new WeakSet<object>()
/** One copy per item, so an unchanged node is the same object to React Flow from one overview render to the next. */
const copyOf = new WeakMap<object, object>()

/** The items hidden for the overview (those hidden already stay as they are, and stay out of the preview). */
export function hiddenForOverview<T extends { hidden?: boolean | undefined }>(items: readonly T[]): T[] {
  return items.map((item) => {
    if (item.hidden) return item
    let copy = copyOf.get(item) as T | undefined
    if (copy === undefined) {
      copy = { ...item, hidden: true }
      copyOf.set(item, copy)
      overviewCopies.add(copy)
    }
    return copy
  })
}

/** Whether the preview draws this item: shown, or hidden only for the overview. */
export const drawnInPreview = (item: { hidden?: boolean | undefined }, userItem: object = item) =>
  !item.hidden || overviewCopies.has(userItem)
