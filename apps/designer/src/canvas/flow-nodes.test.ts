import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseStrategy } from '@routewright/strategy-dsl'
import { describe, expect, it } from 'vitest'
import { createGraphMapper, NODE_WIDTH, nodeViewHeight } from '../core/graph.ts'
import {
  dropEstimatedHandles,
  estimatedHandles,
  type FlowNode,
  nodeAriaLabel,
  syncNodes,
} from './flow-nodes.ts'

const file = resolve(import.meta.dirname, '../../../../examples/vip-routing.strategy.yaml')
const doc = parseStrategy(readFileSync(file, 'utf8'), { file: 'vip-routing.strategy.yaml' })
const graph = createGraphMapper()(doc, [], undefined)
const view = (id: string) => graph.nodes.find((n) => n.id === id)!

describe('estimated handles', () => {
  it('puts the input at the left middle and one output per row from the bottom, as the CSS draws them', () => {
    // handle boxes measured in Chromium (node height, input y, output ys), relative to the node's top-left
    const measured = {
      has_tier: [126, 59.5, [68.5, 88.5, 108.5]],
      use_attached: [106, 49.5, [68.5, 88.5]],
      identify: [126, 59.5, [88.5, 108.5]],
      by_tier: [146, 69.5, [68.5, 88.5, 108.5, 128.5]],
      pop_gold: [120, 56.5, [82.5, 102.5]],
    } as const
    for (const [id, [height, input, outputs]] of Object.entries(measured)) {
      const v = view(id)
      // the layout's height is the drawn one (before, the card was drawn 6 px shorter), so the estimates are what
      // the DOM measures
      expect(nodeViewHeight(v), id).toBe(height)
      const handles = estimatedHandles(v)
      expect(handles[0], id).toMatchObject({ type: 'target', x: -3.5, y: input })
      expect(
        handles.slice(1).map((h) => [h.type, h.x, h.y]),
        id,
      ).toEqual(outputs.map((y) => ['source', NODE_WIDTH - 0.5, y]))
      expect(handles.slice(1).map((h) => h.id)).toEqual(v.outputs.map((o) => o.key))
    }
  })

  it('are given to nodes not yet measured and dropped once the DOM has measured them', () => {
    const first = syncNodes([], graph, doc.layout, {}, new Set())
    expect(first.every((n) => n.handles !== undefined)).toBe(true)
    const measured = first.map((n) =>
      n.id === 'identify' ? { ...n, measured: { width: NODE_WIDTH, height: 120 } } : n,
    )
    const dropped = dropEstimatedHandles(measured, new Set(['identify']))
    expect(dropped.find((n) => n.id === 'identify')!.handles).toBeUndefined()
    expect(
      dropped
        .filter((n) => n.id !== 'identify')
        .every((n, i) => n === measured.filter((m) => m.id !== 'identify')[i]),
    ).toBe(true)
    // a later change to a measured node keeps React Flow's measured handles (no estimate comes back)
    const later = syncNodes(dropped as FlowNode[], graph, doc.layout, {}, new Set(['identify']))
    expect(later.find((n) => n.id === 'identify')!.handles).toBeUndefined()
    expect(dropEstimatedHandles(first, new Set())).toBe(first)
  })
})

describe('node labels for screen readers', () => {
  it('names the kind, the id, the title and the start node', () => {
    const nodes = syncNodes([], graph, doc.layout, {}, new Set())
    expect(nodes.find((n) => n.id === 'pop_gold')?.ariaLabel).toBe(nodeAriaLabel(view('pop_gold')))
    expect(nodeAriaLabel({ ...view('pop_gold'), title: 'Gold pop', isStart: true })).toMatch(
      /^[A-Z][\w ]* node pop_gold, "Gold pop", start$/,
    )
  })

  it('counts the problems', () => {
    const problem = { code: 'RW101', severity: 'error', message: 'x', path: [] } as const
    expect(
      nodeAriaLabel({ ...view('pop_gold'), title: 'pop_gold', diagnostics: [problem, problem] }),
    ).toMatch(/^[A-Z][\w ]* node pop_gold, 2 problems$/)
  })
})
