import { parseStrategy } from '@routewright/strategy-dsl'
import { describe, expect, it } from 'vitest'
import { selectedConnection } from './selected-connection.ts'

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

describe('a selected connection', () => {
  it('is the node it leaves, the output by name and the node it goes to', () => {
    expect(selectedConnection(doc, { source: 'pick', key: 'cases.0.next' })).toEqual({
      source: 'pick',
      key: 'cases.0.next',
      output: 'gold',
      target: 'done',
    })
    expect(selectedConnection(doc, { source: 'pick', key: 'default' })?.output).toBe('default')
  })

  it('is none once its node or output is gone, or with nothing selected', () => {
    expect(selectedConnection(doc, { source: 'gone', key: 'default' })).toBeUndefined()
    expect(selectedConnection(doc, { source: 'pick', key: 'cases.5.next' })).toBeUndefined()
    expect(selectedConnection(doc, undefined)).toBeUndefined()
  })
})
