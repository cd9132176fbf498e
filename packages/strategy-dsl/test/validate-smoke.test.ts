import { validateStrategy } from '@routewright/strategy-dsl'
import { describe, expect, it } from 'vitest'
import { makeDirectory, makeStrategy } from './rules-helpers.ts'

describe('validateStrategy', () => {
  it('accepts the sample strategy with and without a directory', () => {
    expect(validateStrategy(makeStrategy())).toEqual([])
    expect(validateStrategy(makeStrategy(), { directory: makeDirectory() })).toEqual([])
  })
})

describe('locating diagnostics', () => {
  it('falls back to the range of the expression when a position inside it is unknown', () => {
    const doc = makeStrategy({
      nodes: {
        ...makeStrategy().nodes,
        classify: { type: 'switch', cases: [{ when: 'atempts > 1', next: 'vip' }], default: 'vip' },
      },
    })
    const range = { start: { line: 9, column: 15, offset: 120 }, end: { line: 9, column: 26, offset: 131 } }
    const [found] = validateStrategy(doc, {
      locator: { rangeOf: () => range, keyRangeOf: () => undefined, positionInString: () => undefined },
    }).filter((d) => d.code === 'RW202')
    expect(found?.range).toEqual(range)
  })
})
