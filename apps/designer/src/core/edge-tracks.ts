// pure: separate, evenly spaced tracks for edges whose routes around the nodes (edge-route.ts), or smoothstep's
// middle lines, share a corridor (a lane, the leg beside a node, the gap between two columns), ordered so that they
// cross each other no more than the corridor makes them.
import { codeUnitOrder } from '@routewright/strategy-dsl'
import { gridOf } from './box-grid.ts'
import {
  type Box,
  crossesAnyIn,
  type Detour,
  detourAround,
  detourPoints,
  loopBack,
  type Point,
  simplify,
} from './edge-route.ts'

/** The ends of an edge drawn from a right-side handle (`source`) to a left-side one (`target`). */
export interface EdgeEnds {
  id: string
  source: Point
  target: Point
}

/** Between neighbouring tracks of one corridor: more than two corner radii, so their bends stay apart. */
export const TRACK_GAP = 8
/** Tracks keep at least this far from the border of a node beside the corridor. */
const MARGIN = 6
/** Closer than this, tracks would read as one line: the edges keep the shared one. */
const MIN_GAP = 3
/** Two runs this close across their axis are in one corridor. */
const SAME = 0.5

interface Routed {
  ends: EdgeEnds
  base: Detour
  detour: Detour
  /** Smoothstep's path to a target on the right: only its middle line moves, and only if it shares it. */
  plain: boolean
}

/** A straight run of a route: its lane (horizontal) or a leg out of the source or into the target (vertical). */
interface Run {
  routed: Routed
  /** Across its axis: y of a lane, x of a leg. */
  at: number
  /** Along its axis, from < to. */
  from: number
  to: number
  /** The way the route turns at `from` and at `to`, across the axis: -1 to smaller, 1 to larger, 0 not at all. */
  turnFrom: number
  turnTo: number
  /** Across the axis, where the route goes after turning at `from` and at `to` (the far end of that leg). */
  reachFrom: number
  reachTo: number
  /** Along the axis, the way the route goes on after that leg: -1, 1, or 0 where it ends there. */
  afterFrom: number
  afterTo: number
  /** Across its axis, the track it is drawn on: `at` until its corridor is spread. */
  track: number
  /** Its corridor's index while corridors are joined (`mergeClose`). */
  corridor: number
  move(at: number): void
}

/**
 * The path of every edge that goes around nodes (`detourAround`) or loops back (`loopBack`), and of every edge
 * whose smoothstep middle line another edge shares (a switch's outputs fanning out into one column), with edges that
 * share a corridor drawn on separate tracks `TRACK_GAP` apart (less where the corridor is narrower), clear of the
 * nodes. Keyed by edge id; an edge left out keeps its smoothstep path. Pure and independent of the order of
 * `edges`: the same graph is drawn the same way on every render.
 */
export function routeEdges(edges: readonly EdgeEnds[], boxes: readonly Box[]): Map<string, Point[]> {
  const routed: Routed[] = []
  for (const ends of [...edges].sort((a, b) => codeUnitOrder(a.id, b.id))) {
    // a loop back that crosses no node keeps smoothstep's shape, but shares its corridors with the detours
    const around = detourAround(ends.source, ends.target, boxes) ?? loopBack(ends.source, ends.target)
    const base = around ?? middleLine(ends)
    routed.push({ ends, base, detour: { ...base }, plain: around === undefined })
  }
  // lanes first: the legs' lengths, and so which legs share a corridor, follow from the lanes' tracks
  spread(routed.filter((r) => !r.plain).map(laneRun), boxes, 'y')
  spread(routed.flatMap(legRuns), boxes, 'x')
  const paths = new Map<string, Point[]>()
  for (const r of routed) {
    const { source, target } = r.ends
    let points = detourPoints(source, target, r.detour)
    const moved =
      r.detour.out !== r.base.out || r.detour.lane !== r.base.lane || r.detour.into !== r.base.into
    if (r.plain && !moved) continue
    // a track pushed into a node it did not see (a leg's new length): the shared lane beats a crossing
    if (moved && crossesAnyIn(points, gridOf(boxes))) {
      if (r.plain) continue
      points = detourPoints(source, target, r.base)
    }
    paths.set(r.ends.id, simplify(points))
  }
  return paths
}

/**
 * Smoothstep's path to a target on the right as a detour: out to the middle between the handles, down or up to
 * the target's height (the lane, which never moves), and in; only its middle line is a run (`legRuns`).
 */
function middleLine({ source, target }: EdgeEnds): Detour {
  return { out: (source.x + target.x) / 2, lane: target.y, into: target.x }
}

function laneRun(routed: Routed): Run {
  const { detour: d, ends } = routed
  const atOut = Math.sign(ends.source.y - d.lane)
  const atInto = Math.sign(ends.target.y - d.lane)
  const forward = d.out <= d.into
  return {
    routed,
    at: d.lane,
    from: Math.min(d.out, d.into),
    to: Math.max(d.out, d.into),
    turnFrom: forward ? atOut : atInto,
    turnTo: forward ? atInto : atOut,
    reachFrom: forward ? ends.source.y : ends.target.y,
    reachTo: forward ? ends.target.y : ends.source.y,
    // back to the source on its left, on to the target on its right
    afterFrom: forward ? -1 : 1,
    afterTo: forward ? 1 : -1,
    track: d.lane,
    corridor: 0,
    move: (lane) => {
      d.lane = lane
    },
  }
}

/** The legs out of the source and into the target that have a length (a lane level with an end has none). */
function legRuns(routed: Routed): Run[] {
  const { detour: d, ends } = routed
  const runs: Run[] = []
  const leg = (x: number, end: Point, other: number, otherY: number, move: (x: number) => void) => {
    if (end.y === d.lane) return
    const down = end.y < d.lane
    const [atEnd, atLane] = [Math.sign(end.x - x), Math.sign(other - x)]
    // past the lane the other leg goes on towards the other end; past the end the route stops
    const [afterEnd, afterLane] = [0, Math.sign(otherY - d.lane)]
    runs.push({
      routed,
      at: x,
      from: Math.min(end.y, d.lane),
      to: Math.max(end.y, d.lane),
      turnFrom: down ? atEnd : atLane,
      turnTo: down ? atLane : atEnd,
      reachFrom: down ? end.x : other,
      reachTo: down ? other : end.x,
      afterFrom: down ? afterEnd : afterLane,
      afterTo: down ? afterLane : afterEnd,
      track: x,
      corridor: 0,
      move,
    })
  }
  leg(d.out, ends.source, d.into, ends.target.y, (x) => {
    d.out = x
  })
  leg(d.into, ends.target, d.out, ends.source.y, (x) => {
    d.into = x
  })
  return runs
}

/**
 * Splits the runs into corridors (same `at`, overlapping along the axis) and spreads each one's runs; then corridors
 * whose tracks came nearer than `TRACK_GAP` to a neighbour's (a fan-out's outer track beside a detour's leg) are
 * spread again as one, until none are (or `MERGE_ROUNDS` rounds).
 */
function spread(runs: Run[], boxes: readonly Box[], across: 'x' | 'y'): void {
  runs.sort((a, b) => a.at - b.at || a.from - b.from || codeUnitOrder(a.routed.ends.id, b.routed.ends.id))
  let corridors: Run[][] = []
  let corridor: Run[] = []
  let reach = Number.NEGATIVE_INFINITY
  for (const run of runs) {
    const first = corridor[0]
    if (first !== undefined && (run.at - first.at > SAME || run.from >= reach - SAME)) {
      corridors.push(corridor)
      corridor = []
      reach = Number.NEGATIVE_INFINITY
    }
    corridor.push(run)
    reach = Math.max(reach, run.to)
  }
  if (corridor.length > 0) corridors.push(corridor)
  for (const c of corridors) spreadCorridor(c, boxes, across)
  for (let round = 0; round < MERGE_ROUNDS; round++) {
    const merged = mergeClose(corridors, runs)
    if (merged.length === corridors.length) return
    const kept = new Set(corridors)
    for (const c of merged) if (!kept.has(c)) spreadCorridor(c, boxes, across)
    corridors = merged
  }
}

/** Rounds of joining corridors whose tracks came too near: each round joins every pair too near at once. */
const MERGE_ROUNDS = 4

/**
 * The corridors with those whose placed tracks run nearer than `TRACK_GAP` to each other (overlapping along the
 * axis) joined into one (a new array; corridors left alone are the same arrays). Sweeps the runs by placed track.
 */
function mergeClose(corridors: readonly Run[][], runs: Run[]): Run[][] {
  corridors.forEach((c, i) => {
    for (const run of c) run.corridor = i
  })
  const parent = corridors.map((_, i) => i)
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!
    return i
  }
  runs.sort((a, b) => a.track - b.track)
  let joined = false
  for (let i = 0; i < runs.length; i++) {
    const a = runs[i]!
    for (let j = i + 1; j < runs.length; j++) {
      const b = runs[j]!
      if (b.track - a.track >= TRACK_GAP - SAME) break
      const [ra, rb] = [root(a.corridor), root(b.corridor)]
      if (ra === rb || a.routed === b.routed) continue
      // lines that only meet end to end, or tracks already as near as their corridor allows, stay apart
      if (Math.min(a.to, b.to) - Math.max(a.from, b.from) <= SAME) continue
      parent[Math.max(ra, rb)] = Math.min(ra, rb)
      joined = true
    }
  }
  if (!joined) return corridors as Run[][]
  const groups = new Map<number, number[]>()
  corridors.forEach((_, i) => {
    const r = root(i)
    groups.set(r, [...(groups.get(r) ?? []), i])
  })
  return [...groups.values()].map((ids) =>
    ids.length === 1 ? corridors[ids[0]!]! : ids.flatMap((i) => corridors[i]!),
  )
}

/**
 * How many times a run placed before another (at a smaller `at`) crosses it: where its route turns towards the
 * other inside the other's span, where the other's turns back towards it inside its own, and at an end they share.
 */
function crossingsBefore(a: Run, b: Run): number {
  const inside = (v: number, r: Run) => v > r.from + SAME && v < r.to - SAME
  let n = 0
  for (const end of endsOf(a)) if (end.turn > 0 && inside(end.at, b)) n++
  for (const end of endsOf(b)) if (end.turn < 0 && inside(end.at, a)) n++
  for (const ea of endsOf(a))
    for (const eb of endsOf(b)) if (Math.abs(ea.at - eb.at) <= SAME && sharedEndCrosses(ea, eb)) n++
  return n
}

interface End {
  at: number
  /** The way the span runs from this end along the axis. */
  span: number
  turn: number
  reach: number
  after: number
}

function endsOf(r: Run): [End, End] {
  return [
    { at: r.from, span: 1, turn: r.turnFrom, reach: r.reachFrom, after: r.afterFrom },
    { at: r.to, span: -1, turn: r.turnTo, reach: r.reachTo, after: r.afterTo },
  ]
}

/**
 * Two runs (`a` before `b`) ending at one place and turning the same way: the far one's leg (which passes the
 * near one's track) goes beyond the near one's end, and the two legs cross unless they end nested: where the routes
 * go on outwards the near leg reaches farther, where they go on back over the spans the far leg does.
 */
function sharedEndCrosses(a: End, b: End): boolean {
  if (a.turn !== b.turn || a.turn === 0 || a.span !== b.span || a.after !== b.after || a.after === 0)
    return false
  const [near, far] = a.turn > 0 ? [b, a] : [a, b]
  const longer = a.turn * (near.reach - far.reach) // > 0: the near leg reaches farther
  return a.after === -a.span ? longer < 0 : longer > 0
}

/**
 * The runs of one corridor on evenly spaced tracks around their shared one (the middle of their own, for corridors
 * joined by `mergeClose`), between the nodes beside it.
 */
function spreadCorridor(corridor: Run[], boxes: readonly Box[], across: 'x' | 'y'): void {
  const n = corridor.length
  if (n < 2) return
  const ats = corridor.map((r) => r.at)
  const [atLow, atHigh] = [Math.min(...ats), Math.max(...ats)]
  const at = (atLow + atHigh) / 2
  const from = Math.min(...corridor.map((r) => r.from))
  const to = Math.max(...corridor.map((r) => r.to))
  // the nearest node borders on either side of the corridor, over its length
  let low = Number.NEGATIVE_INFINITY
  let high = Number.POSITIVE_INFINITY
  for (const b of boxes) {
    const [start, length, side, depth] =
      across === 'y' ? [b.x, b.width, b.y, b.height] : [b.y, b.height, b.x, b.width]
    if (start >= to || start + length <= from) continue
    if (side + depth <= atLow) low = Math.max(low, side + depth)
    else if (side >= atHigh) high = Math.min(high, side)
  }
  const room = high - low - 2 * MARGIN
  const gap = Math.min(TRACK_GAP, room / (n - 1))
  if (!(gap >= MIN_GAP)) return
  const order = trackOrder(corridor)
  const width = gap * (n - 1)
  const first = Math.min(Math.max(at - width / 2, low + MARGIN), high - MARGIN - width)
  order.forEach((run, k) => {
    run.track = first + k * gap
    run.move(run.track)
  })
}

/**
 * The runs from the smallest track to the largest: each time the run that crosses the runs still left the fewest
 * times when placed before them all. Pairwise comparison is no order here (a fan-out's first and last runs do not
 * overlap, so nothing orders them, while the runs between do), so `sort` with it could cross edges it need not.
 */
function trackOrder(corridor: readonly Run[]): Run[] {
  const left = [...corridor].sort(
    (a, b) => turnSum(a) - turnSum(b) || codeUnitOrder(a.routed.ends.id, b.routed.ends.id),
  )
  const order: Run[] = []
  while (left.length > 0) {
    let best = 0
    let fewest = Number.POSITIVE_INFINITY
    left.forEach((run, i) => {
      let n = 0
      for (const other of left) if (other !== run) n += crossingsBefore(run, other)
      if (n < fewest) [best, fewest] = [i, n]
    })
    order.push(...left.splice(best, 1))
  }
  return order
}

/** Runs that turn towards smaller `at` at their ends take the tracks on that side (fewer bends cross). */
const turnSum = (r: Run) => r.turnFrom + r.turnTo
