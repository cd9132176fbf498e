// The node boxes edges are routed around (core/edge-route.ts), kept in a store an edge reads only while it routes
// on its own: a change of boxes (a drop, nodes measured) then re-renders those edges, not every mounted one.
import type { Node } from '@xyflow/react'
import { createContext, useContext, useLayoutEffect, useReducer, useRef } from 'react'
import type { Box } from '../core/edge-route.ts'

const NO_BOXES: readonly Box[] = []

export interface EdgeObstaclesStore {
  /** Adopts the boxes (in the canvas's render, so edges mounted by the same render route around them). */
  publish(boxes: readonly Box[]): void
  /** Tells the edges reading boxes that they changed (after the commit). */
  notify(): void
  get(): readonly Box[]
  subscribe(listener: () => void): () => void
}

export function createEdgeObstaclesStore(): EdgeObstaclesStore {
  let boxes = NO_BOXES
  let told = NO_BOXES
  const listeners = new Set<() => void>()
  return {
    publish(next) {
      boxes = next
    },
    notify() {
      if (told === boxes) return
      told = boxes
      for (const listener of listeners) listener()
    },
    get: () => boxes,
    subscribe(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
  }
}

export const EdgeObstaclesContext = createContext<EdgeObstaclesStore>(createEdgeObstaclesStore())

/**
 * The boxes for an edge routing on its own (`needed`: its ends moved off its planned route, or it is not planned
 * yet); an edge drawing its planned route reads none and is no listener, so new boxes do not re-render it.
 */
export function useEdgeObstacles(needed: boolean): readonly Box[] {
  const store = useContext(EdgeObstaclesContext)
  const boxes = needed ? store.get() : NO_BOXES
  const [, rerender] = useReducer((n: number) => n + 1, 0)
  // the boxes it drew last (set on commit: a render React drops drew nothing)
  const drawn = useRef(boxes)
  useLayoutEffect(() => {
    drawn.current = boxes
  })
  useLayoutEffect(() => {
    if (!needed) return
    const update = () => {
      if (store.get() !== drawn.current) rerender()
    }
    // boxes published between this render and this subscription are not missed
    update()
    return store.subscribe(update)
  }, [store, needed])
  return boxes
}

/** The same boxes, in the same order. */
export const sameBoxes = (a: readonly Box[], b: readonly Box[]) =>
  a.length === b.length &&
  a.every((box, i) => {
    const other = b[i]!
    return box.x === other.x && box.y === other.y && box.width === other.width && box.height === other.height
  })

/**
 * The boxes of the top-level nodes (a call's inner nodes sit inside its frame's box): their measured size, else
 * the declared one. While a node is dragged, and whenever nothing moved or resized, the previous list is kept,
 * so edges are not routed again on every frame of a drag or on a selection change.
 */
export function obstaclesOf(nodes: readonly Node[], previous: readonly Box[]): readonly Box[] {
  const boxes: Box[] = []
  for (const n of nodes) {
    if (n.dragging) return previous
    if (n.parentId !== undefined || n.hidden) continue
    // the card as drawn once measured (a card taller than its estimate had edges routed through its lower part),
    // before that the size it declares; the estimates are the drawn sizes, so measuring reroutes nothing then
    const width = n.measured?.width ?? n.width ?? n.initialWidth ?? 0
    const height = n.measured?.height ?? n.height ?? n.initialHeight ?? 0
    if (width > 0 && height > 0) boxes.push({ x: n.position.x, y: n.position.y, width, height })
  }
  return sameBoxes(boxes, previous) ? previous : boxes
}
