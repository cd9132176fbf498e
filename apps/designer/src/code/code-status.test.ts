import { checkTestText } from '@routewright/strategy-dsl'
import { describe, expect, it } from 'vitest'
import { codeStatusText } from './code-status.ts'

const TEST_FILE =
  'tests: vip\nformat: 1\nscenarios:\n  - name: a\n    interaction: { media: voice }\n    expect: { outcome: routed }\n'

describe('the code view status line', () => {
  it('says a valid test or directory file has no problems, never that the canvas shows an older version', () => {
    for (const file of ['vip.test.yaml', 'cc.directory.yaml']) {
      const status = codeStatusText({ file, inSync: false, text: TEST_FILE, diagnostics: [] })
      expect(status).toEqual({ broken: false, text: 'no problems' })
    }
  })

  it('says a test file with a YAML syntax error does not parse, without naming a canvas', () => {
    const text = `${TEST_FILE}  broken: [\n`
    const { diagnostics } = checkTestText(text, { file: 'vip.test.yaml' })
    const status = codeStatusText({ file: 'vip.test.yaml', inSync: false, text, diagnostics })
    expect(status.broken).toBe(true)
    expect(status.text).toMatch(/^Does not parse\. \d+ errors?$/)
    expect(status.text).not.toContain('canvas')
  })

  it('says a strategy that does not parse keeps the canvas at the last good version', () => {
    expect(
      codeStatusText({ file: 'vip.strategy.yaml', inSync: false, text: 'x: [', diagnostics: [] }),
    ).toEqual({
      broken: true,
      text: 'Does not parse: the canvas shows the last good version. no problems',
    })
    expect(
      codeStatusText({ file: 'vip.strategy.yaml', inSync: true, text: 'x', diagnostics: [] }).broken,
    ).toBe(false)
  })
})
