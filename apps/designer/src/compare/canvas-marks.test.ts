import { diffStrategies, type StrategyDocument } from '@routewright/strategy-dsl'
import { describe, expect, it } from 'vitest'
import { edgeSelector, marksCss, marksOf, nodeSelector } from './canvas-marks.ts'

function make(nodes: StrategyDocument['nodes']): StrategyDocument {
  return { strategy: 's', format: 1, start: 'a', nodes }
}

const before = make({
  a: { type: 'switch', cases: [{ label: 'x', when: 'true', next: 'b' }], default: 'c' },
  b: { type: 'wait', for: '1s', next: 'c' },
  c: { type: 'end', outcome: 'reject' },
  gone: { type: 'end', outcome: 'reject' },
})
const after = make({
  a: { type: 'switch', cases: [{ label: 'x', when: 'true', next: 'c' }], default: 'd' },
  b: { type: 'wait', for: '2s', next: 'c' },
  c: { type: 'end', outcome: 'reject' },
  d: { type: 'wait', for: '1s', next: 'c' },
})

describe('canvas marks', () => {
  it('marks changed and added nodes, rewired edges and the edges of added nodes; removed nodes are not on the canvas', () => {
    const marks = marksOf(diffStrategies(before, after))
    expect([...marks.nodes]).toEqual([
      ['b', 'changed'],
      ['d', 'added'],
    ])
    expect([...marks.edges]).toEqual([
      ['a:cases.0.next', 'rewired'],
      ['a:default', 'rewired'],
      ['d:next', 'added'],
    ])
  })

  it('writes one outline rule and one label per node and a stroke per edge, with ids quoted safely', () => {
    const css = marksCss({ nodes: new Map([['vip', 'changed']]), edges: new Map([['a:next', 'added']]) })
    expect(css).toContain('.react-flow__node[data-id="vip"]{outline:3px solid #8f5d00')
    expect(css).toContain('.react-flow__node[data-id="vip"]::after{content:"changed"')
    expect(css).toContain('.react-flow__edge[data-id="a:next"] .react-flow__edge-path{stroke:#17753f')
    expect(nodeSelector('a"]{}body{x')).toBe('.react-flow__node[data-id="a\\"]{}body{x"]')
    expect(edgeSelector('a\\b')).toBe('.react-flow__edge[data-id="a\\\\b"]')
  })
})
