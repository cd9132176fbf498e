// The exact-size append used for every interaction's short lists: same contents and order as push, at any length.
import { describe, expect, it } from 'vitest'
import { append } from '../src/util/small-array.ts'

describe('append', () => {
  it('gives the same list as push, new while short and the same array once long', () => {
    let list: number[] = []
    const pushed: number[] = []
    for (let i = 0; i < 20; i++) {
      const before = list
      list = append(list, i)
      pushed.push(i)
      expect(list).toEqual(pushed)
      // short lists are copied (the caller assigns the result), long ones grow in place
      if (i < 6) expect(list).not.toBe(before)
      else expect(list).toBe(before)
    }
  })

  it('leaves a short input untouched, so a shared or frozen list may be appended to', () => {
    const shared = Object.freeze([1, 2, 3]) as number[]
    expect(append(shared, 4)).toEqual([1, 2, 3, 4])
    expect(shared).toEqual([1, 2, 3])
  })
})
