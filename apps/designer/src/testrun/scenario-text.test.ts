import { describe, expect, it } from 'vitest'
import { parseScenarioText, scenarioToText } from './scenario-text.ts'

describe('scenario text', () => {
  it('round-trips a scenario through its YAML', () => {
    const scenario = {
      name: 'gold caller',
      interaction: { media: 'voice', data: { customer_tier: 'gold' } },
      agents: { ann: 'ready' as const },
      expect: { outcome: 'routed' as const, agent: 'ann' },
    }
    expect(parseScenarioText(scenarioToText(scenario))).toEqual({ ok: true, scenario })
  })

  it('says where an edited scenario is wrong: line, column, path and what to write', () => {
    const result = parseScenarioText('name: x\nexpect: { outcome: sideways }\n')
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.errors[0]).toMatch(/^2:20 expect\.outcome: .*"sideways".* Use "routed"/)
  })

  it('names a misspelt field and suggests the one meant', () => {
    const result = parseScenarioText('name: x\nexpect: {}\nagnets: {}\n')
    expect(result).toEqual({
      ok: false,
      errors: [expect.stringMatching(/^3:1 agnets: Unknown field "agnets".*Did you mean "agents"\?/)],
    })
  })

  it("bounds hostile text with the DSL reader's budgets (an alias bomb is refused, not expanded)", () => {
    const bomb = ['name: x', 'expect: {}', 'a: &a [x, x, x, x, x, x, x, x, x]']
    for (const level of ['b', 'c', 'd', 'e', 'f', 'g', 'h']) {
      const previous = String.fromCharCode(level.charCodeAt(0) - 1)
      bomb.push(`${level}: &${level} [${Array(9).fill(`*${previous}`).join(', ')}]`)
    }
    const result = parseScenarioText(bomb.join('\n'))
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.errors[0]).toMatch(/alias/i)
  })

  it('tells an empty scenario how one starts', () => {
    expect(parseScenarioText('  \n')).toEqual({
      ok: false,
      errors: ['1:1 scenario: The file is empty. A scenario document starts with "name:".'],
    })
  })

  it('prints list positions the way diagnostics do', () => {
    const result = parseScenarioText('name: x\nexpect: { outcome: routed, path: [vip, 7] }\n')
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.errors[0]).toMatch(/^2:40 expect\.path\[1\]: /)
  })

  it('reports broken YAML', () => {
    const result = parseScenarioText('name: [unclosed\n')
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.errors[0]).toMatch(/^\d+:\d+ scenario: YAML syntax error: /)
  })
})
