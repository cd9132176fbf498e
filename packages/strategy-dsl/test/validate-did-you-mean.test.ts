import { closest, editDistance } from '@routewright/strategy-dsl'
import { describe, expect, it } from 'vitest'

describe('did you mean', () => {
  it.each([
    ['overflw', 'overflow', 1],
    ['teir', 'tier', 1],
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
    ['same', 'same', 0],
  ])('editDistance(%s, %s) = %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d)
    expect(editDistance(b, a)).toBe(d)
  })

  it('gives up past the limit', () => {
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3)
  })

  it.each([
    ['clasify', ['classify', 'vip', 'done'], 'classify'],
    ['DONE', ['classify', 'done'], 'done'],
    ['foo', ['bool', 'size'], undefined],
    ['x', ['y'], 'y'],
    ['queue_sales', ['vip_team'], undefined],
  ])('closest(%s) is %s', (name, candidates, expected) => {
    expect(closest(name, candidates)).toBe(expected)
  })
})
