import { describe, expect, it } from 'vitest'
import {
  LOGOUT_RETRY_MS,
  logoutRetryMs,
  logoutRetryNotice,
  logoutWaitMs,
  retriesLogout,
} from './logout-retry.ts'

describe('a logout serve did not take', () => {
  it('is tried again after 1, 2, 4, 8 s, then every 15 s', () => {
    expect([1, 2, 3, 4, 5, 6, 40].map(logoutRetryMs)).toEqual([
      1000, 2000, 4000, 8000, 15_000, 15_000, 15_000,
    ])
    expect(logoutRetryMs(40)).toBe(LOGOUT_RETRY_MS.max)
  })

  it("waits the longer of serve's Retry-After (when the bridge passed one on) and the backoff", () => {
    expect(logoutWaitMs(1, 7000)).toBe(7000)
    expect(logoutWaitMs(3, undefined)).toBe(4000)
    // a Redis outage: serve says 1 s (its next reconnect attempt) each time, the backoff still grows to 15 s
    expect([1, 2, 3, 4, 5, 6].map((failures) => logoutWaitMs(failures, 1000))).toEqual([
      1000, 2000, 4000, 8000, 15_000, 15_000,
    ])
    expect(logoutWaitMs(5, 2000)).toBe(15_000)
  })

  it.each([
    [0, true],
    [502, true],
    [503, true],
    [409, false],
    [401, false],
  ])('status %i is tried again by itself: %s', (status, retried) => {
    expect(retriesLogout(status)).toBe(retried)
  })

  it("says the API's why and when the desktop tries again", () => {
    expect(
      logoutRetryNotice(
        'You are still logged in: routewright serve did not take the logout (serve is restarting). Try again',
        2000,
      ),
    ).toBe(
      'You are still logged in: routewright serve did not take the logout (serve is restarting). Trying again in 2 s: you stay logged in until it is taken.',
    )
  })
})
