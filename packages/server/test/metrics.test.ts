// The Prometheus registry's label keys: one series per label set whatever order the labels come in.
import { describe, expect, it } from 'vitest'
import { Counter, Histogram } from '../src/core/metrics.ts'

describe('metric label keys', () => {
  it('counts a label set given in any order as one series', () => {
    const c = new Counter()
    c.inc({ strategy: 's', node: 'n', outcome: 'routed' })
    c.inc({ outcome: 'routed', strategy: 's', node: 'n' })
    c.inc({ node: 'n', outcome: 'routed', strategy: 's' }, 2)
    c.inc({ node: 'n', outcome: 'abandoned', strategy: 's' })
    expect(c.get({ outcome: 'routed', node: 'n', strategy: 's' })).toBe(4)
    expect(c.get({ strategy: 's', outcome: 'abandoned', node: 'n' })).toBe(1)
    expect(c.lines('x')).toEqual([
      'x{strategy="s",node="n",outcome="routed"} 4',
      'x{node="n",outcome="abandoned",strategy="s"} 1',
    ])
  })

  it('keeps label sets apart that share names or values', () => {
    const c = new Counter()
    c.inc({ b: 'x', a: 'y' })
    c.inc({ a: 'x', b: 'y' })
    c.inc({ a: 'x,b=y' })
    c.inc()
    expect(c.get({ a: 'y', b: 'x' })).toBe(1)
    expect(c.get({ b: 'y', a: 'x' })).toBe(1)
    expect(c.get({ a: 'x,b=y' })).toBe(1)
    expect(c.get()).toBe(1)
    expect(c.lines('x')).toHaveLength(4)
  })

  it('observes a histogram series per label set in any order', () => {
    const h = new Histogram([1, 5])
    h.observe(0.5, { z: '1', y: '2', x: '3' })
    h.observe(3, { x: '3', y: '2', z: '1' })
    expect(h.lines('h').filter((l) => l.startsWith('h_count'))).toEqual(['h_count{z="1",y="2",x="3"} 2'])
  })
})
