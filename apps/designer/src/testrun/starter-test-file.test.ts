import { safeParseTestDocument } from '@routewright/strategy-dsl'
import { describe, expect, it } from 'vitest'
import { starterTestText } from './starter-test-file.ts'

describe('starterTestText', () => {
  it('is a valid test file for the strategy, checking its start node', () => {
    const parsed = safeParseTestDocument(starterTestText({ strategy: 'vip', start: 'hours' }), {
      file: 'vip.test.yaml',
    })
    expect(parsed.success).toBe(true)
    if (!parsed.success) return
    expect(parsed.data.tests).toBe('vip')
    expect(parsed.data.scenarios[0]?.expect.path).toEqual(['hours'])
  })

  it('keeps ids YAML would read as other types as strings', () => {
    const parsed = safeParseTestDocument(starterTestText({ strategy: 'yes', start: 'null' }), {
      file: 'yes.test.yaml',
    })
    expect(parsed.success && parsed.data.tests).toBe('yes')
    expect(parsed.success && parsed.data.scenarios[0]?.expect.path).toEqual(['null'])
  })
})
