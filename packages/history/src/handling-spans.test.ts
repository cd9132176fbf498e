// The spans an agent handles at least one interaction: the union of her handlings, whatever order the text gives.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { handlingSpans } from './handling-spans.ts'

const spans = (text: string) => [...handlingSpans(text)]

describe('handlingSpans', () => {
  it.each([
    ['one handling', '10,20', [10, 20]],
    ['two apart', '10,20,30,40', [10, 20, 30, 40]],
    ['overlapping', '10,30,20,40', [10, 40]],
    ['one inside another', '10,50,20,30,40,45', [10, 50]],
    ['back to back: no gap to count', '10,20,20,30', [10, 30]],
    ['out of order (a hash aggregate)', '30,40,10,20,15,32', [10, 40]],
    ['ends before it starts: no time', '10,20,50,40,60,60', [10, 20]],
    ['written with a sign or a fraction', '-5,2.5,2.5,7', [-5, 7]],
  ])('%s', (_name, text, expected) => {
    expect(spans(text)).toEqual(expected)
  })

  it('reads 13-digit times exactly', () => {
    expect(spans('1772409600000,1772409660001')).toEqual([1772409600000, 1772409660001])
  })

  it.each([
    ['an odd count', '10,20,30', /3 numbers, not pairs/],
    ['a word', '10,x', /"x" is no time/],
    ['an empty number', '10,,20,30', /"" is no time/],
  ])('refuses %s', (_name, text, message) => {
    expect(() => handlingSpans(text)).toThrow(message)
  })

  it('is the set of instants some handling covers, in time order, apart', () => {
    const handling = fc.tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: -5, max: 40 }))
    fc.assert(
      fc.property(fc.array(handling, { maxLength: 30 }), (list) => {
        const text = list.map(([s, length]) => `${s},${s + length}`).join(',')
        const out = spans(text)
        const covered = (t: number) => list.some(([s, length]) => s <= t && t < s + length)
        for (let t = -1; t <= 241; t++) {
          let inside = false
          for (let i = 0; i < out.length; i += 2)
            inside ||= (out[i] as number) <= t && t < (out[i + 1] as number)
          expect(inside).toBe(covered(t))
        }
        // apart: a gap between each span and the next
        for (let i = 2; i < out.length; i += 2) expect(out[i] as number).toBeGreaterThan(out[i - 1] as number)
      }),
    )
  })
})
