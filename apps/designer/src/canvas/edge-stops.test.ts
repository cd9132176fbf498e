import { describe, expect, it } from 'vitest'
import { type EdgeEndsLike, edgeStopAfter, nodeStopFrom } from './edge-stops.ts'

const edges: EdgeEndsLike[] = [
  { id: 'hours-open', source: 'hours', target: 'agents' },
  { id: 'agents-timeout', source: 'agents', target: 'closed' },
  { id: 'hours-closed', source: 'hours', target: 'closed' },
  { id: 'hours-holiday', source: 'hours', target: 'end' },
  { id: 'wait-next', source: 'wait', target: 'closed' },
]

describe('edgeStopAfter', () => {
  it.each([
    ['E on a node: its first outgoing edge', { node: 'hours' }, 1, 'hours-open'],
    ['Shift+E on a node: its last outgoing edge', { node: 'hours' }, -1, 'hours-holiday'],
    ['E on an edge: the next from the same node, past the others', { edge: 'hours-open' }, 1, 'hours-closed'],
    ['E on the last edge: the first again', { edge: 'hours-holiday' }, 1, 'hours-open'],
    ['Shift+E on the first edge: the last', { edge: 'hours-open' }, -1, 'hours-holiday'],
    ['E on a lone edge: itself', { edge: 'agents-timeout' }, 1, 'agents-timeout'],
    ['E on a node with no outgoing edge', { node: 'closed' }, 1, undefined],
    ['E on an edge that is gone', { edge: 'nowhere' }, 1, undefined],
  ] as const)('%s', (_what, from, step, next) => {
    expect(edgeStopAfter(edges, from, step)).toBe(next)
  })

  it.each([
    ['I on a node: its first incoming edge', { node: 'closed' }, 1, 'agents-timeout'],
    ['Shift+I on a node: its last incoming edge', { node: 'closed' }, -1, 'wait-next'],
    [
      'I on an edge: the next into the same node, from another node',
      { edge: 'agents-timeout' },
      1,
      'hours-closed',
    ],
    ['I on the last edge: the first again', { edge: 'wait-next' }, 1, 'agents-timeout'],
    ['Shift+I on the first edge: the last', { edge: 'agents-timeout' }, -1, 'wait-next'],
    ['I on an edge reached with E: the next into its target', { edge: 'hours-closed' }, 1, 'wait-next'],
    ['I on a node no edge reaches', { node: 'hours' }, 1, undefined],
  ] as const)('%s', (_what, from, step, next) => {
    expect(edgeStopAfter(edges, from, step, 'incoming')).toBe(next)
  })
})

describe('nodeStopFrom', () => {
  const ends: EdgeEndsLike[] = [
    { id: 'hours-open', source: 'hours', target: 'agents' },
    { id: 'agents-timeout', source: 'agents', target: 'closed' },
  ]
  it.each([
    ['Alt+Left on an edge: the node it leaves', 'hours-open', 'ArrowLeft', 'hours'],
    ['Alt+Right on an edge: the node it goes to', 'hours-open', 'ArrowRight', 'agents'],
    ['Alt+Right on another edge', 'agents-timeout', 'ArrowRight', 'closed'],
    ['another key', 'hours-open', 'ArrowUp', undefined],
    ['an edge that is gone', 'nowhere', 'ArrowLeft', undefined],
  ] as const)('%s', (_what, edge, key, node) => {
    expect(nodeStopFrom(ends, edge, key)).toBe(node)
  })
})
