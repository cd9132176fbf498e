// The route plan's edges, each subscribed to on its own (useSyncExternalStore): a new plan (a route tile of a Fit
// all) re-renders only the edges whose planned ends or path it changed, not every mounted edge as a context did.
import { createContext, useCallback, useContext, useSyncExternalStore } from 'react'
import type { Point } from '../core/edge-route.ts'
import type { EdgeEnds } from '../core/edge-tracks.ts'
import type { EdgeRoutes } from './route-plan.ts'

/** One edge's part of the plan: the same object while the plan keeps its ends and path. */
export interface EdgeRoute {
  /** The ends its path was planned between; undefined when not planned (it routes on its own). */
  ends: EdgeEnds | undefined
  /** Its path around nodes; undefined draws as smoothstep (when planned). */
  path: Point[] | undefined
}

const UNPLANNED: EdgeRoute = { ends: undefined, path: undefined }

export interface EdgeRouteStore {
  /**
   * Adopts a plan (in the canvas's render, so edges mounted by the same render draw from it) and notes each edge
   * whose ends or path differ from the last plan's; `notify` then tells those already mounted (after the commit).
   */
  publish(routes: EdgeRoutes): void
  notify(): void
  get(id: string): EdgeRoute
  subscribe(id: string, listener: () => void): () => void
}

export function createEdgeRouteStore(): EdgeRouteStore {
  let last: EdgeRoutes | undefined
  const entries = new Map<string, EdgeRoute>()
  const listeners = new Map<string, Set<() => void>>()
  let changed = new Set<string>()
  return {
    publish(routes) {
      if (routes === last) return
      last = routes
      // planRoutes copies the last plan's ends and paths into the next, so an untouched edge keeps both objects
      for (const [id, ends] of routes.ends) {
        const path = routes.paths.get(id)
        const was = entries.get(id)
        if (was !== undefined && sameRoute(was, ends, path)) continue
        entries.set(id, { ends, path })
        changed.add(id)
      }
      for (const id of entries.keys()) {
        if (routes.ends.has(id)) continue
        entries.delete(id)
        changed.add(id)
      }
    },
    notify() {
      const due = changed
      changed = new Set()
      for (const id of due) for (const listener of listeners.get(id) ?? []) listener()
    },
    get: (id) => entries.get(id) ?? UNPLANNED,
    subscribe(id, listener) {
      const set = listeners.get(id) ?? new Set()
      listeners.set(id, set)
      set.add(listener)
      return () => {
        set.delete(listener)
        if (set.size === 0) listeners.delete(id)
      }
    },
  }
}

/** A plan made again for the same ends (a node measured a float off) mostly routes an edge the same way. */
function sameRoute(was: EdgeRoute, ends: EdgeEnds, path: Point[] | undefined): boolean {
  const same = (a: Point, b: Point) => a.x === b.x && a.y === b.y
  if (was.ends === undefined || !same(was.ends.source, ends.source) || !same(was.ends.target, ends.target))
    return false
  if (was.path === path) return true
  if (was.path === undefined || path === undefined || was.path.length !== path.length) return false
  return was.path.every((p, i) => same(p, path[i]!))
}

export const EdgeRouteStoreContext = createContext<EdgeRouteStore>(createEdgeRouteStore())

/** This edge's planned ends and path, re-rendering the edge only when they change. */
export function useEdgeRoute(id: string): EdgeRoute {
  const store = useContext(EdgeRouteStoreContext)
  const subscribe = useCallback((listener: () => void) => store.subscribe(id, listener), [store, id])
  const get = useCallback(() => store.get(id), [store, id])
  return useSyncExternalStore(subscribe, get)
}
