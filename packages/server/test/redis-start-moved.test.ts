// A serve process starting while the routing lease moves: its forwarded deploy fails with "Routing moved ... retry"
// and it sends the deploy again (logged with the reason) instead of exiting; it gives up only after its limit, saying
// what to check. The test plays the routing process on a real redis-server: it holds the lease and never routes, and
// moves the lease exactly when a deploy arrives on the commands list.
import { readFileSync } from 'node:fs'
import { startRedisServer } from '@routewright/node-support/testing'
import { createRedisCoordinator, startServer } from '@routewright/server'
import { describe, expect, it } from 'vitest'
import type { ForwardedCommand } from '../src/core/redis-forward.ts'
import { connectRedis, type RedisLink } from '../src/core/redis-link.ts'
import { type RedisKeys, redisKeys } from '../src/core/redis-scripts.ts'
import { makeWorkspace } from './helpers.ts'
import { send } from './redis-serve-steps.ts'
import { startServeProcess } from './serve-process.ts'
import { startedInEachTest } from './started.ts'

const started = startedInEachTest()

/**
 * A routing process that is only a lease in Redis (holder `fake-1`, epoch 5): it answers `versions` with none and
 * hands each forwarded deploy to `onDeploy` (its count from 1), unanswered; it stops reading once that says so.
 */
async function fakeRouting(
  link: RedisLink,
  keys: RedisKeys,
  onDeploy: (n: number) => Promise<'stop' | 'go on'>,
): Promise<{ stop(): Promise<void> }> {
  await link.send(['SET', keys.epoch, '5'])
  await link.send(['SET', keys.leader, 'fake-1', 'PX', '60000'])
  let stopped = false
  let deploys = 0
  const reading = (async () => {
    while (!stopped) {
      const text = (await link.send(['LPOP', keys.commands])) as string | null
      if (!text) {
        await new Promise((resolve) => setTimeout(resolve, 5))
        continue
      }
      const command = JSON.parse(text) as ForwardedCommand
      if (command.op === 'versions')
        await link.send([
          'PUBLISH',
          keys.reply(command.from),
          JSON.stringify([{ id: command.id, value: [] }]),
        ])
      else if (command.op === 'deploy' && (await onDeploy(++deploys)) === 'stop') stopped = true
    }
  })()
  return {
    async stop() {
      stopped = true
      await reading
    },
  }
}

/** Another process takes the lease: the epoch moves on under a new holder. */
async function moveLease(link: RedisLink, keys: RedisKeys, holder: string): Promise<void> {
  await link.send(['INCR', keys.epoch])
  await link.send(['SET', keys.leader, holder, 'PX', '60000'])
}

describe('serve --redis while the routing lease moves during its start', { timeout: 60_000 }, () => {
  it('retries its deploy, logging why, then comes up and routes', async () => {
    started.redis = await startRedisServer()
    started.workspace = makeWorkspace()
    const link = await connectRedis(started.redis.url, () => {})
    const keys = redisKeys('routewright:')
    const fake = await fakeRouting(link, keys, async (n) => {
      // the first deploy: another process takes over; the second: the lease is let go, so the starting one takes it
      if (n === 1) {
        await moveLease(link, keys, 'fake-2')
        return 'go on'
      }
      await link.send(['DEL', keys.leader])
      return 'stop'
    })
    try {
      const p = await startServeProcess(started.workspace.dir, [
        '--redis',
        started.redis.url,
        '--takeover',
        '1000',
      ])
      started.processes.push(p)
      const lines = readFileSync(p.log, 'utf8')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as { msg: string; reason?: string; attempt?: number })
      const retries = lines.filter(
        (line) => line.msg === 'deploy at start refused while routing changes hands; retrying',
      )
      expect(retries.map(({ attempt, reason }) => ({ attempt, reason }))).toEqual([
        { attempt: 1, reason: 'Routing moved to another process; retry' },
        { attempt: 2, reason: 'Routing moved to this process; retry' },
      ])
      expect(lines.some((line) => line.msg === 'this process routes now')).toBe(true)
      // it routes: the agent made ready is reserved for the submitted interaction
      expect((await send(`${p.url}/v1/agents/ann/state`, 'PUT', { state: 'ready' })).status).toBe(200)
      const submitted = await send(`${p.url}/v1/interactions`, 'POST', { id: 'c1', strategy: 'support' })
      expect(submitted).toMatchObject({ status: 201, body: { state: 'reserved', agent: 'ann' } })
    } finally {
      await fake.stop()
      await link.close()
    }
  })

  it('gives up after its limit while routing keeps moving, saying what to check', async () => {
    started.redis = await startRedisServer()
    started.workspace = makeWorkspace()
    const link = await connectRedis(started.redis.url, () => {})
    const keys = redisKeys('moving:')
    const fake = await fakeRouting(link, keys, async (n) => {
      await moveLease(link, keys, `fake-${n + 1}`)
      return 'go on'
    })
    const coordinator = await createRedisCoordinator({
      url: started.redis.url,
      prefix: 'moving:',
      takeoverMs: 1000,
    })
    const logs: Array<{ msg: string; reason: unknown }> = []
    try {
      const start = startServer({
        workspace: started.workspace.dir,
        port: 0,
        coordinator,
        watch: false,
        startRetryMs: 1000,
        log: (_level, msg, fields) => logs.push({ msg, reason: fields?.reason }),
      })
      await expect(start).rejects.toThrow(
        /^Cannot deploy the workspace: routing kept changing hands for \d+ s while this process started \(attempts: \d+; last: Routing moved to another process; retry\)\. Check that the other serve processes on this Redis run and reach it/,
      )
      const retried = logs.filter(
        (l) => l.msg === 'deploy at start refused while routing changes hands; retrying',
      )
      // how many retries fit in the limit depends on the machine's load: each one logged says why
      for (const { reason } of retried) expect(reason).toBe('Routing moved to another process; retry')
    } finally {
      await fake.stop()
      await coordinator.stop()
      await link.close()
    }
  })
})
