// The Prometheus registry's label keys (one series per label set whatever order the labels come in), and the JSON logger's levels.
import { describe, expect, it } from 'vitest'
import { Counter, Histogram } from '../src/core/metrics.ts'
import { createJsonLogger } from '../src/log.ts'

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

  it('counts through a bound increment into the same series as inc, shown only once counted', () => {
    const c = new Counter()
    const bound = c.bound({ route: 'submitInteraction', status: '201' })
    expect(c.lines('x')).toEqual([])
    bound()
    c.inc({ status: '201', route: 'submitInteraction' })
    bound()
    expect(c.get({ route: 'submitInteraction', status: '201' })).toBe(3)
    expect(c.lines('x')).toEqual(['x{route="submitInteraction",status="201"} 3'])
  })

  it('counts by label values through by(), one series per value pair, the same as inc', () => {
    const c = new Counter()
    const count = c.by('strategy', 'version')
    count('support', 'v1')
    count('support', 'v2')
    count('support', 'v1')
    c.inc({ version: 'v1', strategy: 'support' })
    const byType = new Counter()
    byType.by('type')('routed')
    expect(c.lines('x')).toEqual([
      'x{strategy="support",version="v1"} 3',
      'x{strategy="support",version="v2"} 1',
    ])
    expect(byType.lines('e')).toEqual(['e{type="routed"} 1'])
  })

  it('observes a histogram series per label set in any order', () => {
    const h = new Histogram([1, 5])
    h.observe(0.5, { z: '1', y: '2', x: '3' })
    h.observe(3, { x: '3', y: '2', z: '1' })
    expect(h.lines('h').filter((l) => l.startsWith('h_count'))).toEqual(['h_count{z="1",y="2",x="3"} 2'])
  })
})

describe('the JSON logger', () => {
  it('tells which levels it writes, so callers skip building the fields of the others', () => {
    const lines: string[] = []
    const log = createJsonLogger((line) => lines.push(line), { level: 'warn', now: () => 0 })
    expect((['debug', 'info', 'warn', 'error'] as const).map((level) => log.enabled?.(level))).toEqual([
      false,
      false,
      true,
      true,
    ])
    log('info', 'hidden')
    log('warn', 'shown', { n: 1 })
    expect(lines).toEqual(['{"time":"1970-01-01T00:00:00.000Z","level":"warn","msg":"shown","n":1}\n'])
  })
})
