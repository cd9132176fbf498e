// The one order of ids across reports, the wallboard and the layout: code units, never the locale's.

import { codeUnitOrder } from '@routewright/strategy-dsl'
import { describe, expect, it } from 'vitest'

describe('codeUnitOrder', () => {
  it('sorts as sort() without a comparator does: capitals before small letters, accents after z', () => {
    const ids = ['b', 'é', 'a', 'B', 'z', '10', '9', 'a']
    expect([...ids].sort(codeUnitOrder)).toEqual([...ids].sort())
    expect([...ids].sort(codeUnitOrder)).toEqual(['10', '9', 'B', 'a', 'a', 'b', 'z', 'é'])
  })

  it('is 0 for the same string only', () => {
    expect(codeUnitOrder('ann', 'ann')).toBe(0)
    expect(codeUnitOrder('ann', 'anne')).toBeLessThan(0)
    expect(codeUnitOrder('anne', 'ann')).toBeGreaterThan(0)
  })
})
