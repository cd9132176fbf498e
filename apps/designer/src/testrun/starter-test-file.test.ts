import { formatTestText, safeParseTestDocument } from '@routewright/strategy-dsl'
import { describe, expect, it } from 'vitest'
import { relativePath } from '../workspace/files.ts'
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

  it('names the directory, as `routewright test` in CI needs it to', () => {
    const parsed = safeParseTestDocument(
      starterTestText({ strategy: 'billing-overflow', start: 'hours' }, 'contact-center.directory.yaml'),
      { file: 'billing-overflow.test.yaml' },
    )
    expect(parsed.success && parsed.data.directory).toBe('contact-center.directory.yaml')
    const odd = safeParseTestDocument(
      starterTestText({ strategy: 'a', start: 'b' }, '../my env: #1.directory.yaml'),
      {
        file: 'a.test.yaml',
      },
    )
    expect(odd.success && odd.data.directory).toBe('../my env: #1.directory.yaml')
  })

  it('is canonical as written: fmt --check passes on it', () => {
    for (const text of [
      starterTestText({ strategy: 'billing-overflow', start: 'hours' }, 'contact-center.directory.yaml'),
      starterTestText({ strategy: 'yes', start: 'null' }),
    ])
      expect(formatTestText(text)).toBe(text)
  })
})

describe('relativePath', () => {
  it('writes a path relative to a folder, as a test file names its directory', () => {
    expect(relativePath('', 'contact-center.directory.yaml')).toBe('contact-center.directory.yaml')
    expect(relativePath('sales/', 'sales/cc.directory.yaml')).toBe('cc.directory.yaml')
    expect(relativePath('sales/eu/', 'shared/cc.directory.yaml')).toBe('../../shared/cc.directory.yaml')
    expect(relativePath('', 'shared/cc.directory.yaml')).toBe('shared/cc.directory.yaml')
    expect(relativePath('sales/', 'cc.directory.yaml')).toBe('../cc.directory.yaml')
  })
})
