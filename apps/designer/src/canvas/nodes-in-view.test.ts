import { describe, expect, it } from 'vitest'
import { type NodeBox, nodesInView } from './nodes-in-view.ts'

function make(x: number, y: number, overrides: Partial<NodeBox> = {}): NodeBox {
  return { position: { x, y }, initialWidth: 200, initialHeight: 80, ...overrides }
}

describe('nodes in view', () => {
  it('counts the nodes whose whole box is on screen', () => {
    const nodes = [make(0, 0), make(300, 0), make(900, 0)]
    expect(nodesInView(nodes, [0, 0, 1], 1000, 600)).toEqual({ shown: 2, total: 3 })
  })

  it('follows the pan and zoom', () => {
    const nodes = [make(0, 0), make(300, 0), make(900, 0)]
    expect(nodesInView(nodes, [0, 0, 0.5], 1000, 600)).toEqual({ shown: 3, total: 3 })
    expect(nodesInView(nodes, [-400, 0, 1], 1000, 600)).toEqual({ shown: 1, total: 3 })
  })

  it("prefers the measured size and leaves a frame's children out", () => {
    const nodes = [make(0, 0, { measured: { width: 1200, height: 80 } }), make(10, 10, { parentId: 'f' })]
    expect(nodesInView(nodes, [0, 0, 1], 1000, 600)).toEqual({ shown: 0, total: 1 })
  })
})
