import type { StrategyDocument } from '@routewright/strategy-dsl'
import { describe, expect, it } from 'vitest'
import { copyNodes, pasteNodes, readClipboard } from './clipboard.ts'

const doc: StrategyDocument = {
  strategy: 'demo',
  format: 1,
  start: 'a',
  nodes: {
    a: { type: 'wait', for: '5s', next: 'b' },
    b: { type: 'wait', for: '5s', next: 'c' },
    c: { type: 'end', outcome: 'abandon' },
  },
  layout: { a: [0, 0], b: [100, 0], c: [200, 0] },
}

describe('clipboard', () => {
  it('pastes into the same strategy with fresh ids and rewired internal edges', () => {
    const payload = copyNodes(doc, ['a', 'b'])!
    const { document, ids } = pasteNodes(doc, payload, [40, 40])
    expect(ids).toEqual(['a_2', 'b_2'])
    expect(document.nodes.a_2).toEqual({ type: 'wait', for: '5s', next: 'b_2' })
    // b pointed at c, which exists here: the edge stays
    expect(document.nodes.b_2).toEqual({ type: 'wait', for: '5s', next: 'c' })
    expect(document.layout?.a_2).toEqual([40, 40])
  })

  it('cuts edges to nodes the other strategy does not have', () => {
    const payload = readClipboard(JSON.stringify(copyNodes(doc, ['b'])))!
    const other: StrategyDocument = {
      strategy: 'x',
      format: 1,
      start: 'z',
      nodes: { z: { type: 'end', outcome: 'reject' } },
    }
    const { document } = pasteNodes(other, payload, [0, 0])
    expect(document.nodes.b).toEqual({ type: 'wait', for: '5s' })
  })

  it('ignores text that is not a node payload', () => {
    expect(readClipboard('hello')).toBeUndefined()
    expect(readClipboard('{"format":"something-else"}')).toBeUndefined()
    expect(readClipboard('{"format":"routewright/nodes","nodes":{"x":{"type":"nope"}}}')).toBeUndefined()
  })
})
