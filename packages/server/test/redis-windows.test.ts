// Statistics windows across a takeover on a real redis-server: the process that takes over after a kill -9 reads
// the same service level, answers, abandons, ASA, handle time and Entered in its strategies (and /v1/monitor shows the same
// figures) as the one that died, then counts on from there; a SIGTERM hand-over carries them too.
import { eventually, startRedisServer } from '@routewright/node-support/testing'
import { createClient } from 'redis'
import { describe, expect, it } from 'vitest'
import { makeWorkspace } from './helpers.ts'
import { handle, probe, send, startOnRedis } from './redis-serve-steps.ts'
import { startedInEachTest } from './started.ts'
import { directory, strategy, WINDOWED_READS } from './stats-workspace.ts'

const started = startedInEachTest()

/** The five windowed reads and Entered (carried in the windows since the build after queue-entered). */
const READS = `${WINDOWED_READS}
      - { label: entered, when: 'stat("group:support", "Entered", "15m") < 0.0', next: pick }`

async function probeSix(url: string, id: string): Promise<Record<string, number>> {
  const reads = await probe(url, id)
  expect(Object.keys(reads)).toHaveLength(6)
  return reads
}

async function queueFigures(url: string) {
  const monitor = (await send(`${url}/v1/monitor`, 'GET')).body
  return monitor.queues.find((q: { id: string }) => q.id === 'group:support')
}

describe('serve --redis: statistics windows across a takeover', { timeout: 90_000 }, () => {
  it('continues the windows after kill -9: strategies and /v1/monitor read the same figures, then count on', async () => {
    started.redis = await startRedisServer()
    started.workspace = makeWorkspace({
      'center.directory.yaml': directory(),
      'support.strategy.yaml': strategy('1m', '', READS),
    })
    const a = await startOnRedis(started)
    const b = await startOnRedis(started)
    const state = (agent: string, s: string) => send(`${b.url}/v1/agents/${agent}/state`, 'PUT', { state: s })
    await state('ann', 'ready')
    await handle(b.url, 'c1', 150)
    await handle(b.url, 'c2', 60)
    await state('ann', 'not-ready')
    // one abandoned in line, one answered after a wait
    expect((await send(`${b.url}/v1/interactions`, 'POST', { id: 'c3', strategy: 'support' })).status).toBe(
      201,
    )
    expect((await send(`${b.url}/v1/interactions/c3/abandon`, 'POST')).status).toBe(200)
    expect((await send(`${b.url}/v1/interactions`, 'POST', { id: 'c4', strategy: 'support' })).status).toBe(
      201,
    )
    await new Promise((resolve) => setTimeout(resolve, 300))
    await state('ann', 'ready')
    expect((await send(`${b.url}/v1/interactions/c4/confirm`, 'POST')).status).toBe(200)
    expect((await send(`${b.url}/v1/interactions/c4/complete`, 'POST')).status).toBe(200)
    // one still connected when the routing process dies: its completion counts after the takeover
    expect((await send(`${b.url}/v1/interactions`, 'POST', { id: 'c7', strategy: 'support' })).status).toBe(
      201,
    )
    expect((await send(`${b.url}/v1/interactions/c7/confirm`, 'POST')).status).toBe(200)

    const before = await probeSix(b.url, 'p1')
    expect(before['InteractionsHandled of group:support (15m)']).toBe(3)
    expect(before['AbandonRate of group:support (15m)']).toBe(0.2)
    expect(before['ServiceLevel(20s) of group:support (15m)']).toBe(0.8)
    expect(before['AverageSpeedOfAnswer of group:support (15m)']).toBeGreaterThan(0.05)
    expect(before['AverageHandleTime of group:support (15m)']).toBeGreaterThan(0.05)
    expect(before['Entered of group:support (15m)']).toBe(5)
    const monitorBefore = await eventually(async () => {
      const q = await queueFigures(b.url)
      return q?.answered === 4 ? q : undefined
    }, 10_000)
    // the monitor counts an interaction once it is connected (its history record), as strategies count answers
    expect(monitorBefore).toMatchObject({ offered: 5, answered: 4, abandoned: 1, serviceLevel: 0.8 })

    // the routing process has written its windows with the last answer (c7's) in them; then it dies without a word
    const written = createClient({ url: started.redis.url })
    await written.connect()
    try {
      await eventually(async () => {
        // a field per subject and time slice, and one of the subject's last answers (redis-windows-store.ts)
        const text = await written.hGet('routewright:windows:subjects', 'group:support@recent')
        if (!text) return undefined
        const part = JSON.parse(text) as { recent?: { t: number[] } }
        return part.recent?.t.length === 4 ? true : undefined
      }, 10_000)
    } finally {
      await written.quit()
    }
    await a.kill('SIGKILL')

    // b routes now: its providers are new, but its strategies read what a's read
    expect(await probeSix(b.url, 'p2')).toEqual(before)
    expect(await queueFigures(b.url)).toEqual({ ...monitorBefore, oldestWaitingSeconds: 0, waiting: 0 })
    // a process started after the takeover is forwarded to b: the same figures again
    const c = await startOnRedis(started)
    expect(await probeSix(c.url, 'p3')).toEqual(before)

    // and both go on from there: c7 completed (handled for seconds), one more answered, one more abandoned
    expect((await send(`${c.url}/v1/interactions/c7/complete`, 'POST')).status).toBe(200)
    const completed = await probeSix(c.url, 'p6')
    expect(completed['InteractionsHandled of group:support (15m)']).toBe(4)
    expect(completed['AverageHandleTime of group:support (15m)']).toBeGreaterThan(
      before['AverageHandleTime of group:support (15m)']! + 0.2,
    )
    await handle(c.url, 'c5', 20)
    await state('ann', 'not-ready')
    expect((await send(`${c.url}/v1/interactions`, 'POST', { id: 'c6', strategy: 'support' })).status).toBe(
      201,
    )
    expect((await send(`${c.url}/v1/interactions/c6/abandon`, 'POST')).status).toBe(200)
    const after = await probeSix(c.url, 'p4')
    expect(after['InteractionsHandled of group:support (15m)']).toBe(5)
    expect(after['AbandonRate of group:support (15m)']).toBe(2 / 7)
    expect(after['ServiceLevel(20s) of group:support (15m)']).toBe(5 / 7)
    // counted on from the 5 before the takeover, not from 0
    expect(after['Entered of group:support (15m)']).toBe(7)
    const monitorAfter = await eventually(async () => {
      const q = await queueFigures(b.url)
      return q?.abandoned === 2 && q.answered === 5 ? q : undefined
    }, 10_000)
    expect(monitorAfter).toMatchObject({ offered: 7, answered: 5, abandoned: 2 })

    // SIGTERM hands over at once, with the windows written as it leaves: c reads the same again
    await b.kill('SIGTERM')
    expect(await probeSix(c.url, 'p5')).toEqual(after)
  })
})
