import type { InternalNode } from '@xyflow/react'
import { describe, expect, it } from 'vitest'
import type { CanvasNode } from './collapse.ts'
import { hiddenForOverview } from './overview.ts'
import { nodeAt } from './overview-hit.ts'

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
