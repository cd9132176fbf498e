import { type StrategyDocument, type StrategyNode, validateStrategy } from '@routewright/strategy-dsl'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

// Random small graphs of switch (does not wait), wait (waits) and end nodes, checked against brute force.
type Kind = 'switch' | 'wait' | 'end'
interface Shape {
  kinds: Kind[]
  edges: number[][]
}

const shapeArb = fc.integer({ min: 1, max: 7 }).chain((n) =>
  fc.record({
    kinds: fc.array(fc.constantFrom<Kind>('switch', 'wait', 'end'), { minLength: n, maxLength: n }),
    edges: fc.array(fc.array(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: 2 }), {
      minLength: n,
      maxLength: n,
    }),
  }),
)

function toDocument({ kinds, edges }: Shape): StrategyDocument {
  const nodes: Record<string, StrategyNode> = {}
  kinds.forEach((kind, i) => {
    const out = (edges[i] ?? []).map((j) => `n${j}`)
    if (kind === 'end') nodes[`n${i}`] = { type: 'end', outcome: 'reject' }
    else if (kind === 'wait') nodes[`n${i}`] = { type: 'wait', for: '1s', next: out[0] as string }
    else
      nodes[`n${i}`] = {
        type: 'switch',
        cases: [{ when: 'waited > 1.0', next: out[0] as string }],
        default: (out[1] ?? out[0]) as string,
      }
  })
  return { strategy: 'random', format: 1, start: 'n0', nodes }
}

function successors(shape: Shape, i: number): number[] {
  if (shape.kinds[i] === 'end') return []
  const out = shape.edges[i] ?? []
  return shape.kinds[i] === 'wait' ? out.slice(0, 1) : out
}

function reach(shape: Shape, from: number, allowed: (i: number) => boolean): Set<number> {
  const seen = new Set<number>()
  const stack = successors(shape, from).filter(allowed)
  while (stack.length > 0) {
    const at = stack.pop() as number
    if (seen.has(at)) continue
    seen.add(at)
    stack.push(...successors(shape, at).filter(allowed))
  }
  return seen
}

describe('graph rules against brute force', () => {
  it('[RW105] fires exactly when some cycle avoids every waiting node', () => {
    fc.assert(
      fc.property(shapeArb, (shape) => {
        const notWaiting = (i: number) => shape.kinds[i] === 'switch'
        const spins = shape.kinds.some((_, i) => notWaiting(i) && reach(shape, i, notWaiting).has(i))
        const found = validateStrategy(toDocument(shape)).filter((d) => d.code === 'RW105')
        expect(found.length > 0).toBe(spins)
      }),
      { numRuns: 400 },
    )
  })

  it('[RW104] flags exactly the reachable nodes from which no end is reachable', () => {
    fc.assert(
      fc.property(shapeArb, (shape) => {
        const all = () => true
        const reachable = new Set([0, ...reach(shape, 0, all)])
        const expected = [...reachable]
          .filter(
            (i) =>
              shape.kinds[i] !== 'end' && ![...reach(shape, i, all)].some((j) => shape.kinds[j] === 'end'),
          )
          .map((i) => `n${i}`)
          .sort()
        const found = validateStrategy(toDocument(shape))
          .filter((d) => d.code === 'RW104')
          .map((d) => d.node)
          .sort()
        expect(found).toEqual(expected)
      }),
      { numRuns: 400 },
    )
  })
})
