import type { StrategyDocument } from '@routewright/strategy-dsl'
import { describe, expect, it } from 'vitest'
import { connect, deleteNodes, moveNodes, renameNode, setIn, uniqueId } from './document-edit.ts'

function make(overrides: Partial<StrategyDocument> = {}): StrategyDocument {
  return {
    strategy: 'demo',
    format: 1,
    start: 'pick',
    nodes: {
      pick: { type: 'target', targets: [{ group: 'sales' }], wait: '30s', next: { timeout: 'sorry' } },
      sorry: { type: 'treatment', play: 'prompts/sorry', next: { done: 'bye' } },
      bye: { type: 'end', outcome: 'default-route' },
    },
    layout: { pick: [0, 0], sorry: [300, 0], bye: [600, 0] },
    ...overrides,
  }
}

describe('document edits', () => {
  it('sets a nested path, creating parents, and removes emptied parents', () => {
    const node = { type: 'wait', for: '5s' }
    const connected = setIn(node, ['next', 'timeout'], 'x')
    expect(connected).toEqual({ type: 'wait', for: '5s', next: { timeout: 'x' } })
    expect(setIn(connected, ['next', 'timeout'], undefined)).toEqual({ type: 'wait', for: '5s' })
    expect(node).toEqual({ type: 'wait', for: '5s' })
  })

  it('writes an edge at the output path, replacing the previous target', () => {
    const doc = connect(make(), 'pick', ['next', 'error'], 'bye')
    expect(doc.nodes.pick).toMatchObject({ next: { timeout: 'sorry', error: 'bye' } })
  })

  it('deletes nodes with their positions and every edge into them', () => {
    const doc = deleteNodes(make(), ['sorry'])
    expect(Object.keys(doc.nodes)).toEqual(['pick', 'bye'])
    expect(doc.nodes.pick).not.toHaveProperty('next')
    expect(doc.layout).toEqual({ pick: [0, 0], bye: [600, 0] })
  })

  it('renames a node, rewiring edges, start and layout, keeping its place', () => {
    const doc = renameNode(make(), 'pick', 'vip')
    expect(Object.keys(doc.nodes)).toEqual(['vip', 'sorry', 'bye'])
    expect(doc.start).toBe('vip')
    expect(doc.layout?.vip).toEqual([0, 0])
    const renamed = renameNode(make(), 'sorry', 'apology')
    expect(renamed.nodes.pick).toMatchObject({ next: { timeout: 'apology' } })
  })

  it('refuses a rename onto an existing id', () => {
    const doc = make()
    expect(renameNode(doc, 'pick', 'bye')).toBe(doc)
  })

  it('rounds moved positions', () => {
    expect(moveNodes(make(), { bye: [10.6, 20.2] }).layout?.bye).toEqual([11, 20])
  })

  it('makes fresh ids', () => {
    const taken = new Set(['wait', 'wait_2'])
    expect(uniqueId('wait', (id) => taken.has(id))).toBe('wait_3')
    expect(uniqueId('queue-priority', () => false)).toBe('queue-priority')
  })
})
