import { validateStrategy } from '@routewright/strategy-dsl'
import { describe, expect, it } from 'vitest'
import { makeDirectory, makeStrategy } from './rules-helpers.ts'

describe('validateStrategy', () => {
  it('accepts the sample strategy with and without a directory', () => {
    expect(validateStrategy(makeStrategy())).toEqual([])
    expect(validateStrategy(makeStrategy(), { directory: makeDirectory() })).toEqual([])
  })
})
