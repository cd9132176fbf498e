import { describe, expect, it } from 'vitest'
import { fieldsOf } from './schema-fields.ts'

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
