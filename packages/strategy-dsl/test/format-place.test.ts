// formatPlace: the one `file:line:col` rule every report and message uses.
import { describe, expect, it } from 'vitest'
import { formatPlace, type Range } from '../src/index.ts'

const range: Range = {
  start: { line: 12, column: 7, offset: 200 },
  end: { line: 12, column: 10, offset: 203 },
}

describe('formatPlace', () => {
  it('places a range by its start, 1-based as the DSL counts', () => {
    expect(formatPlace('flows/vip.strategy.yaml', range)).toBe('flows/vip.strategy.yaml:12:7')
    expect(formatPlace('a.strategy.yaml', range.end)).toBe('a.strategy.yaml:12:10')
  })

  it('keeps spaces and colons in the file name as they are: the place is read from the right', () => {
    expect(formatPlace('my flows/c:\\x y.strategy.yaml', range)).toBe('my flows/c:\\x y.strategy.yaml:12:7')
  })

  it('says a line without a column, the file without a place, the place without a file', () => {
    expect(formatPlace('a.strategy.yaml', { line: 3 })).toBe('a.strategy.yaml:3')
    expect(formatPlace('a.strategy.yaml')).toBe('a.strategy.yaml')
    expect(formatPlace(undefined, range)).toBe('12:7')
    expect(formatPlace('', range)).toBe('12:7')
    expect(formatPlace(undefined)).toBe('')
  })
})
