import { describe, expect, it } from 'vitest'
import { generateLargeStrategy } from '../../bench/open-large.bench.ts'
import { dslAdapter } from './dsl-adapter.ts'
import { NODE_WIDTH } from './graph.ts'
import { DEFAULT_PANE, FIT_WITHIN, fitBoxFor, layoutDocument } from './layout.ts'

const large = dslAdapter.check(generateLargeStrategy(100), {}).document!
const { layout: _stored, ...unlaid } = large

describe('layered layout', () => {
  const positions = layoutDocument(unlaid)

  it('places every node, edges pointing right within a band, and wraps long strategies into bands', () => {
    expect(Object.keys(positions)).toHaveLength(501)
    // n0 -> n2 -> n3 within the first band: columns increase
    expect(positions.n0![0]).toBeLessThan(positions.n2![0])
    expect(positions.n2![0]).toBeLessThan(positions.n3![0])
    const xs = new Set(Object.values(positions).map(([x]) => x))
    expect(xs.size).toBe(8) // eight columns per band, not one row of 400
    const bottom = Math.max(...Object.values(positions).map(([, y]) => y))
    expect(bottom).toBeGreaterThan(20 * 200)
  })

  it('never overlaps two nodes', () => {
    const boxes = Object.entries(positions)
    const byColumn = new Map<number, number[]>()
    for (const [, [x, y]] of boxes) byColumn.set(x, [...(byColumn.get(x) ?? []), y])
    for (const ys of byColumn.values()) {
      const sorted = ys.sort((a, b) => a - b)
      for (let i = 1; i < sorted.length; i++) expect(sorted[i]! - sorted[i - 1]!).toBeGreaterThanOrEqual(78)
    }
    expect(NODE_WIDTH).toBeLessThan(Math.min(...[...xs(positions)].filter((x) => x > 0)))
  })

  it('lays out a loop without giving up, the loop closing backwards', () => {
    const doc = dslAdapter.check(
      'strategy: l\nformat: 1\nstart: a\nnodes:\n  a: { type: wait, for: 5s, next: b }\n  b: { type: switch, cases: [{ when: "true", next: a }], default: c }\n  c: { type: end, outcome: abandon }\n',
      {},
    ).document!
    const p = layoutDocument(doc)
    expect(p.a![0]).toBeLessThan(p.b![0])
    expect(p.b![0]).toBeLessThan(p.c![0])
  })
})

function xs(positions: Record<string, [number, number]>): Set<number> {
  return new Set(Object.values(positions).map(([x]) => x))
}

describe('fit box of a canvas pane', () => {
  it('is the pane at the readable zoom (0.5) less the fit margins and the reach of edges beside the nodes', () => {
    // 56 px left and right, 38 px top and bottom (7.5 %), 36 units of loops' legs on either side of the nodes
    expect(fitBoxFor(DEFAULT_PANE)).toEqual({ width: 1448, height: 1038 })
    // 22 px each side, but the zoom controls' 49 px on the left
    expect(fitBoxFor({ width: 352, height: 352 })).toEqual({ width: 490, height: 616 })
  })

  it.each([
    { width: 0, height: 600 },
    { width: -5, height: 600 },
    { width: Number.NaN, height: 600 },
    { width: 800, height: Number.POSITIVE_INFINITY },
  ])('falls back to the default window for a pane measured as $width x $height', (pane) => {
    expect(fitBoxFor(pane)).toEqual(FIT_WITHIN)
  })
})
