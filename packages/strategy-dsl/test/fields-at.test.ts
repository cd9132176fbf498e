// The keys a mapping may hold, from the schema that validates it: editors complete a half-typed key with them.
import { describe, expect, it } from 'vitest'
import { fieldsAt } from '../src/index.ts'

describe('fieldsAt', () => {
  it.each([
    [
      'a wait node',
      'strategy',
      ['nodes', 'ask'],
      { nodes: { ask: { type: 'wait' } } },
      ['type', 'title', 'notes', 'for', 'next'],
    ],
    ['a directory group', 'directory', ['groups', 'sales'], {}, ['title', 'site']],
    ['the nodes section (free names)', 'strategy', ['nodes'], {}, []],
  ] as const)('lists the fields of %s', (_, kind, path, value, fields) => {
    expect(fieldsAt(kind, path, value)).toEqual(fields)
  })

  it("lists every kind's fields for a node whose type is not written yet", () => {
    const fields = fieldsAt('strategy', ['nodes', 'ask'], { nodes: { ask: {} } })
    expect(fields).toEqual(expect.arrayContaining(['type', 'for', 'call', 'targets', 'outcome']))
  })
})
