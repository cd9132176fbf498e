// serve --limits: RouterLimits over the defaults, checked before anything starts, applied at serve's door (the
// submit check) and in the routing process, one process or on Redis, and shown in the start log.
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { type RedisServer, startRedisServer } from '@routewright/node-support/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { directory, SERVE_READY, startRoutewright, strategy, workspace } from './helpers.ts'
import { routewrightInProcess } from './in-process.ts'

let redis: RedisServer
beforeAll(async () => {
  redis = await startRedisServer()
})
afterAll(async () => {
  await redis?.stop()
})

/** An id of 8 at most, and no interaction may wait: one that would wait fails. */
const LIMITS = '{"maxIdChars":8,"maxWaiting":0}'

function center(): string {
  return workspace({ 'center.directory.yaml': directory, 'support.strategy.yaml': strategy('support') })
}

async function submit(url: string, id: string) {
  const response = await fetch(`${url}/v1/interactions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id, strategy: 'support' }),
  })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

describe('routewright serve --limits', () => {
  it.each([
    ['one process', [] as string[]],
    ['on Redis', ['--redis-prefix', 'limits:']],
  ])('applies them at the door and in routing (%s), and logs them at start', async (_, extra) => {
    const folder = center()
    const args = ['serve', '--workspace', folder, '--port', '0', '--no-watch', '--limits', LIMITS, ...extra]
    if (extra.length > 0) args.push('--redis', redis.url)
    const { url, child, exited, stdout } = await startRoutewright(args, {
      ready: SERVE_READY,
    })
    try {
      const long = await submit(url, 'call-0001')
      expect(long.status).toBe(422)
      expect(long.body).toMatchObject({ code: 'over-limit', field: 'id', limit: 'maxIdChars' })
      expect(long.body.error).toContain("over the router's limit of 8")
      // the operator reading this raises it with a flag, not in code
      expect(long.body.error).toContain('routewright serve --limits')
      // no agent is ready: with maxWaiting 0 the routing process lets no call wait (by default it would queue)
      const waiting = await submit(url, 'call-1')
      expect(waiting.status).toBe(201)
      expect(waiting.body).toMatchObject({ state: 'failed', outcome: 'error' })
      expect(JSON.stringify(waiting.body)).toContain("the router's limit (maxWaiting)")
      const start = stdout()
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { msg: string; limits?: unknown })
        .find((line) => line.msg === 'routewright serve listening')
      expect(start?.limits).toEqual({ maxIdChars: 8, maxWaiting: 0 })
    } finally {
      child.kill('SIGTERM')
      expect(await exited).toBe(0)
    }
  })

  it('reads them from @file', async () => {
    const folder = center()
    writeFileSync(path.join(folder, 'limits.json'), LIMITS)
    const { url, child, exited } = await startRoutewright(
      ['serve', '--workspace', folder, '--port', '0', '--no-watch', '--limits', '@limits.json'],
      { ready: SERVE_READY, cwd: folder },
    )
    try {
      expect((await submit(url, 'call-0001')).status).toBe(422)
    } finally {
      child.kill('SIGTERM')
      expect(await exited).toBe(0)
    }
  })

  it('documents --limits and refuses bad ones before starting, saying what fits', async () => {
    const folder = center()
    const help = await routewrightInProcess(['serve', '--help'], folder)
    expect(help.stdout).toMatch(/--limits <json\|@file>\s+Router limits over the defaults/)
    // few cases (the router's own check is tested in the runtime); in this process: serve refuses before starting
    const cases: Array<[string, string[]]> = [
      [
        '{"maxDataChar":131072}',
        [
          '--limits: limits.maxDataChar is not a limit; the limits are maxSteps',
          'Did you mean "maxDataChars"?',
        ],
      ],
      ['{"maxIdChars":-1}', ['--limits: limits.maxIdChars must be a number >= 0 (got number -1)']],
      ['{maxIdChars:8}', ['--limits is not valid JSON']],
      ['@missing.json', ['--limits @missing.json:']],
    ]
    for (const [value, messages] of cases) {
      const run = await routewrightInProcess(
        ['serve', '--workspace', folder, '--port', '0', '--limits', value],
        folder,
      )
      expect({ value, code: run.code }).toEqual({ value, code: 2 })
      for (const message of messages) expect(run.stderr).toContain(message)
    }
  })

  it('prints the fix of a misspelt limit as the reports print fixes, between the error and the hint', async () => {
    const folder = center()
    const run = await routewrightInProcess(
      ['serve', '--workspace', folder, '--port', '0', '--limits', '{"maxWaitng":10}'],
      folder,
    )
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(
      /^error: --limits: limits\.maxWaitng is not a limit;.* Did you mean "maxWaiting"\?\nfix: Change "maxWaitng" to "maxWaiting"\nhint: /m,
    )
    // a wrong value is no misspelling: no fix line
    const negative = await routewrightInProcess(
      ['serve', '--workspace', folder, '--port', '0', '--limits', '{"maxIdChars":-1}'],
      folder,
    )
    expect(negative.stderr).not.toContain('fix:')
  })
})
