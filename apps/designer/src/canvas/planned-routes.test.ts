import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseStrategy } from '@routewright/strategy-dsl'
import type { ReactFlowState } from '@xyflow/react'
import { adoptUserNodes, ConnectionMode, type NodeLookup } from '@xyflow/system'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { generateLargeStrategy } from '../../bench/open-large.bench.ts'
import type { Box } from '../core/edge-route.ts'
import { routeEdges } from '../core/edge-tracks.ts'
import { createGraphMapper } from '../core/graph.ts'
import { storedEdges } from '../core/laid-out-edges.test-helper.ts'
import { type FlowEdge, type FlowNode, syncEdges, syncNodes } from './flow-nodes.ts'
import { drawnPaths, plannedPaths } from './planned-routes.ts'
import { covers, NO_PLAN, planRoutes, type RoutePlanRef } from './route-plan.ts'
import { drawnBoxes, drawnEnds } from './useEdgeRoutes.ts'

// every routing counted, each still done for real
vi.mock('../core/edge-tracks.ts', async (original) => {
  const actual = await original<typeof import('../core/edge-tracks.ts')>()
  return { ...actual, routeEdges: vi.fn(actual.routeEdges) }
})
const routings = vi.mocked(routeEdges)

const file = resolve(import.meta.dirname, '../../../../examples/vip-routing.strategy.yaml')
const doc = parseStrategy(readFileSync(file, 'utf8'), { file: 'vip-routing.strategy.yaml' })
const graph = createGraphMapper()(doc, [], undefined)
const nodes = syncNodes([], graph, doc.layout, {}, new Set())
const edges = syncEdges([], graph)

/** React Flow's state once it has taken these nodes and edges (its setNodes adopts them into a new lookup). */
function drawn(ns: readonly FlowNode[], es: readonly FlowEdge[], before?: NodeLookup): ReactFlowState {
  const nodeLookup: NodeLookup = new Map(before)
  adoptUserNodes([...ns], nodeLookup, new Map(), { checkEquality: true })
  return {
    nodes: ns,
    edges: es,
    nodeLookup,
    connectionMode: ConnectionMode.Strict,
  } as unknown as ReactFlowState
}

/** What useEdgeRoutes does on each render where the drawing's ends or boxes changed. */
function draw(plan: RoutePlanRef, s: ReactFlowState, view?: Box) {
  plan.current = planRoutes(plan.current, drawnEnds(s), drawnBoxes(s), view)
  return plan.current.routes
}

const nothingDrawn = { nodeLookup: new Map(), connectionMode: ConnectionMode.Strict }

describe('the edge routes are planned once', () => {
  // (a function returned from beforeEach would run as its cleanup)
  beforeEach(() => {
    routings.mockClear()
  })

  it('on opening: the drawing adopts the routes planned for the opening view', () => {
    const plan: RoutePlanRef = { current: NO_PLAN }
    const framed = plannedPaths(nodes, edges, nothingDrawn, plan)
    expect(routings).toHaveBeenCalledTimes(1)
    const planned = plan.current.routes
    // the example has edges that go around nodes: a plan with paths, not only smoothstep
    expect(planned.paths.size).toBeGreaterThan(0)
    expect(planned.ends.size).toBe(framed?.length)
    const state = drawn(nodes, edges)
    expect(draw(plan, state)).toBe(planned)
    expect(routings).toHaveBeenCalledTimes(1)
    // the paths the view framed are those drawn
    expect(drawnPaths(state, plan)).toEqual(framed)
    expect(routings).toHaveBeenCalledTimes(1)
  })

  it('on a refit (the pane resized, or Fit all) of what is drawn: no routing at all', () => {
    const plan: RoutePlanRef = { current: NO_PLAN }
    plannedPaths(nodes, edges, nothingDrawn, plan)
    const state = drawn(nodes, edges)
    draw(plan, state)
    routings.mockClear()
    plannedPaths(nodes, edges, state, plan)
    drawnPaths(state, plan)
    draw(plan, state)
    expect(routings).not.toHaveBeenCalled()
  })

  it('plans again when a node moved, and the drawing adopts that plan', () => {
    const plan: RoutePlanRef = { current: NO_PLAN }
    const state = drawn(nodes, edges)
    plannedPaths(nodes, edges, nothingDrawn, plan)
    const before = draw(plan, state)
    const moved = nodes.map((n) =>
      n.id === 'identify' ? { ...n, position: { x: n.position.x, y: n.position.y + 40 } } : n,
    )
    plannedPaths(moved, edges, state, plan)
    expect(routings).toHaveBeenCalledTimes(2)
    const after = draw(plan, drawn(moved, edges, state.nodeLookup))
    expect(after).not.toBe(before)
    expect(routings).toHaveBeenCalledTimes(2)
    // a node that only got bigger (its handles where they were) is planned around too
    const taller = moved.map((n) =>
      n.id === 'identify' ? { ...n, initialHeight: (n.initialHeight ?? 0) + 60 } : n,
    )
    draw(plan, drawn(taller, edges, state.nodeLookup))
    expect(routings).toHaveBeenCalledTimes(3)
  })

  it('does not mix two files: the drawing of the previous file keeps its plan until React Flow has the new nodes', () => {
    const plan: RoutePlanRef = { current: NO_PLAN }
    const other = nodes.slice(0, 3)
    const old = drawn(other, edges)
    draw(plan, old)
    routings.mockClear()
    plannedPaths(nodes, edges, old, plan)
    expect(routings).toHaveBeenCalledTimes(1)
    draw(plan, drawn(nodes, edges, old.nodeLookup))
    expect(routings).toHaveBeenCalledTimes(1)
  })
})

describe('a large strategy plans the edges in and near the view', () => {
  const { edges: hugeEnds, boxes: hugeBoxes } = storedEdges(generateLargeStrategy(600))
  const every = routeEdges(hugeEnds, hugeBoxes)
  // views at reading zoom 0.7 of an 872 x 595 pane: the opening one on the start node, one in the middle, one at the
  // right end of a row (where the row's edge runs back to the left of the next), the bottom left one
  const views = [
    { x: -70, y: -60, width: 1246, height: 850 },
    { x: 7000, y: 6000, width: 1246, height: 850 },
    { x: 13900, y: 3000, width: 1246, height: 850 },
    { x: -70, y: 12600, width: 1246, height: 850 },
  ]

  beforeEach(() => {
    routings.mockClear()
  })

  it.each(views)(
    'routes few of its 3,600 edges for the view at %o, each as a plan of every edge does',
    (view) => {
      const plan = planRoutes(NO_PLAN, hugeEnds, hugeBoxes, view)
      expect(routings).toHaveBeenCalledTimes(1)
      const routed = routings.mock.calls[0]![0].length
      expect(routed).toBeLessThan(hugeEnds.length / 5)
      expect(plan.routes.ends.size).toBeGreaterThan(20)
      for (const id of plan.routes.ends.keys()) expect(plan.routes.paths.get(id), id).toEqual(every.get(id))
    },
  )

  it('plans more when the view moves past the area planned, and nothing when it stays inside it', () => {
    const [opening, middle] = [views[0]!, views[1]!]
    const first = planRoutes(NO_PLAN, hugeEnds, hugeBoxes, opening)
    const nudged = { ...opening, x: opening.x + 300, y: opening.y + 200 }
    expect(planRoutes(first, hugeEnds, hugeBoxes, nudged)).toBe(first)
    expect(routings).toHaveBeenCalledTimes(1)
    const both = planRoutes(first, hugeEnds, hugeBoxes, middle)
    expect(routings).toHaveBeenCalledTimes(2)
    expect(both.routes.ends.size).toBeGreaterThan(first.routes.ends.size)
    for (const id of first.routes.ends.keys())
      expect(both.routes.paths.get(id)).toBe(first.routes.paths.get(id))
    for (const id of both.routes.ends.keys()) expect(both.routes.paths.get(id), id).toEqual(every.get(id))
    // a plan without a view plans them all
    expect(planRoutes(both, hugeEnds, hugeBoxes).routes.ends.size).toBe(hugeEnds.length)
  })

  // before: Fit all planned every edge of the strategy at once (1 s for its 3,600), to frame their paths
  it('routes nothing to fit the view over the whole strategy: the fit frames the nodes', () => {
    const hugeDoc = parseStrategy(generateLargeStrategy(600), { file: 'huge.strategy.yaml' })
    const hugeGraph = createGraphMapper()(hugeDoc, [], undefined)
    const hugeNodes = syncNodes([], hugeGraph, hugeDoc.layout, {}, new Set())
    const hugeEdges = syncEdges([], hugeGraph)
    const plan: RoutePlanRef = { current: NO_PLAN }
    const state = drawn(hugeNodes, hugeEdges)
    plannedPaths(hugeNodes, hugeEdges, state, plan, views[0])
    draw(plan, state, views[0])
    const planned = plan.current
    routings.mockClear()
    // Fit all (useFitAll), and a resized pane keeping the whole strategy in view (Canvas)
    expect(drawnPaths(state, plan)).toBeUndefined()
    expect(plannedPaths(hugeNodes, hugeEdges, state, plan)).toBeUndefined()
    expect(routings).not.toHaveBeenCalled()
    expect(plan.current).toBe(planned)
  })

  // before: the view's 3,600 edges in one call, which took 1 s
  it('plans a view over the whole strategy a tile at a time, each edge as a plan of every edge does', () => {
    const whole = { x: -1000, y: -1000, width: 18000, height: 16000 }
    let plan = planRoutes(NO_PLAN, hugeEnds, hugeBoxes, views[0])
    routings.mockClear()
    let calls = 0
    while (!covers(plan.covered, whole) && calls < 100) {
      const before = plan.routes.ends.size
      plan = planRoutes(plan, hugeEnds, hugeBoxes, whole)
      calls++
      expect(plan.routes.ends.size - before).toBeGreaterThan(0)
      // each call routes a tile's edges with those around it: a few hundred, not the strategy's
      expect(routings.mock.calls[calls - 1]![0].length).toBeLessThan(hugeEnds.length / 4)
    }
    expect(covers(plan.covered, whole)).toBe(true)
    expect(plan.routes.ends.size).toBe(hugeEnds.length)
    for (const id of plan.routes.ends.keys()) expect(plan.routes.paths.get(id), id).toEqual(every.get(id))
  })
})
