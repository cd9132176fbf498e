import { describe, expect, it } from 'vitest'
import { type EdgeLike, edgeStopAfter } from './edge-stops.ts'

const edges: EdgeLike[] = [
  { id: 'hours-open', source: 'hours' },
  { id: 'agents-timeout', source: 'agents' },
  { id: 'hours-closed', source: 'hours' },
  { id: 'hours-holiday', source: 'hours' },
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
})
