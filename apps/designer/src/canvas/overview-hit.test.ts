import type { InternalNode } from '@xyflow/react'
import { describe, expect, it } from 'vitest'
import type { CanvasNode } from './collapse.ts'
import { hiddenForOverview } from './overview.ts'
import { nodeAt, nodeAtEnd, nodeBox, nodeNearest, nodePageAway, nodeToward } from './overview-hit.ts'

/** React Flow's internal node for a user node at (x, y), 100 x 40. */
function internal(user: CanvasNode, x: number, y: number): InternalNode<CanvasNode> {
  return {
    ...user,
    measured: { width: 100, height: 40 },
    internals: { positionAbsolute: { x, y }, z: 0, userNode: user },
  } as InternalNode<CanvasNode>
}

const node = (id: string, extra: Partial<CanvasNode> = {}) =>
  ({ id, type: 'strategy', position: { x: 0, y: 0 }, data: {}, ...extra }) as CanvasNode

describe('nodeAt', () => {
  it('finds the overview node whose box holds the point, the one drawn last where two overlap', () => {
    const [a, b] = hiddenForOverview([node('a'), node('b')]) as [CanvasNode, CanvasNode]
    const nodes = [internal(a, 0, 0), internal(b, 50, 20)]
    expect(nodeAt(nodes, 10, 10)?.id).toBe('a')
    expect(nodeAt(nodes, 60, 30)?.id).toBe('b')
    expect(nodeAt(nodes, 149, 59)?.id).toBe('b')
    expect(nodeAt(nodes, 151, 30)).toBeUndefined()
  })

  it('passes over what the preview does not draw: nodes hidden for themselves and nodes inside a frame', () => {
    const hidden = node('hidden', { hidden: true })
    const [inFrame] = hiddenForOverview([node('child', { parentId: 'frame' })]) as [CanvasNode]
    const nodes = [internal(hidden, 0, 0), { ...internal(inFrame, 0, 0), parentId: 'frame' }]
    expect(nodeAt(nodes as InternalNode<CanvasNode>[], 10, 10)).toBeUndefined()
  })
})

describe("nodeToward and nodeNearest: the overview's arrow keys", () => {
  // a 3 x 2 grid, 200 apart across and 100 down, and one node hidden for itself at the grid's centre
  const ids = ['a', 'b', 'c', 'd', 'e', 'f']
  const shown = hiddenForOverview(ids.map((id) => node(id))) as CanvasNode[]
  const nodes = [
    ...shown.map((user, i) => internal(user, (i % 3) * 200, Math.floor(i / 3) * 100)),
    internal(node('hidden', { hidden: true }), 200, 50),
  ]
  const from = (id: string) => nodeBox(nodes.find((n) => n.id === id)!)

  it('goes to the nearest drawn node that way, keeping to the row or column', () => {
    expect(nodeToward(nodes, from('a'), 'right', 'a')?.id).toBe('b')
    expect(nodeToward(nodes, from('b'), 'right', 'b')?.id).toBe('c')
    expect(nodeToward(nodes, from('b'), 'down', 'b')?.id).toBe('e')
    expect(nodeToward(nodes, from('e'), 'left', 'e')?.id).toBe('d')
    expect(nodeToward(nodes, from('f'), 'up', 'f')?.id).toBe('c')
  })

  it('stays put at the edge (none that way) and starts on the drawn node nearest a point', () => {
    expect(nodeToward(nodes, from('c'), 'right', 'c')).toBeUndefined()
    expect(nodeToward(nodes, from('a'), 'up', 'a')).toBeUndefined()
    expect(nodeNearest(nodes, 250, 65)?.id).toBe('b')
    expect(nodeNearest(nodes, 450, 170)?.id).toBe('f')
  })
})

describe("nodeAtEnd and nodePageAway: the overview's Home, End, PageUp and PageDown", () => {
  // rows 100 apart, the second row's nodes a little lower one by one (a laid-out row is seldom level); a node hidden
  // for itself above them all and one in a frame below them all
  const shown = hiddenForOverview(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((id) => node(id))) as CanvasNode[]
  const places: [number, number][] = [
    [200, 0],
    [0, 0],
    [400, 0],
    [0, 100],
    [200, 110],
    [400, 120],
    [200, 900],
  ]
  const [inFrame] = hiddenForOverview([node('child', { parentId: 'frame' })]) as [CanvasNode]
  const nodes = [
    ...shown.map((user, i) => internal(user, ...places[i]!)),
    internal(node('hidden', { hidden: true }), 0, -500),
    { ...internal(inFrame, 400, 2000), parentId: 'frame' } as InternalNode<CanvasNode>,
  ]
  const from = (id: string) => nodeBox(nodes.find((n) => n.id === id)!)

  it('Home is the drawn node first in reading order (top row, leftmost), End the last', () => {
    expect(nodeAtEnd(nodes, 'first')?.id).toBe('b')
    expect(nodeAtEnd(nodes, 'last')?.id).toBe('g')
    expect(nodeAtEnd([], 'first')).toBeUndefined()
  })

  it('PageDown goes to the node nearest a view height below, PageUp above; none that way stays put', () => {
    expect(nodePageAway(nodes, from('b'), 'down', 100, 'b')?.id).toBe('d')
    expect(nodePageAway(nodes, from('a'), 'down', 100, 'a')?.id).toBe('e')
    expect(nodePageAway(nodes, from('a'), 'down', 800, 'a')?.id).toBe('g')
    // past the last row: the lowest there is, not one back up
    expect(nodePageAway(nodes, from('e'), 'down', 5000, 'e')?.id).toBe('g')
    expect(nodePageAway(nodes, from('g'), 'up', 800, 'g')?.id).toBe('e')
    expect(nodePageAway(nodes, from('g'), 'up', 900, 'g')?.id).toBe('a')
    expect(nodePageAway(nodes, from('g'), 'down', 800, 'g')).toBeUndefined()
    expect(nodePageAway(nodes, from('c'), 'up', 100, 'c')).toBeUndefined()
  })
})
