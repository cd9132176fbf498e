import { closest, didYouMeanOrList, editDistance } from '@routewright/strategy-dsl'
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

  it.each([
    ['suport', ['support', 'sales'], ' Did you mean "support"?'],
    ['billing', ['support', 'sales'], ' Its queues: sales, support.'],
    ['billing', [], ' It has no queues.'],
    [
      'zz',
      Array.from({ length: 10 }, (_, i) => `q${i}`),
      ' Its queues: q0, q1, q2, q3, q4, q5, q6, q7 and 2 more.',
    ],
  ])('didYouMeanOrList(%s) names what to write instead', (name, candidates, expected) => {
    expect(didYouMeanOrList(name, candidates, 'queues')).toBe(expected)
  })
})
