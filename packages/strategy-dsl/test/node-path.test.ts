import { formatNodePath } from '@routewright/strategy-dsl'
import { describe, expect, it } from 'vitest'

describe('formatNodePath', () => {
  it.each([
    [[], '(none)'],
    [['queue', 'done'], 'queue → done'],
    [['a', 'a', 'b'], 'a → a → b'],
    [['menu', 'count', 'menu', 'count', 'menu', 'count', 'end'], '(menu → count) ×3 → end'],
    [['start', 'x', 'x', 'x', 'x', 'end'], 'start → x ×4 → end'],
  ])('writes %j as %s', (ids, text) => {
    expect(formatNodePath(ids)).toBe(text)
  })

  it('folds a run over the step limit into its start, the cycle once and its end', () => {
    const ids = ['hello', ...Array.from({ length: 333 }, () => ['count', 'check', 'hello']).flat(), 'count']
    expect(formatNodePath(ids)).toBe('(hello → count → check) ×333 → hello → count')
  })

  it('leaves the middle of a long path that does not repeat out, with how many', () => {
    const ids = Array.from({ length: 100 }, (_, i) => `n${i}`)
    const text = formatNodePath(ids)
    expect(text.startsWith('n0 → n1 → ')).toBe(true)
    expect(text).toContain('… 76 more …')
    expect(text.endsWith('n98 → n99')).toBe(true)
  })

  it('stays fast on a hostile path of 100,000 entries', () => {
    const ids = Array.from({ length: 100_000 }, (_, i) => (i % 7 === 0 ? 'a' : `n${i % 11}`))
    const started = performance.now()
    expect(formatNodePath(ids).length).toBeLessThan(2000)
    expect(performance.now() - started).toBeLessThan(5000)
  })
})
