import { parseStrategy, type StrategyDocument } from '@routewright/strategy-dsl'
import { describe, expect, it } from 'vitest'
import { addNode } from './document-edit.ts'
import { insertBetween } from './insert-between.ts'
import { defaultNode } from './node-defaults.ts'

const doc = parseStrategy(`strategy: s
format: 1
start: pick
nodes:
  pick:
    type: switch
    cases:
      - { label: gold, when: 'true', next: done }
    default: done
  done: { type: end, outcome: default-route }
`)

describe('a node dropped on a connection', () => {
  it('goes between its ends: the output leads to it, its main output to the old target', () => {
    const withWait = addNode(doc, 'wait', defaultNode('wait', undefined), [0, 0])
    const next = insertBetween(withWait, 'pick', 'cases.0.next', 'wait')
    expect(next?.nodes.pick).toMatchObject({ cases: [{ label: 'gold', next: 'wait' }], default: 'done' })
    expect(next?.nodes.wait).toMatchObject({ next: 'done' })
  })

  it('is not inserted when it has no output to lead on by, or the output leads nowhere', () => {
    const withEnd = addNode(doc, 'end_2', defaultNode('end', undefined), [0, 0])
    expect(insertBetween(withEnd, 'pick', 'default', 'end_2')).toBeUndefined()
    const withWait = addNode(doc, 'wait', defaultNode('wait', undefined), [0, 0])
    expect(insertBetween(withWait, 'pick', 'cases.3.next', 'wait')).toBeUndefined()
  })
})

describe('the place of a node inserted into a connection', () => {
  it('is a column of its own between the ends, the target and the nodes right of it moved right', () => {
    const layout: StrategyDocument['layout'] = {
      pick: [0, 0],
      done: [300, 40],
      other: [320, 200],
      left: [-200, 0],
    }
    const placed = { ...doc, layout }
    const withWait = addNode(placed, 'wait', defaultNode('wait', undefined), [310, 30])
    const next = insertBetween(withWait, 'pick', 'default', 'wait')
    // 232 wide cards, 48 apart
    expect(next?.layout).toEqual({
      pick: [0, 0],
      wait: [280, 40],
      done: [560, 40],
      other: [580, 200],
      left: [-200, 0],
    })
  })

  it('is where it was dropped for a connection leading back left', () => {
    const layout: StrategyDocument['layout'] = { pick: [300, 0], done: [0, 40] }
    const placed = { ...doc, layout }
    const withWait = addNode(placed, 'wait', defaultNode('wait', undefined), [150, 200])
    expect(insertBetween(withWait, 'pick', 'default', 'wait')?.layout?.wait).toEqual([150, 200])
  })
})
