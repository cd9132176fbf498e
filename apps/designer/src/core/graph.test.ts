import type { Diagnostic, StrategyDocument } from '@routewright/strategy-dsl'
import { describe, expect, it } from 'vitest'
import { setNode } from './document-edit.ts'
import { createGraphMapper } from './graph.ts'
import { layoutDocument, needsLayout } from './layout.ts'

const doc: StrategyDocument = {
  strategy: 'demo',
  format: 1,
  start: 'menu',
  nodes: {
    menu: { type: 'switch', cases: [{ label: 'gold', when: 'true', next: 'vip' }], default: 'bye' },
    vip: { type: 'target', targets: [{ group: 'vip' }], next: { timeout: 'bye' } },
    bye: { type: 'end', outcome: 'default-route' },
  },
}

const diagnostic = (node: string): Diagnostic => ({
  code: 'RW999',
  severity: 'warning',
  message: 'x',
  path: ['nodes', node],
})

describe('graph mapping', () => {
  it('maps outputs to labelled edges keyed by output path', () => {
    const { edges, nodes } = createGraphMapper()(doc, [], undefined)
    expect(edges.map((e) => `${e.source}:${e.sourceHandle}->${e.target} ${e.label}`)).toEqual([
      'menu:cases.0.next->vip gold',
      'menu:default->bye default',
      'vip:next.timeout->bye timeout',
    ])
    expect(nodes.find((n) => n.id === 'menu')?.isStart).toBe(true)
  })

  it('keeps the view of every node an edit did not touch', () => {
    const map = createGraphMapper()
    const first = map(doc, [], undefined)
    const edited = setNode(doc, 'bye', { type: 'end', outcome: 'reject' })
    const second = map(edited, [], undefined)
    expect(second.nodes[0]).toBe(first.nodes[0])
    expect(second.nodes[1]).toBe(first.nodes[1])
    expect(second.nodes[2]).not.toBe(first.nodes[2])
  })

  it('badges only the node a diagnostic is about', () => {
    const map = createGraphMapper()
    const first = map(doc, [], undefined)
    const second = map(doc, [diagnostic('vip')], undefined)
    expect(second.nodes[1]?.severity).toBe('warning')
    expect(second.nodes[0]).toBe(first.nodes[0])
  })

  it('marks the path of a test run on nodes and edges', () => {
    const { nodes, edges } = createGraphMapper()(doc, [], { path: ['menu', 'vip'], current: 'vip' })
    expect(nodes.map((n) => n.visit)).toEqual(['visited', 'current', undefined])
    expect(edges.filter((e) => e.visited).map((e) => e.id)).toEqual(['menu:cases.0.next'])
  })

  it('lays out left to right', () => {
    expect(needsLayout(doc)).toBe(true)
    const positions = layoutDocument(doc)
    expect(Object.keys(positions).sort()).toEqual(['bye', 'menu', 'vip'])
    expect(positions.menu![0]).toBeLessThan(positions.vip![0])
    expect(positions.vip![0]).toBeLessThan(positions.bye![0])
  })
})
