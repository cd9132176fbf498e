// SPEC.md's node kinds table and the registry agree: a row per kind, and each kind's own fields named in its row,
// so a kind or a field added to the code without a word in the reference fails here.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { NODE_TYPES, nodeKinds } from '@routewright/strategy-dsl'
import { describe, expect, it } from 'vitest'

const spec = readFileSync(path.resolve(import.meta.dirname, '..', 'SPEC.md'), 'utf8')
const section = spec.slice(spec.indexOf('## Node kinds'), spec.indexOf('### Error outputs'))
// one row per kind: | `kind` | what it does | fields | outputs |
const rows = new Map(
  [...section.matchAll(/^\| `([a-z-]+)` +\|([^|]*)\|([^|]*)\|/gm)].map((m) => [
    m[1] as string,
    m[3] as string,
  ]),
)
/** Fields every node may carry, described once above the table. */
const COMMON = new Set(['type', 'title', 'notes'])

function ownFields(type: (typeof NODE_TYPES)[number]): string[] {
  const schema = nodeKinds[type].schema as unknown as { shape?: Record<string, unknown> }
  return Object.keys(schema.shape ?? {}).filter((key) => !COMMON.has(key))
}

describe('SPEC.md node kinds', () => {
  it('has a row for every node kind and none the code does not know', () => {
    expect([...rows.keys()].sort()).toEqual([...NODE_TYPES].sort())
  })

  it.each(NODE_TYPES)('names every field of %s in its row', (type) => {
    const fields = ownFields(type)
    expect(fields.length).toBeGreaterThan(0)
    const cell = rows.get(type) ?? ''
    expect(fields.filter((field) => !cell.includes(`\`${field}\``))).toEqual([])
  })
})
