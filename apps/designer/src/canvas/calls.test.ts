import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseStrategy } from '@routewright/strategy-dsl'
import { describe, expect, it } from 'vitest'
import { createGraphMapper, NODE_WIDTH } from '../core/graph.ts'
import { callChildId, callEdges, calledGraph, expandCalls, framesKey } from './calls.ts'
import type { CanvasNode } from './collapse.ts'
import { syncNodes } from './flow-nodes.ts'

const examples = resolve(import.meta.dirname, '../../../../examples')
const read = (name: string) => parseStrategy(readFileSync(resolve(examples, name), 'utf8'), { file: name })
const caller = read('vip-routing.strategy.yaml')
const identify = read('identify-caller.strategy.yaml')
const graph = createGraphMapper()(caller, [], undefined)
const identifyGraph = calledGraph(identify)
const called = (name: string) => (name === 'identify-caller' ? identifyGraph : undefined)
const base = syncNodes([], graph, caller.layout, {}, new Set())
const at = (nodes: readonly CanvasNode[], id: string) => nodes.find((n) => n.id === id)

describe('expanded subroutine calls', () => {
  it('draws the call as a frame holding every node of the called strategy, read-only', () => {
    const { nodes } = expandCalls([], base, new Set(['identify']), called)
    const frame = at(nodes, 'identify')
    expect(frame).toMatchObject({ type: 'call', data: { call: 'identify-caller' } })
    const inner = nodes.filter((n) => n.parentId === 'identify')
    expect(inner.map((n) => n.id).sort()).toEqual(
      Object.keys(identify.nodes)
        .map((id) => callChildId('identify', id))
        .sort(),
    )
    for (const n of inner) {
      expect(n).toMatchObject({ draggable: false, selectable: false, connectable: false })
      // children follow their parent in the list, as React Flow requires, and sit inside the frame
      expect(nodes.indexOf(n)).toBeGreaterThan(nodes.indexOf(frame!))
      expect(n.position.x + NODE_WIDTH).toBeLessThanOrEqual(frame!.width!)
    }
    expect(nodes.length).toBe(base.length + inner.length)
  })

  it('pushes nodes right of the call aside and reports by how much', () => {
    const { nodes, offsets } = expandCalls([], base, new Set(['identify']), called)
    const frame = at(nodes, 'identify')!
    const right = base.filter((n) => n.position.x >= frame.position.x + NODE_WIDTH)
    expect(right.length).toBeGreaterThan(0)
    for (const n of right) {
      const shown = at(nodes, n.id)!
      const [dx, dy] = offsets.get(n.id) ?? [0, 0]
      expect([shown.position.x - dx, shown.position.y - dy]).toEqual([n.position.x, n.position.y])
      // no pushed node overlaps the frame
      const inside =
        shown.position.x < frame.position.x + frame.width! &&
        shown.position.y < frame.position.y + frame.height! &&
        shown.position.x + NODE_WIDTH > frame.position.x &&
        shown.position.y + 80 > frame.position.y
      expect(inside, n.id).toBe(false)
    }
  })

  it('reuses the previous objects when nothing changed', () => {
    const first = expandCalls([], base, new Set(['identify']), called).nodes
    const again = expandCalls(first, base, new Set(['identify']), called).nodes
    expect(again).toEqual(first)
    again.forEach((n, i) => {
      expect(n).toBe(first[i])
    })
  })

  it('leaves calls to unknown strategies and collapsed calls as they are', () => {
    expect(expandCalls([], base, new Set(), called).nodes).toBe(base)
    const unknown = expandCalls([], base, new Set(['identify']), () => undefined)
    expect(unknown.nodes).toBe(base)
    expect(unknown.offsets.size).toBe(0)
  })

  it('draws the edges inside each frame between the frame’s own children', () => {
    const { nodes } = expandCalls([], base, new Set(['identify']), called)
    const key = framesKey(nodes)
    expect(key).toBe('identify\u0000identify-caller')
    const edges = callEdges(key, called)
    const ids = new Set(nodes.map((n) => n.id))
    expect(edges.length).toBe(calledGraph(identify).graph.edges.length)
    for (const e of edges) {
      expect(ids.has(e.source) && ids.has(e.target)).toBe(true)
      expect(e.source.startsWith('call:identify/')).toBe(true)
    }
    expect(callEdges('', called)).toEqual([])
  })
})
