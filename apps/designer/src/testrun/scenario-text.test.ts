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

  it('says where an edited scenario is wrong', () => {
    const result = parseScenarioText('name: x\nexpect: { outcome: sideways }\n')
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.errors[0]).toMatch(/^expect\.outcome: /)
  })

  it('prints list positions the way diagnostics do', () => {
    const result = parseScenarioText('name: x\nexpect: { outcome: routed, path: [vip, 7] }\n')
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.errors[0]).toMatch(/^expect\.path\[1\]: /)
  })

  it('reports broken YAML', () => {
    const result = parseScenarioText('name: [unclosed\n')
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.errors[0]).toMatch(/^YAML: /)
  })
})
