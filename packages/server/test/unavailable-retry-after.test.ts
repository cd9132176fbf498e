// A command refused while routing changes hands (the routing process gone, another taking the lease) answers 503
// with a Retry-After of the takeover time, so a client (the SIP bridge, and the carrier after it) knows when to try
// again; one while Redis is away, of the coordinator's next reconnect (1 to 60 s); a coordinator that cannot date
// it says none.
import { CoordinatorUnavailable, createLocalCoordinator } from '@routewright/server'
import { describe, expect, it } from 'vitest'
import { retryAfterHeader, retryAfterMsOf, retryAfterSecondsOf } from '../src/http/retry-after.ts'
import { stoppedAfterEachTest } from './helpers.ts'

const started = stoppedAfterEachTest()

/** serve over a coordinator that refuses every submit with `error`, replaced within 4.5 s, back in `retryAfterMs`. */
function refusing(error: CoordinatorUnavailable, retryAfterMs?: number) {
  const local = createLocalCoordinator()
  return started.serve({
    coordinator: {
      ...local,
      takeoverMs: 4500,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs: () => retryAfterMs }),
      submit: async () => {
        throw error
      },
    },
  })
}

async function submitted(url: string) {
  const res = await fetch(`${url}/v1/interactions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: 'i1', strategy: 'support', media: 'voice' }),
  })
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.json() }
}

describe('serve refusing a command while routing is unavailable', () => {
  it('says Retry-After of the takeover time while routing changes hands', async () => {
    const t = await refusing(
      new CoordinatorUnavailable('No routing process holds the lease yet; retry shortly', { moving: true }),
    )
    expect(await submitted(t.server.url)).toMatchObject({
      status: 503,
      retryAfter: '5',
      body: { code: 'unavailable' },
    })
  })

  it('says none while Redis is away when the coordinator cannot say when it reconnects', async () => {
    const t = await refusing(new CoordinatorUnavailable('Redis at redis://x is unreachable; retry shortly'))
    expect(await submitted(t.server.url)).toMatchObject({ status: 503, retryAfter: null })
  })

  it('says the next reconnect while Redis is away, in whole seconds from 1 to 60', async () => {
    const away = () => new CoordinatorUnavailable('Redis at redis://x is unreachable; retry shortly')
    const answers: Array<string | null> = []
    for (const ms of [0, 1001, 600_000]) {
      const t = await refusing(away(), ms)
      answers.push((await submitted(t.server.url)).retryAfter)
    }
    expect(answers).toEqual(['1', '2', '60'])
  })
})

describe("a client reading serve's Retry-After", () => {
  it('reads whole seconds as said, for each caller to bound, and nothing from a date or junk', () => {
    expect(['0', ' 7 ', '3601', '9999999999'].map(retryAfterSecondsOf)).toEqual([0, 7, 3601, 9_999_999_999])
    const junk = [undefined, null, '', '1.5', '-1', '12345678901', 'Wed, 21 Oct 2026 07:28:00 GMT']
    expect(junk.map(retryAfterSecondsOf)).toEqual(junk.map(() => undefined))
  })

  it('waits out the longest takeover serve says (--takeover 999999 ms), not only a minute', () => {
    const longest = retryAfterHeader(999_999, Number.POSITIVE_INFINITY)['retry-after']
    expect(longest).toBe('1000')
    expect(retryAfterMsOf(longest)).toBe(1_000_000)
    expect(['0', '5', '86400', 'soon'].map(retryAfterMsOf)).toEqual([1000, 5000, 1_000_000, undefined])
  })
})
