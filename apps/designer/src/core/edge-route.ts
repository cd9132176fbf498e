// pure: whether an edge's drawn path crosses a node, and an orthogonal route around the nodes for an edge whose
// usual smoothstep path would cross one (an edge that skips columns, a loop back, an edge into the next band).
import { type BoxGrid, gridOf, overlaps } from './box-grid.ts'

export interface Point {
  x: number
  y: number
}

export interface Box {
  x: number
  y: number
  width: number
  height: number
}

/** The first and last legs' length, as React Flow's smoothstep draws them (its default offset). */
export const STUB = 20
/** How far a route's lane keeps from the border of a node it passes. */
const CLEARANCE = 16
/** Lanes tried per edge, nearest first. */
const MAX_LANES = 40
/** A path along a node's border, or ending on its handle, touches it without crossing it. */
const TOUCH = 1

/** Whether the segment a-b passes through the inside of the box (clipped Liang-Barsky; any direction). */
export function segmentCrossesBox(a: Point, b: Point, box: Box): boolean {
  const x0 = box.x + TOUCH
  const y0 = box.y + TOUCH
  const x1 = box.x + box.width - TOUCH
  const y1 = box.y + box.height - TOUCH
  if (x1 <= x0 || y1 <= y0) return false
  const dx = b.x - a.x
  const dy = b.y - a.y
  let t0 = 0
  let t1 = 1
  const clips: Array<[number, number]> = [
    [-dx, a.x - x0],
    [dx, x1 - a.x],
    [-dy, a.y - y0],
    [dy, y1 - a.y],
  ]
  for (const [p, q] of clips) {
    if (p === 0) {
      if (q <= 0) return false // parallel to this side and outside it (or on it)
      continue
    }
    const t = q / p
    if (p < 0) t0 = Math.max(t0, t)
    else t1 = Math.min(t1, t)
    if (t0 >= t1) return false
  }
  return true
}

/** Whether the polyline through `points` crosses the inside of the box. */
export function pathCrossesBox(points: readonly Point[], box: Box): boolean {
  for (let i = 1; i < points.length; i++) if (segmentCrossesBox(points[i - 1]!, points[i]!, box)) return true
  return false
}

/** The boxes the polyline crosses, in the order given. */
export function boxesCrossed(points: readonly Point[], boxes: readonly Box[]): Box[] {
  const hull = hullOf(points)
  return boxes.filter((b) => overlaps(hull, b) && pathCrossesBox(points, b))
}

/** The smallest box holding every point. */
export function hullOf(points: readonly Point[]): Box {
  let x0 = Number.POSITIVE_INFINITY
  let y0 = Number.POSITIVE_INFINITY
  let x1 = Number.NEGATIVE_INFINITY
  let y1 = Number.NEGATIVE_INFINITY
  for (const p of points) {
    x0 = Math.min(x0, p.x)
    y0 = Math.min(y0, p.y)
    x1 = Math.max(x1, p.x)
    y1 = Math.max(y1, p.y)
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 }
}

/** Whether the polyline crosses the inside of any of the boxes. */
export function crossesAny(points: readonly Point[], boxes: readonly Box[]): boolean {
  const hull = hullOf(points)
  return boxes.some((b) => overlaps(hull, b) && pathCrossesBox(points, b))
}

/** `crossesAny` over the grid's boxes: only those in cells the polyline's hull reaches are tested. */
export function crossesAnyIn(points: readonly Point[], grid: BoxGrid): boolean {
  return grid.some(hullOf(points), (b) => pathCrossesBox(points, b))
}

/**
 * The corners of React Flow's smoothstep edge from a right-side handle to a left-side one: across the middle
 * between them when the target is to the right, else out, along the middle height, and back in (`loopBack`).
 */
export function smoothStepPoints(source: Point, target: Point): Point[] {
  const back = loopBack(source, target)
  if (back !== undefined) return detourPoints(source, target, back)
  const mid = (source.x + target.x) / 2
  return [source, { x: mid, y: source.y }, { x: mid, y: target.y }, target]
}

/** The smoothstep edge to a target left of its source's stub, as a detour along the middle height. */
export function loopBack(source: Point, target: Point): Detour | undefined {
  const out = source.x + STUB
  const into = target.x - STUB
  return out < into ? undefined : { out, lane: (source.y + target.y) / 2, into }
}

/** Where a route around the nodes runs: out of the source to x `out`, along the lane at y `lane`, in at x `into`. */
export interface Detour {
  out: number
  lane: number
  into: number
}

/** The corners of a detour from source to target, before `simplify` (a lane level with an end adds no bend). */
export function detourPoints(source: Point, target: Point, { out, lane, into }: Detour): Point[] {
  return [
    source,
    { x: out, y: source.y },
    { x: out, y: lane },
    { x: into, y: lane },
    { x: into, y: target.y },
    target,
  ]
}

/**
 * The detour of an edge from a right-side handle to a left-side one that crosses none of the boxes: out of the
 * source, along the nearest free horizontal lane (level with an end, or just above or below a node in the way),
 * and into the target. Undefined when the smoothstep path already crosses nothing, or when no such lane is free
 * (the edge is then drawn as smoothstep).
 */
export function detourAround(source: Point, target: Point, boxes: readonly Box[]): Detour | undefined {
  const grid = gridOf(boxes)
  if (!crossesAnyIn(smoothStepPoints(source, target), grid)) return undefined
  const out = source.x + STUB
  const into = target.x - STUB
  const left = Math.min(out, into, source.x, target.x)
  const right = Math.max(out, into, source.x, target.x)
  const lanes = new NearestLanes(source.y, target.y)
  lanes.add(source.y)
  lanes.add(target.y)
  // the boxes that reach into the x range of the legs: only they can be in the way of a lane there
  grid.eachBetween(left, right, (b) => {
    lanes.add(b.y - CLEARANCE)
    lanes.add(b.y + b.height + CLEARANCE)
  })
  // a detour's hull spans the legs' x range, so the grid tests the same boxes that range holds
  for (const lane of lanes.nearest) {
    const detour = { out, lane, into }
    if (!crossesAnyIn(detourPoints(source, target, detour), grid)) return detour
  }
  return undefined
}

/**
 * The nearest `MAX_LANES` lanes added, nearest first (then smaller y): one farther out reads no better than the
 * crossing, and the count bounds the work. Kept as they come, so the lanes of every node in a long edge's x range
 * (6,000 of a 3,001-node strategy) are never sorted.
 */
class NearestLanes {
  readonly nearest: number[] = []
  private readonly costs: number[] = []
  constructor(
    private readonly from: number,
    private readonly to: number,
  ) {}

  add(y: number): void {
    const cost = Math.abs(this.from - y) + Math.abs(y - this.to)
    const { nearest, costs } = this
    let i = nearest.length
    // after the farthest kept: not among the nearest (the common case, tested first)
    if (i === MAX_LANES && (costs[i - 1]! < cost || (costs[i - 1] === cost && nearest[i - 1]! <= y))) return
    while (i > 0 && (costs[i - 1]! > cost || (costs[i - 1] === cost && nearest[i - 1]! > y))) i--
    nearest.splice(i, 0, y)
    costs.splice(i, 0, cost)
    if (nearest.length > MAX_LANES) {
      nearest.pop()
      costs.pop()
    }
  }
}

/** The orthogonal route `detourAround` finds, as the corners of its path; undefined where it finds none. */
export function routeAround(source: Point, target: Point, boxes: readonly Box[]): Point[] | undefined {
  const detour = detourAround(source, target, boxes)
  return detour === undefined ? undefined : simplify(detourPoints(source, target, detour))
}

/** Drops repeated points and middle points of straight runs, so corners are real bends. */
export function simplify(points: readonly Point[]): Point[] {
  const out: Point[] = []
  for (const p of points) {
    const last = out[out.length - 1]
    if (last && last.x === p.x && last.y === p.y) continue
    const before = out[out.length - 2]
    if (
      before &&
      last &&
      ((before.x === last.x && last.x === p.x) || (before.y === last.y && last.y === p.y))
    )
      out.pop()
    out.push(p)
  }
  return out
}

/** An SVG path through the points with corners rounded by `radius` (less where a leg is shorter). */
export function roundedPath(points: readonly Point[], radius = 5): string {
  const first = points[0]
  if (!first) return ''
  let d = `M${first.x} ${first.y}`
  for (let i = 1; i < points.length - 1; i++) {
    const prev = points[i - 1]!
    const at = points[i]!
    const next = points[i + 1]!
    const inLength = Math.hypot(at.x - prev.x, at.y - prev.y)
    const outLength = Math.hypot(next.x - at.x, next.y - at.y)
    const r = Math.min(radius, inLength / 2, outLength / 2)
    if (r === 0) {
      d += ` L${at.x} ${at.y}`
      continue
    }
    const bx = at.x - ((at.x - prev.x) / inLength) * r
    const by = at.y - ((at.y - prev.y) / inLength) * r
    const ax = at.x + ((next.x - at.x) / outLength) * r
    const ay = at.y + ((next.y - at.y) / outLength) * r
    d += ` L${bx} ${by} Q${at.x} ${at.y} ${ax} ${ay}`
  }
  const last = points[points.length - 1]!
  return points.length > 1 ? `${d} L${last.x} ${last.y}` : d
}
