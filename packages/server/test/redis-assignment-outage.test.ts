// The assignment callback (`--assignment-url`) answering `accept` while Redis is unreachable: the routing process's
// confirm answers `unavailable`, which is logged and leaves the reservation unanswered; before, the rejected confirm
// was an unhandled rejection and ended the routing process (exit 1) for every interaction it held.
import { readFileSync } from 'node:fs'
import { startRedisServer } from '@routewright/node-support/testing'
import { describe, expect, it } from 'vitest'
import { makeWorkspace, startReceiver } from './helpers.ts'
import { call, startServeProcess } from './serve-process.ts'
import { startedInEachTest } from './started.ts'

const started = startedInEachTest()
/** The signing secret webhooks need, given to the serve process only. */
const SECRET = { ROUTEWRIGHT_WEBHOOK_SECRET: 'hook' }

describe('serve --redis --assignment-url while Redis is unreachable', { timeout: 60_000 }, () => {
  it('logs the accept it could not apply and keeps serving', async () => {
    started.redis = await startRedisServer()
    const redis = started.redis
    started.workspace = makeWorkspace()
    let answered!: () => void
    const instructed = new Promise<void>((resolve) => {
      answered = resolve
    })
    // the platform accepts the offer, but Redis goes away before its answer arrives
    const receiver = await startReceiver(async (_req, _body, res) => {
      await redis.stop()
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"instruction":"accept"}')
      answered()
    })
    try {
      const p = await startServeProcess(
        started.workspace.dir,
        ['--redis', redis.url, '--assignment-url', `${receiver.url}/assign`],
        [],
        SECRET,
      )
      started.processes.push(p)
      expect((await call(`${p.url}/v1/agents/ann/state`, 'PUT', { state: 'ready' })).status).toBe(200)
      expect((await call(`${p.url}/v1/interactions`, 'POST', { id: 'a1', strategy: 'support' })).status).toBe(
        201,
      )
      await instructed
      const warned = () =>
        readFileSync(p.log, 'utf8')
          .split('\n')
          .filter((line) => line.includes('assignment callback'))
      for (let i = 0; i < 400 && warned().length === 0 && p.child.exitCode === null; i++)
        await new Promise((resolve) => setTimeout(resolve, 50))
      expect(p.child.exitCode).toBeNull()
      expect(warned().map((line) => JSON.parse(line))).toEqual([
        expect.objectContaining({
          level: 'warn',
          msg: 'assignment callback: accept not applied',
          interaction: 'a1',
          // unreachable, or no answer in time if the commit was sent before the link noticed
          error: expect.any(String),
        }),
      ])
      // the process still answers: a read now, a write 503 until Redis is back
      expect((await call(`${p.url}/healthz`, 'GET')).status).toBe(200)
      expect(await call(`${p.url}/v1/interactions/a1/confirm`, 'POST', {})).toMatchObject({ status: 503 })
      expect(p.child.exitCode).toBeNull()
    } finally {
      await receiver.close()
    }
  })
})
