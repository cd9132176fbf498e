// Shared by the hot-reload tests: a first version that greets before it waits, and each test run on one `serve` and
// on `serve` with Redis (a redis-server of the file's own, a key prefix per test).
import { type RedisServer, startRedisServer } from '@routewright/node-support/testing'
import { createRedisCoordinator, type RedisCoordinatorOptions, type ServeOptions } from '@routewright/server'
import type { SimulatedClock } from '@routewright/strategy-runtime'
import { afterAll, beforeAll } from 'vitest'

/** The first version greets the caller (the host reports the announcement done) before waiting for support. */
export const GREETING_FIRST = `strategy: support
format: 1
inputs:
  tier: { type: string, default: "" }
start: greet
nodes:
  greet:
    type: treatment
    play: prompts/welcome
    next: { done: pick }
  pick:
    type: target
    targets: [{ group: support }]
    wait: 10m
    next: { timeout: voicemail, error: voicemail }
  voicemail: { type: route, destination: voicemail }
`

/** What a test adds to `serve`'s options for one setup, on the test's simulated clock. */
export type Setup = (clock: SimulatedClock) => Promise<Partial<ServeOptions>>

/**
 * The two setups a reload test runs on, for `describe.each`; starts the file's redis-server (call at top level).
 * `limits` go to the Redis coordinator, which owns reservations there.
 */
export function aloneAndWithRedis(
  prefix: string,
  limits?: RedisCoordinatorOptions['limits'],
): Array<[string, Setup]> {
  let redis: RedisServer | undefined
  let prefixes = 0
  beforeAll(async () => {
    redis = await startRedisServer()
  })
  afterAll(async () => {
    await redis?.stop()
  })
  return [
    ['one serve', async () => ({})],
    [
      'serve --redis',
      async (clock) => ({
        coordinator: await createRedisCoordinator({
          url: (redis as RedisServer).url,
          prefix: `${prefix}${++prefixes}:`,
          clock,
          ...(limits ? { limits } : {}),
        }),
      }),
    ],
  ]
}
