// A process that does not route stops (SIGTERM) while no routing process answers it (one that hangs, or a lease
// changing hands): its last log line's open count is left out, not its stop, which once rejected and left the
// coordinator running (the CLI's `void server.close()` then died of an unhandled rejection).

import { eventually } from '@routewright/node-support/testing'
import { createRedisCoordinator } from '@routewright/server'
import { describe, expect, it } from 'vitest'
import { redisKeys } from '../src/core/redis-scripts.ts'
import { stoppedAfterEachTest } from './helpers.ts'
import { redisForFile } from './redis-for-file.ts'

const shared = redisForFile()
const started = stoppedAfterEachTest()

describe('stopping a process whose routing process does not answer', () => {
  it('stops, its open count said unknown', async () => {
    const keys = redisKeys('unanswered:')
    const t = await started.serve({
      coordinator: () =>
        createRedisCoordinator({
          url: shared.redis.url,
          prefix: 'unanswered:',
          takeoverMs: 1000,
          commandTimeoutMs: 300,
        }),
    })
    // a routing process that holds the lease and reads no command
    await shared.link.send(['SET', keys.leader, 'hung:1', 'PX', '60000'])
    await eventually(() => t.server.coordinator.primary?.() === false, 10_000)
    await t.server.close()
    const stopped = t.logs.find((line) => line.msg === 'routewright serve stopped')
    // why the count is unknown: unanswered, or refused by this process's own reader of the old epoch
    expect(stopped).toMatchObject({ openUnknown: expect.stringMatching(/No routing process/) })
    expect(t.server.coordinator.status?.()).toMatchObject({ ready: false, reason: 'shutting down' })
  })
})
