// Edges that share a corridor around the nodes get tracks of their own: apart, clear of nodes, the same every time.
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { type Box, boxesCrossed, type Point, routeAround, smoothStepPoints } from './edge-route.ts'
import { type EdgeEnds, routeEdges, TRACK_GAP } from './edge-tracks.ts'
import { laidOutEdges } from './laid-out-edges.test-helper.ts'
import { DEFAULT_PANE } from './layout.ts'

const p = (x: number, y: number): Point => ({ x, y })
const edge = (id: string, source: Point, target: Point): EdgeEnds => ({ id, source, target })

function distanceToSegment(q: Point, a: Point, b: Point): number {
  const length2 = (b.x - a.x) ** 2 + (b.y - a.y) ** 2
  const t =
    length2 === 0
      ? 0
      : Math.max(0, Math.min(1, ((q.x - a.x) * (b.x - a.x) + (q.y - a.y) * (b.y - a.y)) / length2))
  return Math.hypot(q.x - (a.x + t * (b.x - a.x)), q.y - (a.y + t * (b.y - a.y)))
}

/**
 * How many px of path `a` run on path `b` (within 1 px), sampled every px; edges into one handle may join on their
 * last leg in (the way they go is the same), which is left out.
 */
function overlap(a: readonly Point[], b: readonly Point[]): number {
  const [end, other] = [a.at(-1)!, b.at(-1)!]
  const joined = end.x === other.x && end.y === other.y ? a.length - 2 : a.length
  let length = 0
  for (let i = 1; i < joined; i++) {
    const [from, to] = [a[i - 1]!, a[i]!]
    const steps = Math.ceil(Math.hypot(to.x - from.x, to.y - from.y))
    for (let s = 0; s < steps; s++) {
      const q = p(from.x + ((to.x - from.x) * s) / steps, from.y + ((to.y - from.y) * s) / steps)
      for (let j = 1; j < b.length; j++) {
        if (distanceToSegment(q, b[j - 1]!, b[j]!) < 1) {
          length++
          break
        }
      }
    }
  }
  return length
}

/**
 * The pairs of edges (ids) that run on each other for more than a few px, of the paths given; with `drawnAs`, of
 * every edge as drawn (its path given, else smoothstep's), smoothstep's fan-outs on one middle line included.
 */
function overlapping(paths: ReadonlyMap<string, readonly Point[]>, drawnAs?: readonly EdgeEnds[]): string[] {
  const drawn = drawnAs
    ? drawnAs.map((e) => [e.id, paths.get(e.id) ?? smoothStepPoints(e.source, e.target)] as const)
    : [...paths]
  drawn.sort(([a], [b]) => (a < b ? -1 : 1))
  const pairs: string[] = []
  for (let i = 0; i < drawn.length; i++)
    for (let j = i + 1; j < drawn.length; j++) {
      const [[a, pa], [b, pb]] = [drawn[i]!, drawn[j]!]
      if (overlap(pa, pb) > 4 || overlap(pb, pa) > 4) pairs.push(`${a} ${b}`)
    }
  return pairs
}

/**
 * Pairs of edges with parallel lines nearer than `TRACK_GAP` (and not on each other: `overlapping` has those) over
 * more than 2 px of their length, as `a b d=<px>`. First and last segments are left out: the stubs at the handles
 * sit where the nodes put them, and edges into one node join on their last leg.
 */
function nearParallels(paths: ReadonlyMap<string, readonly Point[]>, drawnAs: readonly EdgeEnds[]): string[] {
  const drawn = drawnAs.map((e) => [e.id, paths.get(e.id) ?? smoothStepPoints(e.source, e.target)] as const)
  drawn.sort(([a], [b]) => (a < b ? -1 : 1))
  // [across, from, to, vertical] of each inner segment
  const lines = (path: readonly Point[]) =>
    path.slice(2, -1).map((q, i) => {
      const o = path[i + 1]!
      const vertical = o.x === q.x
      const [at, a, b] = vertical ? [q.x, o.y, q.y] : [q.y, o.x, q.x]
      return [at, Math.min(a, b), Math.max(a, b), vertical] as const
    })
  const pairs: string[] = []
  for (let i = 0; i < drawn.length; i++)
    for (let j = i + 1; j < drawn.length; j++) {
      let nearest = Number.POSITIVE_INFINITY
      for (const [at, from, to, vertical] of lines(drawn[i]![1]))
        for (const [at2, from2, to2, vertical2] of lines(drawn[j]![1])) {
          const d = Math.abs(at - at2)
          if (vertical === vertical2 && d > 0.5 && Math.min(to, to2) - Math.max(from, from2) > 2)
            nearest = Math.min(nearest, d)
        }
      if (nearest < TRACK_GAP - 0.5) pairs.push(`${drawn[i]![0]} ${drawn[j]![0]} d=${nearest}`)
    }
  return pairs
}

/** Each edge routed on its own, as before tracks: edges in one lane share it. */
function routedAlone(edges: readonly EdgeEnds[], boxes: readonly Box[]): Map<string, Point[]> {
  const paths = new Map<string, Point[]>()
  for (const e of edges) {
    const route = routeAround(e.source, e.target, boxes)
    if (route) paths.set(e.id, route)
  }
  return paths
}

// a switch whose three outputs loop back to a node on its left: two of them take the lane above both nodes
const target: Box = { x: 0, y: 0, width: 100, height: 100 }
const source: Box = { x: 300, y: 0, width: 100, height: 100 }
const loops = [
  edge('s:a', p(400, 30), p(0, 50)),
  edge('s:b', p(400, 50), p(0, 50)),
  edge('s:c', p(400, 70), p(0, 50)),
]

describe('routeEdges', () => {
  it('puts two loops back that share a lane on tracks of their own, clear of both nodes', () => {
    expect(overlapping(routedAlone(loops, [source, target]))).toEqual(['s:a s:b']) // the defect
    const paths = routeEdges(loops, [source, target])
    expect(overlapping(paths)).toEqual([])
    for (const path of paths.values()) expect(boxesCrossed(path, [source, target])).toEqual([])
    // the lanes above the nodes, TRACK_GAP apart: the outer one for the output that leaves lower, so they nest
    const laneOf = (id: string) => Math.min(...paths.get(id)!.map((q) => q.y))
    expect(laneOf('s:b') - laneOf('s:a')).toBe(-TRACK_GAP)
  })

  it('draws the loops without crossing each other', () => {
    const paths = [...routeEdges(loops, [source, target]).values()]
    expect([
      crossings(paths[0]!, paths[1]!),
      crossings(paths[0]!, paths[2]!),
      crossings(paths[1]!, paths[2]!),
    ]).toEqual([0, 0, 0])
  })

  it('gives edges skipping the same column evenly spaced tracks', () => {
    const row = [0, 200, 400].map((x) => ({ x, y: 0, width: 100, height: 60 }))
    const skips = [0, 1, 2].map((i) => edge(`e${i}`, p(100, 10 + i * 5), p(400, 10 + i * 5)))
    expect(overlapping(routedAlone(skips, row)).length).toBeGreaterThan(0)
    const paths = routeEdges(skips, row)
    expect(overlapping(paths)).toEqual([])
    const lanes = [...paths.values()].map((path) => Math.min(...path.map((q) => q.y))).sort((a, b) => a - b)
    expect(lanes[1]! - lanes[0]!).toBe(lanes[2]! - lanes[1]!)
    for (const path of paths.values()) expect(boxesCrossed(path, row)).toEqual([])
  })

  it('squeezes tracks into a narrow corridor without touching the nodes beside it', () => {
    // a second row 40 px below the first: the lane under the middle node has 40 px for six edges
    const row = [0, 200, 400].map((x) => ({ x, y: 0, width: 100, height: 60 }))
    const below = { x: 150, y: 100, width: 200, height: 60 }
    const skips = [0, 1, 2, 3, 4, 5].map((i) => edge(`e${i}`, p(100, 50 + i), p(400, 50 + i)))
    const paths = routeEdges(skips, [...row, below])
    for (const path of paths.values()) expect(boxesCrossed(path, [...row, below])).toEqual([])
    const lanes = new Set([...paths.values()].map((path) => Math.max(...path.map((q) => q.y))))
    expect(lanes.size).toBe(6)
  })

  it('draws the same graph the same way whatever the order of its edges', () => {
    const forward = routeEdges(loops, [source, target])
    expect(routeEdges([...loops].reverse(), [target, source])).toEqual(forward)
  })
})

function segmentsCross(a: Point, b: Point, c: Point, d: Point): boolean {
  const side = (p1: Point, p2: Point, q: Point) =>
    Math.sign((p2.x - p1.x) * (q.y - p1.y) - (p2.y - p1.y) * (q.x - p1.x))
  return side(a, b, c) * side(a, b, d) < 0 && side(c, d, a) * side(c, d, b) < 0
}

const examples = new URL('../../../../examples/', import.meta.url)
const files = readdirSync(examples)
  .filter((f) => f.endsWith('.strategy.yaml'))
  .sort()

/** How many times the polylines cross each other, segment by segment. */
function crossings(a: readonly Point[], b: readonly Point[]): number {
  let n = 0
  for (let i = 1; i < a.length; i++)
    for (let j = 1; j < b.length; j++) if (segmentsCross(a[i - 1]!, a[i]!, b[j - 1]!, b[j]!)) n++
  return n
}

// a switch whose four outputs fan out to a column of four nodes on its right, two above and two below it
const fanSource: Box = { x: 0, y: 200, width: 100, height: 100 }
const fanTargets: Box[] = [0, 120, 300, 420].map((y) => ({ x: 200, y, width: 100, height: 60 }))
const fan = [
  edge('sw:a', p(100, 220), p(200, 30)),
  edge('sw:b', p(100, 240), p(200, 150)),
  edge('sw:c', p(100, 260), p(200, 330)),
  edge('sw:d', p(100, 280), p(200, 450)),
]
const fanBoxes = [fanSource, ...fanTargets]
const drawnFan = (paths: ReadonlyMap<string, Point[]>) =>
  fan.map((e) => paths.get(e.id) ?? smoothStepPoints(e.source, e.target))
/** x of each edge's middle line, in the order of `fan`. */
const middleOf = (path: readonly Point[]) => path.find((q, i) => i > 0 && q.x !== path[0]!.x)!.x

describe('routeEdges on a fan-out', () => {
  it("puts a switch's outputs into one column on middle lines of their own, evenly spaced", () => {
    expect(overlapping(new Map(), fan)).toEqual(['sw:a sw:b', 'sw:c sw:d']) // the defect: one middle line
    const paths = routeEdges(fan, fanBoxes)
    expect(overlapping(paths, fan)).toEqual([])
    const up = ['sw:a', 'sw:b'].map((id) => middleOf(paths.get(id)!))
    const down = ['sw:c', 'sw:d'].map((id) => middleOf(paths.get(id)!))
    expect(Math.abs(up[0]! - up[1]!)).toBe(TRACK_GAP)
    expect(Math.abs(down[0]! - down[1]!)).toBe(TRACK_GAP)
    for (const path of paths.values()) expect(boxesCrossed(path, fanBoxes)).toEqual([])
  })

  it('orders the middle lines so that the fan-out draws without crossings: the farther target, the nearer its line to the switch', () => {
    const drawn = drawnFan(routeEdges(fan, fanBoxes))
    const pairs = drawn.flatMap((a, i) => drawn.slice(i + 1).map((b) => crossings(a, b)))
    expect(pairs).toEqual([0, 0, 0, 0, 0, 0])
    const [a, b, c, d] = drawn.map(middleOf)
    expect([a! < b!, d! < c!]).toEqual([true, true])
  })

  /** A switch at x 0-100 whose outputs, 20 px apart from `first`, go to a column at x 200 at the heights given. */
  function fanOut(first: number, targets: readonly number[]) {
    const edges = targets.map((y, i) => edge(`sw:${i}`, p(100, first + 20 * i), p(200, y)))
    const boxes = [
      { x: 0, y: first - 30, width: 100, height: 20 * targets.length + 40 },
      ...targets.map((y) => ({ x: 200, y: y - 20, width: 100, height: 40 })),
    ]
    return { edges, boxes }
  }

  // the first and last outputs' middle lines do not overlap, the ones between chain them into one corridor
  it.each([
    ['five down, as main-inbound opens', 67, [91, 237, 383, 519, 655]],
    ['six down', 100, [110, 250, 390, 530, 670, 810]],
    ['six up', 700, [30, 170, 310, 450, 590, 710]],
    ['seven down, close together', 0, [10, 60, 110, 160, 210, 260, 310]],
  ])('draws a fan-out chained into one corridor without crossings: %s', (_name, first, targets) => {
    const { edges, boxes } = fanOut(first, targets)
    const paths = routeEdges(edges, boxes)
    const drawn = edges.map((e) => paths.get(e.id) ?? smoothStepPoints(e.source, e.target))
    const pairs = drawn.flatMap((a, i) => drawn.slice(i + 1).map((b) => crossings(a, b)))
    expect(pairs.filter((n) => n > 0)).toEqual([])
    expect(overlapping(paths, edges)).toEqual([])
  })

  it('keeps a seven-way fan-out TRACK_GAP from the middle line of another node beside the switch', () => {
    const { edges, boxes } = fanOut(0, [10, 60, 110, 160, 210, 260, 310])
    // a node under the switch, 10 px wider, into the column's top: its middle line falls 5 px right of the fan's
    const beside = edge('low:next', p(110, 420), p(200, 10))
    const all = [...edges, beside]
    const withBeside = [...boxes, { x: 0, y: 400, width: 110, height: 40 }]
    const paths = routeEdges(all, withBeside)
    expect(nearParallels(paths, all)).toEqual([])
    expect(overlapping(paths, all)).toEqual([])
    for (const path of paths.values()) expect(boxesCrossed(path, withBeside)).toEqual([])
  })

  it('leaves an edge alone on its middle line as smoothstep draws it', () => {
    const lone = [edge('x', p(100, 220), p(200, 30)), edge('y', p(100, 280), p(200, 450))]
    expect(routeEdges(lone, fanBoxes)).toEqual(new Map())
  })

  it('draws the fan-out the same way whatever the order of its edges', () => {
    const forward = routeEdges(fan, fanBoxes)
    expect(forward.size).toBe(4)
    expect(routeEdges([...fan].reverse(), [...fanBoxes].reverse())).toEqual(forward)
  })
})

describe('edges of the examples, laid out automatically', () => {
  it('run on no other edge: around nodes, looping back or fanning out', () => {
    const before: Record<string, string[]> = {}
    const after: Record<string, string[]> = {}
    for (const file of files) {
      const { boxes, edges } = laidOutEdges(readFileSync(new URL(file, examples), 'utf8'), DEFAULT_PANE)
      const alone = overlapping(routedAlone(edges, boxes), edges)
      const tracked = overlapping(routeEdges(edges, boxes), edges)
      if (alone.length > 0) before[file] = alone
      if (tracked.length > 0) after[file] = tracked
    }
    expect(before).not.toEqual({})
    expect(after).toEqual({})
  })

  it.each([
    ['792 x 652 (a 1,440 x 900 window)', DEFAULT_PANE],
    ['600 x 500', { width: 600, height: 500 }],
    ['400 x 400', { width: 400, height: 400 }],
    ['1,200 x 800', { width: 1200, height: 800 }],
  ])('keep TRACK_GAP between parallel lines of different edges, laid out for a pane of %s', (_name, pane) => {
    const near: Record<string, string[]> = {}
    for (const file of files) {
      const { boxes, edges } = laidOutEdges(readFileSync(new URL(file, examples), 'utf8'), pane)
      const found = nearParallels(routeEdges(edges, boxes), edges)
      if (found.length > 0) near[file] = found
    }
    expect(near).toEqual({})
  })
})
