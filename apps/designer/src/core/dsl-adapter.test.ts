import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createDslAdapter } from './dsl-adapter.ts'

const examples = new URL('../../../../examples/', import.meta.url)
const read = (name: string) => readFileSync(new URL(name, examples), 'utf8')

describe('the designer checks each file with the checker of its kind', () => {
  it('a directory file is clean, and never offered to the canvas', () => {
    const result = createDslAdapter().check(read('contact-center.directory.yaml'), {
      file: 'contact-center.directory.yaml',
    })
    expect(result.diagnostics).toEqual([])
    expect(result.document).toBeUndefined()
  })

  it('a test file is clean, and a broken one reports its own codes', () => {
    const adapter = createDslAdapter()
    expect(
      adapter.check(read('vip-routing.test.yaml'), { file: 'vip-routing.test.yaml' }).diagnostics,
    ).toEqual([])
    const broken = adapter.check('tests: vip-routing\nformat: 1\nscenarios: []\n', { file: 'x.test.yaml' })
    expect(broken.diagnostics.map((d) => d.code)).not.toContain('RW401')
    expect(broken.diagnostics.length).toBeGreaterThan(0)
  })

  it('a strategy still parses into a document for the canvas', () => {
    const result = createDslAdapter().check(read('vip-routing.strategy.yaml'), {
      file: 'vip-routing.strategy.yaml',
    })
    expect(result.document?.strategy).toBe('vip-routing')
  })
})
