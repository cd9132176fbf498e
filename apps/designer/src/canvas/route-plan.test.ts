import { describe, expect, it } from 'vitest'
import type { EdgeEnds } from '../core/edge-tracks.ts'
import { END_TOLERANCE, NO_PLAN, planRoutes, sameEnds } from './route-plan.ts'
import { plannedPath } from './useEdgeRoutes.ts'

const ends = (dy: number): EdgeEnds[] => [
  { id: 'a:next', source: { x: 240.5, y: 67 + dy }, target: { x: 324.5, y: 201 } },
]
const boxes = [
  { x: 0, y: 0, width: 232, height: 120 },
  { x: 328, y: 150, width: 232, height: 100 },
]

describe('the route plan', () => {
  it('keeps its routes for handles measured a float error off the estimate', () => {
    // what Chromium measured at zoom 0.57 for an estimate that was exact (inbound-call)
    const estimated = planRoutes(NO_PLAN, ends(0), boxes)
    expect(planRoutes(estimated, ends(0.0000287), boxes)).toBe(estimated)
    expect(sameEnds(ends(0), ends(-0.0001))).toBe(true)
    // and the edge drawn from those handles takes the plan's path (before, it routed alone: a fan-out's tracks were lost)
    const [measured] = ends(0.0000287)
    expect(plannedPath(estimated.routes, 'a:next', measured!.source, measured!.target)).not.toBe('stale')
    expect(plannedPath(estimated.routes, 'a:next', { x: 240.5, y: 70 }, measured!.target)).toBe('stale')
  })

  it('routes again for an end that really moved', () => {
    const estimated = planRoutes(NO_PLAN, ends(0), boxes)
    expect(planRoutes(estimated, ends(END_TOLERANCE), boxes)).not.toBe(estimated)
    expect(sameEnds(ends(0), ends(-1))).toBe(false)
  })

  it('routes nothing when no edge is drawn (a file still being laid out)', () => {
    globalThis.__rwRoutings = []
    const drawn = planRoutes(NO_PLAN, ends(0), boxes)
    const none = planRoutes(drawn, [], boxes)
    expect(none.routes.paths.size).toBe(0)
    expect(globalThis.__rwRoutings).toHaveLength(1)
  })
})
