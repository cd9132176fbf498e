// Benchmark: routing every edge of a strategy laid out automatically, each on its own (routeAround per edge, as the
// canvas drew edges before tracks) against all together on shared tracks (routeEdges), alternating A B A B.
// Cases: language-menu (the example with the most nodes) and a generated 300-node strategy.
// Target: tracks cost at most 3x the per-edge routing, and under 16 ms (one frame) for 300 nodes.
import { readFileSync } from 'node:fs'
import { type BenchFigure, median } from '../../../bench/result.ts'
import { routeAround } from '../src/core/edge-route.ts'
import { routeEdges } from '../src/core/edge-tracks.ts'
import { type LaidOutEdges, laidOutEdges } from '../src/core/laid-out-edges.test-helper.ts'
import { DEFAULT_PANE } from '../src/core/layout.ts'
import { generateLargeStrategy } from './open-large.bench.ts'

const ROUNDS = 15

function alone({ edges, boxes }: LaidOutEdges): number {
  let routed = 0
  for (const e of edges) if (routeAround(e.source, e.target, boxes)) routed++
  return routed
}

function together({ edges, boxes }: LaidOutEdges): number {
  return routeEdges(edges, boxes).size
}

/** Milliseconds per routing of the whole graph: the median of timed batches of `per` calls. */
function timed(fn: () => number, per: number): number {
  const start = performance.now()
  for (let i = 0; i < per; i++) fn()
  return (performance.now() - start) / per
}

export function runEdgeRoutesBench(): BenchFigure[] {
  const menu = readFileSync(new URL('../../../examples/language-menu.strategy.yaml', import.meta.url), 'utf8')
  const cases = [
    { name: 'language-menu (12 nodes)', graph: laidOutEdges(menu, DEFAULT_PANE), per: 200 },
    // 60 blocks of 5 nodes and an end: no stored layout, laid out as the canvas lays it out
    { name: 'generated 301 nodes', graph: laidOutEdges(generateLargeStrategy(60), DEFAULT_PANE), per: 5 },
  ]
  const figures: BenchFigure[] = []
  for (const { name, graph, per } of cases) {
    timed(() => alone(graph), per)
    timed(() => together(graph), per)
    const a: number[] = []
    const b: number[] = []
    for (let round = 0; round < ROUNDS; round++) {
      a.push(timed(() => alone(graph), per))
      b.push(timed(() => together(graph), per))
    }
    const ratios = a.map((before, i) => b[i]! / before)
    console.log(
      `${name}: ${graph.edges.length} edges; per edge ${median(a).toFixed(3)} ms, tracks ${median(b).toFixed(3)} ms;` +
        ` ratio per round ${ratios.map((r) => r.toFixed(2)).join(' ')}`,
    )
    figures.push(
      { name: `edge routing, each on its own: ${name}`, value: median(a), unit: 'ms', target: 16 },
      {
        name: `edge routing on tracks: ${name}`,
        value: median(b),
        unit: 'ms',
        target: 16,
        ratio: median(ratios),
      },
    )
  }
  return figures
}
