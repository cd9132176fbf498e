// An interaction taken over after kill -9 that had left its queue unanswered (a time-out, then a treatment) and is
// abandoned on the new routing process counts against its queue's service level and abandon rate there, as it would
// have on the process that died (history docs/figures.md: an abandon after leaving the queue counts where it waited).
import { eventually, startRedisServer } from '@routewright/node-support/testing'
import { describe, expect, it } from 'vitest'
import { makeWorkspace } from './helpers.ts'
import { probe, send, startOnRedis } from './redis-serve-steps.ts'
import { startedInEachTest } from './started.ts'
import { directory, strategy, WINDOWED_READS } from './stats-workspace.ts'

const started = startedInEachTest()

/** The statistics strategy whose wait for support times out after 1 s into an apology the host plays until told. */
function sorryAfterTimeout(): string {
  const yaml = strategy('1s', '', WINDOWED_READS).replace(
    'next: { timeout: voicemail, error: voicemail }',
    'next: { timeout: sorry, error: voicemail }',
  )
  return `${yaml}  sorry: { type: treatment, play: prompts/sorry, next: { done: voicemail } }\n`
}

describe('serve --redis: an abandon after leaving the queue, across a takeover', { timeout: 90_000 }, () => {
  it('counts it against the queue it left on the process that took over', async () => {
    started.redis = await startRedisServer()
    started.workspace = makeWorkspace({
      'center.directory.yaml': directory(),
      'support.strategy.yaml': sorryAfterTimeout(),
    })
    const a = await startOnRedis(started)
    const b = await startOnRedis(started)
    // nobody is ready: t1 waits its second for support out and hears the apology
    expect((await send(`${b.url}/v1/interactions`, 'POST', { id: 't1', strategy: 'support' })).status).toBe(
      201,
    )
    await eventually(async () => {
      const view = (await send(`${b.url}/v1/interactions/t1`, 'GET')).body
      return view.path.includes('sorry') ? true : undefined
    }, 10_000)
    await a.kill('SIGKILL')

    // b routes now; the caller hangs up during the apology
    const hungUp = await send(`${b.url}/v1/interactions/t1/abandon`, 'POST')
    // an abandon answered 503 while routing changed hands may have run: its retry then says so with a 409
    expect(hungUp.status === 200 || /already ended/.test(hungUp.body.error)).toBe(true)
    expect((await send(`${b.url}/v1/interactions/t1`, 'GET')).body).toMatchObject({ outcome: 'abandoned' })
    const after = await probe(b.url, 'p1')
    // t1 was offered to support and not answered: the only figure, so all of it
    expect(after['AbandonRate of group:support (15m)']).toBe(1)
    expect(after['ServiceLevel(20s) of group:support (15m)']).toBe(0)
  })
})
