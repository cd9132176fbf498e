import { describe, expect, it } from 'vitest'
import { collapseEdges, collapseNodes } from './collapse.ts'
import type { FlowEdge, FlowNode } from './flow-nodes.ts'

const node = (id: string, x: number, y: number) =>
  ({ id, type: 'strategy', position: { x, y }, data: { title: id.toUpperCase() } }) as unknown as FlowNode
const edge = (source: string, handle: string, target: string) =>
  ({ id: `${source}:${handle}`, source, sourceHandle: handle, target }) as FlowEdge

const nodes = [node('a', 0, 0), node('b', 300, 40), node('c', 600, 10), node('d', 900, 0)]
const edges = [
  edge('a', 'next', 'b'),
  edge('b', 'next.done', 'c'),
  edge('b', 'next.error', 'd'),
  edge('c', 'next', 'd'),
]
const groups = [{ id: 'group:1', members: ['b', 'c'] }]

describe('collapsed groups', () => {
  it('draws the members as one block at their top-left corner', () => {
    const shown = collapseNodes([], nodes, groups)
    expect(shown.map((n) => n.id)).toEqual(['a', 'd', 'group:1'])
    expect(shown[2]).toMatchObject({
      type: 'group',
      position: { x: 300, y: 10 },
      data: { titles: ['B', 'C'] },
    })
  })

  it('attaches outside edges to the block, drops inner ones and merges duplicates', () => {
    const shown = collapseEdges(edges, groups)
    expect(shown.map((e) => [e.source, e.sourceHandle, e.target])).toEqual([
      ['a', 'next', 'group:1'],
      ['group:1', 'out', 'd'],
    ])
  })

  it('changes nothing without groups', () => {
    expect(collapseNodes([], nodes, [])).toBe(nodes)
    expect(collapseEdges(edges, [])).toBe(edges)
  })
})
