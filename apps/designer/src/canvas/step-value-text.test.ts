import { describe, expect, it } from 'vitest'
import { STEP_VALUE_MAX_CHARS, stepValueText } from './step-value-text.ts'

describe('stepValueText', () => {
  it('reads a reservation as words, not JSON', () => {
    expect(stepValueText({ agent: 'bob', target: 'skill:skills.billing >= 7', priority: 20 })).toBe(
      'agent bob, target skill:skills.billing >= 7, priority 20',
    )
  })

  it('keeps strings as they are and names the empty ones', () => {
    expect(stepValueText('gold')).toBe('gold')
    expect(stepValueText(3)).toBe('3')
    expect(stepValueText(true)).toBe('true')
    expect(stepValueText(null)).toBe('none')
    expect(stepValueText([])).toBe('[]')
    expect(stepValueText({})).toBe('{}')
  })

  it('brackets a nested list or record so its commas stay its own', () => {
    expect(stepValueText({ agents: ['ann', 'bob'], at: { site: 'ny' } })).toBe(
      'agents (ann, bob), at (site ny)',
    )
  })

  it('bounds a deep or long value', () => {
    let deep: unknown = 'x'
    for (let i = 0; i < 1000; i++) deep = { a: deep }
    expect(stepValueText(deep)).toBe('a (a (a (a …)))')
    const long = stepValueText({ text: 'y'.repeat(10_000) })
    expect(long).toHaveLength(STEP_VALUE_MAX_CHARS)
    expect(long.endsWith('…')).toBe(true)
    expect(stepValueText(Array.from({ length: 1_000_000 }, (_, i) => i))).toMatch(/^0, 1, .*, 49, …$/)
  })
})
