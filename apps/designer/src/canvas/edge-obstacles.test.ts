import type { Node } from '@xyflow/react'
import { describe, expect, it } from 'vitest'
import { crossesAny, smoothStepPoints } from '../core/edge-route.ts'
import { routeEdges } from '../core/edge-tracks.ts'
import { NODE_WIDTH } from '../core/graph.ts'
import { obstaclesOf } from './edge-obstacles.ts'

/** A card as the canvas hands it to React Flow: its declared (estimated) size, and what the DOM measured once drawn. */
function card(id: string, x: number, y: number, declared: number, measured?: number): Node {
  return {
    id,
    position: { x, y },
    data: {},
    initialWidth: NODE_WIDTH,
    initialHeight: declared,
    ...(measured === undefined ? {} : { measured: { width: NODE_WIDTH, height: measured } }),
  }
}

describe('obstaclesOf', () => {
  it('takes the size declared before a card is drawn', () => {
    expect(obstaclesOf([card('a', 10, 20, 106)], [])).toEqual([
      { x: 10, y: 20, width: NODE_WIDTH, height: 106 },
    ])
  })

  it('takes the measured size of a drawn card over its estimate (a card drawn taller than estimated)', () => {
    expect(obstaclesOf([card('a', 10, 20, 106, 166)], [])).toEqual([
      { x: 10, y: 20, width: NODE_WIDTH, height: 166 },
    ])
  })

  it('keeps the previous list when the measured sizes are the estimated ones (nothing routes again)', () => {
    const before = obstaclesOf([card('a', 10, 20, 106)], [])
    expect(obstaclesOf([card('a', 10, 20, 106, 106)], before)).toBe(before)
  })
})

it('routes an edge around a card drawn taller than estimated, not through its lower part', () => {
  // a lane at y 120 passes under the card's estimated 86 px, through the 166 px it is drawn at
  const nodes = [card('middle', 350, 0, 86, 166)]
  const ends = { id: 'e', source: { x: 100, y: 120 }, target: { x: 700, y: 120 } }
  const boxes = obstaclesOf(nodes, [])
  const path = routeEdges([ends], boxes).get('e') ?? smoothStepPoints(ends.source, ends.target)
  expect(crossesAny(path, [{ x: 350, y: 0, width: NODE_WIDTH, height: 166 }])).toBe(false)
})
