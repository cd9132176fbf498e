// `routewright serve` stopped by SIGTERM while its webhook receiver never answers: the webhooks get their grace
// (5 s), then what is left is dropped and logged and the process exits 0. Before, each queued delivery was still
// sent and retried after the stop (each request cut only by its own 5 s time-out), so the process lived on for
// minutes after SIGTERM.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { makeWorkspace, startReceiver } from './helpers.ts'
import { call, startServeProcess } from './serve-process.ts'
import { startedInEachTest } from './started.ts'

const started = startedInEachTest()
/** The signing secret webhooks need, given to the serve process only. */
const SECRET = { ROUTEWRIGHT_WEBHOOK_SECRET: 'hook' }

describe('serve SIGTERM with a webhook receiver that never answers', { timeout: 90_000 }, () => {
  it('exits 0 after the webhooks grace, logging the deliveries left', async () => {
    started.workspace = makeWorkspace()
    // takes every request and answers none
    const receiver = await startReceiver(() => {})
    try {
      const p = await startServeProcess(
        started.workspace.dir,
        ['--webhook-url', `${receiver.url}/events`],
        [],
        SECRET,
      )
      started.processes.push(p)
      // more deliveries than the 4 sent at once: some wait in the queue
      for (const id of ['w1', 'w2', 'w3', 'w4', 'w5'])
        expect((await call(`${p.url}/v1/interactions`, 'POST', { id, strategy: 'support' })).status).toBe(201)
      const exited = new Promise<number | null>((resolve) => p.child.once('exit', (code) => resolve(code)))
      const stopped = performance.now()
      p.child.kill('SIGTERM')
      const code = await Promise.race([
        exited,
        new Promise<'running'>((resolve) => setTimeout(() => resolve('running'), 40_000)),
      ])
      expect(code).toBe(0)
      // the grace (5 s) and the stop itself (about 8 s in all on a loaded machine), not the deliveries' retries
      // (about two minutes before)
      expect(performance.now() - stopped).toBeLessThan(30_000)
      const left = readFileSync(p.log, 'utf8')
        .split('\n')
        .filter((line) => line.includes('webhook deliveries not sent before the stop'))
        .map((line) => JSON.parse(line))
      expect(left).toEqual([expect.objectContaining({ level: 'warn', deliveries: expect.any(Number) })])
      expect(left[0].deliveries).toBeGreaterThan(4)
    } finally {
      await receiver.close()
    }
  })
})
