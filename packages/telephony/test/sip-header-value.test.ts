import { describe, expect, it } from 'vitest'
import { attachedStrings, headerValue } from '../src/sip-messages.ts'

describe('a SIP header value', () => {
  it('holds no control character, C1 included (NEL ends a line for some parsers)', () => {
    expect(headerValue('gold\r\nX-Evil: 1')).toBe('gold  X-Evil: 1')
    expect(headerValue('gold\u0085X-Evil: 1\u009b')).toBe('gold X-Evil: 1 ')
    expect(attachedStrings({ tier: 'a\u0000b', n: 3 })).toEqual({ tier: 'a b', n: '3' })
  })

  it('is cut at 256 characters after replacing', () => {
    expect(headerValue(`\u0085${'x'.repeat(300)}`)).toBe(` ${'x'.repeat(255)}`)
  })
})
