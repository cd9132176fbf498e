// The caller's final answer to a submit serve did not take: an outage's 503 says how long to keep off this site
// (Retry-After only when the operator set the bridge's: hers, or serve's own when longer, within bounds), the other
// answers never do.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { checkRetryAfterSeconds } from '../src/retry-after.ts'
import { createRouterClient } from '../src/router-client.ts'
import { submitRefusal } from '../src/submit-refusal.ts'

const unavailable = { error: 'Redis at redis://10.1.2.4:6379 did not answer', code: 'unavailable' }

/** The header lines of an answer (each ended CRLF), without the empty one after the last. */
const lines = (answer: ReturnType<typeof submitRefusal>) =>
  'headers' in answer ? String(answer.headers).split('\r\n').slice(0, -1) : []

describe('submitRefusal', () => {
  it("says the bridge's Retry-After on an outage's 503, after the Warning and Reason", () => {
    const answer = submitRefusal({ status: 503, body: unavailable }, 'inbound-call', 30)
    expect(answer).toMatchObject({ code: 503, reason: 'Router unavailable' })
    expect(lines(answer)).toEqual([
      'Warning: 399 routewright "routewright serve unavailable (unavailable): the call was not routed"',
      'Reason: SIP;cause=503;text="routewright serve unavailable (unavailable)"',
      'Retry-After: 30',
    ])
  })

  it("says the longer of the bridge's and serve's own retry-after, put within 1 to 3600 s", () => {
    const retry = (serve: string, bridge?: number) =>
      lines(submitRefusal({ status: 503, body: unavailable, retryAfter: serve }, 's', bridge))[2]
    expect(retry('45', 30)).toBe('Retry-After: 45')
    expect(retry(' 12 ', 5)).toBe('Retry-After: 12')
    // serve's shorter one (a Redis reconnect in 1 s) does not cut the operator's fail-over time
    expect(retry('1', 30)).toBe('Retry-After: 30')
    expect(retry('0', 30)).toBe('Retry-After: 30')
    expect(retry('86400', 30)).toBe('Retry-After: 3600')
    // a date or junk (a header line of its own, say) is not read: the bridge's
    expect(retry('Wed, 21 Oct 2026 07:28:00 GMT', 30)).toBe('Retry-After: 30')
    expect(retry('5\r\nX-Evil: 1', 30)).toBe('Retry-After: 30')
  })

  it('says no Retry-After when the operator set none, whatever serve says (only she knows of a second site)', () => {
    const retry = (serve: string) =>
      lines(submitRefusal({ status: 503, body: unavailable, retryAfter: serve }, 's', undefined))[2]
    expect(retry('12')).toBeUndefined()
    expect(retry('1')).toBeUndefined()
    expect(retry('-5')).toBeUndefined()
  })

  it("takes serve's retry-after from its HTTP answer (the router client gives it on)", async () => {
    const server = createServer((_req, res) => {
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '9' })
      res.end(JSON.stringify(unavailable))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const router = createRouterClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)
      const answer = await router.call('POST', '/v1/interactions', {})
      expect(answer).toMatchObject({ status: 503, retryAfter: '9' })
      expect(lines(submitRefusal(answer, 's', 5))[2]).toBe('Retry-After: 9')
    } finally {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  })

  it('says none without one, as before, and none on a 400 or 480 (sent again, refused again)', () => {
    expect(lines(submitRefusal({ status: 503, body: unavailable }, 's'))).toHaveLength(2)
    const refused = { status: 422, body: { code: 'over-limit', error: 'too long' }, retryAfter: '5' }
    expect(lines(submitRefusal(refused, 's', 30))).toHaveLength(2)
    const gone = { status: 422, body: { code: 'unknown-strategy' }, retryAfter: '5' }
    expect(lines(submitRefusal(gone, 's', 30))).toHaveLength(2)
  })

  it.each([0, 3601, 2.5, Number.NaN])('refuses a retryAfterSeconds of %s, naming it and its bounds', (s) => {
    expect(() => checkRetryAfterSeconds(s)).toThrow(
      `retryAfterSeconds must be a whole number of seconds from 1 to 3600 (got ${s})`,
    )
  })
})
