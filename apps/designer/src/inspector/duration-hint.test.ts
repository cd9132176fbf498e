import { describe, expect, it } from 'vitest'
import { explainDuration } from './duration-hint.ts'

describe('explainDuration', () => {
  it.each(['30s', '1m30s', '250ms', '2h', ' 45s ', ''])('accepts %j', (text) => {
    expect(explainDuration(text)).toBeUndefined()
  })

  it.each([
    ['60 sec', '"60 sec" is not a duration: write 60s (units ms, s, m, h, written right after the number).'],
    [
      '2 minutes',
      '"2 minutes" is not a duration: write 2m (units ms, s, m, h, written right after the number).',
    ],
    [
      '1 min 30 secs',
      '"1 min 30 secs" is not a duration: write 1m30s (units ms, s, m, h, written right after the number).',
    ],
    [
      '60',
      '"60" has no unit: write 60s for seconds or 60m for minutes (units ms, s, m, h, written right after the number).',
    ],
    ['soon', '"soon" is not a duration: write a number and a unit, e.g. 30s, 1m30s, 2h or 250ms.'],
  ])('explains %j', (text, message) => {
    expect(explainDuration(text)).toBe(message)
  })
})
