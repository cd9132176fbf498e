// The formatter's one-walk read gives exactly the yaml package's toJS value, or leaves the file to the general
// path (repeated keys, aliases, null or collection keys).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseDocument, stringify } from 'yaml'
import { plainValue } from '../src/parse/plain-value.ts'

const scalar = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
)
const key = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.constantFrom('1', 'true', 'null', '~', '__proto__', '0x1F'),
)
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, scalar, tie('list'), tie('map')),
  list: fc.array(tie('node'), { maxLength: 4 }),
  map: fc.dictionary(key, tie('node'), { maxKeys: 4 }),
})).node

describe('plainValue', () => {
  it('equals toJS for any document it accepts', () => {
    let accepted = 0
    fc.assert(
      fc.property(value, fc.constantFrom('any', 'block', 'flow' as const), (input, collectionStyle) => {
        // plain keys as written, so `1:`, `true:` and `~:` read back as a number, a boolean and null
        const text = stringify(input, { collectionStyle, defaultKeyType: 'PLAIN' })
        const doc = parseDocument(text, { uniqueKeys: false })
        fc.pre(doc.errors.length === 0)
        const walked = plainValue(doc)
        if (walked === undefined) return
        accepted++
        expect(walked.value).toEqual(doc.toJS())
      }),
      { numRuns: 300 },
    )
    expect(accepted).toBeGreaterThan(150)
  })

  it('leaves repeated keys, aliases and null keys to the general path', () => {
    for (const text of ['a: 1\na: 2\n', 'a: &x 1\nb: *x\n', '~: 1\n', '[a, b]: 1\n', '__proto__: 1\n']) {
      expect(plainValue(parseDocument(text, { uniqueKeys: false }))).toBeUndefined()
    }
    expect(plainValue(parseDocument('1: x\ntrue: y\nz:\n'))).toEqual({
      value: { 1: 'x', true: 'y', z: null },
    })
  })
})
