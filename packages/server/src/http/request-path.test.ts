import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { pathOf } from './request-path.ts'

/** The URL parser's answer, or its error's code (it refuses `/\\`, a host-relative URL with no host). */
function viaUrl(target: string): string {
  try {
    return new URL(target, 'http://localhost').pathname
  } catch (error) {
    return (error as { code: string }).code
  }
}

function ours(target: string): string {
  try {
    return pathOf(target)
  } catch (error) {
    return (error as { code: string }).code
  }
}

describe('pathOf', () => {
  it.each([
    ['/v1/interactions', '/v1/interactions'],
    ['/v1/interactions?lastEventId=4', '/v1/interactions'],
    ['/v1/interactions/call.7/confirm', '/v1/interactions/call.7/confirm'],
    ['/v1/../healthz', '/healthz'],
    ['/v1/%2E%2e/healthz', '/healthz'],
    ['/v1/./events', '/v1/events'],
    ['/v1/a b', '/v1/a%20b'],
    ['/v1/"x"#frag', '/v1/%22x%22'],
    ['/v1/\\x', '/v1//x'],
    ['/\\', 'ERR_INVALID_URL'],
  ])('%s -> %s', (target, expected) => {
    expect(ours(target)).toBe(expected)
  })

  it('agrees with the URL parser on any target', () => {
    const segment = fc.string({
      unit: fc.oneof(
        fc.constantFrom(...'ab.%2eE/?#\\ "{}~:@é'.split('')),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
      ),
      maxLength: 12,
    })
    fc.assert(
      fc.property(segment, (rest) => {
        expect(ours(`/${rest}`)).toBe(viaUrl(`/${rest}`))
      }),
      { numRuns: 2000 },
    )
  })
})
