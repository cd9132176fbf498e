// Why an agent is not ready, through a real `serve`, alone and with Redis: the host's reason is shown in GET
// /v1/agents (and the monitor's agent rows) until the agent goes ready and survives a reload; the router's own after
// a declined offer is shown too.
import { createSimulatedClock } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { stoppedAfterEachTest, supportStrategy, type TestServer } from './helpers.ts'
import { aloneAndWithRedis, type Setup } from './reload-setups.ts'

const START = Date.UTC(2026, 11, 2, 10, 0, 0)

let t: TestServer | undefined
const started = stoppedAfterEachTest()

const setups = aloneAndWithRedis('reasons')

async function start(setup: Setup): Promise<void> {
  const clock = createSimulatedClock(START)
  t = await started.serve({ clock, ...(await setup(clock)) })
}

const ok = (method: string, url: string, body?: unknown) => t!.ok(method, url, body)

async function ann(): Promise<Record<string, unknown> | undefined> {
  const agents = (await ok('GET', '/v1/agents')).agents as Array<{ id: string }>
  return agents.find((a) => a.id === 'ann')
}

describe.each(setups)('not-ready reasons, %s', (_, setup) => {
  it("shows the host's reason until the agent goes ready, across a reload", async () => {
    await start(setup)
    await ok('PUT', '/v1/agents/ann/state', { state: 'not-ready', reason: 'lunch' })
    expect(await ann()).toMatchObject({ state: 'not-ready', reason: 'lunch' })
    const grid = (await ok('GET', '/v1/monitor')).agents as Array<{ id: string }>
    expect(grid.find((a) => a.id === 'ann')).toMatchObject({ bucket: 'notReady', reason: 'lunch' })
    t!.workspace.write('support.strategy.yaml', supportStrategy('support', '5m'))
    expect((await ok('POST', '/v1/reload')).applied).toBe(true)
    // the new version's router starts with the agent's last word, reason included
    expect(await ann()).toMatchObject({ state: 'not-ready', reason: 'lunch' })
    await ok('PUT', '/v1/agents/ann/state', { state: 'ready' })
    expect(await ann()).toMatchObject({ state: 'ready' })
    expect(await ann()).not.toHaveProperty('reason')
  })

  it("shows the router's `declined` after the host rejects an offer, and per-media reasons", async () => {
    await start(setup)
    await ok('PUT', '/v1/agents/ann/state', { state: 'ready' })
    await ok('PUT', '/v1/agents/bob/state', { state: 'not-ready', media: 'voice', reason: 'coaching' })
    expect((await ok('POST', '/v1/interactions', { id: 'x', strategy: 'support' })).agent).toBe('ann')
    await ok('POST', '/v1/interactions/x/reject')
    expect(await ann()).toMatchObject({ state: 'not-ready', reason: 'declined' })
    const agents = (await ok('GET', '/v1/agents')).agents as Array<{ id: string }>
    expect(agents.find((a) => a.id === 'bob')).toMatchObject({
      media: { voice: 'not-ready' },
      mediaReasons: { voice: 'coaching' },
    })
  })

  it('refuses an overlong reason (422) and a reason with ready (400), the state unchanged', async () => {
    await start(setup)
    await ok('PUT', '/v1/agents/ann/state', { state: 'not-ready', reason: 'break' })
    const long = await t!.request('PUT', '/v1/agents/ann/state', {
      state: 'not-ready',
      reason: 'x'.repeat(257),
    })
    expect(long.status).toBe(422)
    expect(long.body).toMatchObject({ code: 'over-limit', field: 'reason', limit: 'maxIdChars' })
    const control = await t!.request('PUT', '/v1/agents/ann/state', { state: 'busy', reason: 'a\u0007b' })
    expect(control.status).toBe(422)
    expect(control.body).toMatchObject({ code: 'control-character', field: 'reason' })
    const ready = await t!.request('PUT', '/v1/agents/ann/state', { state: 'ready', reason: 'lunch' })
    expect(ready.status).toBe(400)
    expect(await ann()).toMatchObject({ state: 'not-ready', reason: 'break' })
  })

  // the API takes only the directory's agents, whose ids hold no control character (RW025): none reaches a report
  it('refuses an agent id with a control character (reports join keys with U+001F), the state unchanged', async () => {
    await start(setup)
    const answer = await t!.request('PUT', '/v1/agents/ann%1F/state', { state: 'ready' })
    expect(answer).toEqual({
      status: 404,
      // the character shown escaped, not raw in the text a host logs
      body: { error: 'Unknown agent "ann\u241f" (not in directory "test-center")', code: 'unknown-agent' },
    })
    expect(await ann()).toMatchObject({ state: 'logged-out' })
  })
})
