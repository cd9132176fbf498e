// serve --redis takes the cluster's routing lease only once its workspace validated: a process that will not serve
// (a broken strategy, a bad alarms file) never becomes the router of the others, not even for the start.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { type RedisServer, startRedisServer } from '@routewright/node-support/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { directory, routewright, SERVE_READY, startRoutewright, strategy, workspace } from './helpers.ts'

let redis: RedisServer
beforeAll(async () => {
  redis = await startRedisServer()
})
afterAll(async () => {
  await redis?.stop()
})

/** The keys of the routing lease and its epoch that exist under `prefix`. */
async function leaseKeys(prefix: string): Promise<number> {
  const { stdout } = await promisify(execFile)('redis-cli', [
    '-p',
    String(redis.port),
    'EXISTS',
    `${prefix}leader`,
    `${prefix}epoch`,
  ])
  return Number(stdout.trim())
}

/** `serve` of `folder` on a port the system picks, not watching, on the test's Redis under `prefix`. */
function serveOnRedis(folder: string, prefix: string): string[] {
  return [
    'serve',
    '--workspace',
    folder,
    '--port',
    '0',
    '--no-watch',
    '--redis',
    redis.url,
    '--redis-prefix',
    prefix,
  ]
}

describe('routewright serve --redis with a workspace that does not validate', () => {
  it('exits with the diagnostics and never took the routing lease', async () => {
    const broken = workspace({
      'center.directory.yaml': directory,
      'support.strategy.yaml': strategy('support').replace('wait: 30s', 'wait: soon'),
    })
    const run = await routewright(serveOnRedis(broken, 'broken:'), broken)
    expect(run.stderr).toContain('the workspace does not validate')
    expect(run.code).toBe(1)
    expect(await leaseKeys('broken:')).toBe(0)
  })

  it('a valid workspace on the same Redis takes it (the check above can see a lease)', async () => {
    const good = workspace({
      'center.directory.yaml': directory,
      'support.strategy.yaml': strategy('support'),
    })
    const { child, exited } = await startRoutewright(serveOnRedis(good, 'good:'), { ready: SERVE_READY })
    try {
      expect(await leaseKeys('good:')).toBe(2)
    } finally {
      child.kill('SIGTERM')
      expect(await exited).toBe(0)
    }
  })
})
