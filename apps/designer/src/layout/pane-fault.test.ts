import { describe, expect, it } from 'vitest'
import { describeFault, faultMessage, faultPlace, injectedFault } from './pane-fault.ts'

describe('pane fault description', () => {
  it.each([
    [new TypeError('x is undefined'), 'x is undefined'],
    ['plain text', 'plain text'],
    [null, 'a null value was thrown'],
    [42, 'a number value was thrown'],
  ])('reads the message of %o', (thrown, message) => {
    expect(faultMessage(thrown)).toBe(message)
  })

  it.each([
    [{}, ''],
    [{ file: 'a.strategy.yaml' }, 'in a.strategy.yaml'],
    [{ file: 'a.strategy.yaml', selection: ['vip'] }, 'in a.strategy.yaml, node vip'],
    [
      { file: 'a.strategy.yaml', selection: ['a', 'b', 'c', 'd', 'e'] },
      'in a.strategy.yaml, nodes a, b, c and 2 more',
    ],
  ])('says where for %o', (context, place) => {
    expect(faultPlace(context)).toBe(place)
  })

  it('keeps message and place together', () => {
    expect(describeFault(new Error('boom'), { file: 'f.yaml' })).toEqual({
      message: 'boom',
      where: 'in f.yaml',
    })
  })

  it('injects a fault only into the pane a test asked for', () => {
    const g = globalThis as { __rwRenderFault?: string }
    g.__rwRenderFault = 'inspector'
    try {
      expect(injectedFault('inspector')?.message).toContain('inspector')
      expect(injectedFault('canvas')).toBeUndefined()
    } finally {
      delete g.__rwRenderFault
    }
  })
})
