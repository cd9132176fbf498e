import type { StrategyNode } from '@routewright/strategy-dsl'
import { describe, expect, it } from 'vitest'
import { fieldsOf, settingsOf } from './schema-fields.ts'

describe('inspector fields from the zod schema', () => {
  it('gives a wait node a duration field', () => {
    expect(fieldsOf('wait')).toEqual([{ key: 'for', editor: { kind: 'duration' }, optional: false }])
  })

  it('offers the end outcomes as options', () => {
    const outcome = fieldsOf('end').find((f) => f.key === 'outcome')
    expect(outcome?.editor).toEqual({
      kind: 'enum',
      options: ['default-route', 'abandon', 'reject', 'return'],
    })
  })

  it('reads integer bounds of a number field', () => {
    const raise = fieldsOf('queue-priority').find((f) => f.key === 'raise')
    expect(raise?.editor).toMatchObject({ kind: 'number', min: -1_000_000, max: 1_000_000 })
  })
})

describe('the settings a node shows', () => {
  it('leaves the outputs at the top of a node to the Outputs section', () => {
    const keys = (node: StrategyNode) => settingsOf(node).map((f) => f.key)
    expect(keys({ type: 'switch', cases: [{ when: 'true', next: 'a' }], default: 'a', error: 'b' })).toEqual([
      'cases',
    ])
    expect(keys({ type: 'queue-priority', raise: 5, next: 'a', error: 'b' })).not.toContain('error')
    expect(keys({ type: 'assign', set: { x: '1' }, next: 'a' })).not.toContain('error')
  })
})
