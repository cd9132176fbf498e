// Over HTTP, alone and with Redis, during a hot reload: a host's connect to an agent the other strategy version
// holds. Its pending offer there is withdrawn first (that version does not offer the agent again meanwhile); its
// confirmed work there refuses the connect (no-free-place). Never two versions' work on a one-call agent.
import { createSimulatedClock, type SimulatedClock } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { stoppedAfterEachTest, supportStrategy, type TestServer } from './helpers.ts'
import { aloneAndWithRedis, GREETING_FIRST, type Setup } from './reload-setups.ts'

const START = Date.UTC(2026, 11, 1, 9, 0, 0)

let t: TestServer
let clock: SimulatedClock
const started = stoppedAfterEachTest()
const setups = aloneAndWithRedis('connect-versions')

const view = (id: string) => t.ok('GET', `/v1/interactions/${id}`)
const agent = async (id: string) =>
  (await t.request('GET', '/v1/agents')).body.agents.find((a: { id: string }) => a.id === id)

/** `old` waits on the first version (ann shown busy there), `new` on the second is offered ann; bob not ready. */
async function offeredOnTheNewVersion(setup: Setup): Promise<{ first: string; second: string }> {
  clock = createSimulatedClock(START)
  t = await started.serve({ clock, ...(await setup(clock)) }, { 'support.strategy.yaml': GREETING_FIRST })
  await t.ok('PUT', '/v1/agents/bob/state', { state: 'not-ready' })
  await t.ok('POST', '/v1/interactions', { id: 'old', strategy: 'support' })
  const first = (await view('old')).version as string
  t.workspace.write('support.strategy.yaml', supportStrategy('support', '10m'))
  const second = (await t.ok('POST', '/v1/reload')).version as string
  clock.advance(1000)
  await t.ok('PUT', '/v1/agents/ann/state', { state: 'ready' })
  expect(await t.ok('POST', '/v1/interactions', { id: 'new', strategy: 'support' })).toMatchObject({
    version: second,
    state: 'reserved',
    agent: 'ann',
  })
  await t.ok('POST', '/v1/interactions/old/treatment-done')
  expect(await view('old')).toMatchObject({ version: first, state: 'queued' })
  clock.advance(1000)
  return { first, second }
}

/** The first version apologises when its wait ends (the host reports it played) and waits again. */
const SORRY_THEN_WAIT = `strategy: support
format: 1
inputs:
  tier: { type: string, default: "" }
start: pick
nodes:
  pick:
    type: target
    targets: [{ group: support }]
    wait: 30s
    next: { timeout: sorry, error: voicemail }
  sorry:
    type: treatment
    play: prompts/sorry
    next: { done: pick }
  voicemail: { type: route, destination: voicemail }
`

describe.each(setups)('connect across strategy versions, %s', (_, setup) => {
  it("withdraws the other version's offer of the agent, then connects", async () => {
    const { first, second } = await offeredOnTheNewVersion(setup)
    expect(await t.request('POST', '/v1/interactions/old/connect', { agent: 'ann' })).toEqual({
      status: 200,
      body: { ok: true },
    })
    expect(await view('old')).toMatchObject({ version: first, state: 'connected', agent: 'ann' })
    // `new` is back in line on its version, not offered ann again
    expect(await view('new')).toMatchObject({ version: second, state: 'queued' })
    expect((await view('new')).trace).toContainEqual(
      expect.objectContaining({
        name: 'withdrawn',
        value: { agent: 'ann', reason: 'withdrawn by the host: ann was connected to old' },
      }),
    )
    // the current version sees ann busy (the first holds her), with no offer left
    expect(await agent('ann')).toMatchObject({ state: 'busy', reserved: 0 })
    const metrics = (await t.request('GET', '/metrics')).body as string
    expect(metrics).toContain('routewright_reservations_withdrawn_total 1')
    expect(metrics).not.toContain('routewright_reservation_timeouts_total 1')
    // the usual rules serve it again: bob once he is ready; ann once old is done
    await t.ok('PUT', '/v1/agents/bob/state', { state: 'ready' })
    expect(await view('new')).toMatchObject({ state: 'reserved', agent: 'bob' })
    expect(await t.request('POST', '/v1/interactions/old/complete', {})).toEqual({
      status: 200,
      body: { ok: true },
    })
  })

  it('refuses an answer time it cannot take before withdrawing anything', async () => {
    await offeredOnTheNewVersion(setup)
    const offer = (await view('new')).reservation
    const refused = await t.request('POST', '/v1/interactions/old/connect', { agent: 'ann', at: START - 1 })
    expect(refused.status).toBe(409)
    expect(refused.body).toMatchObject({ code: 'answer-time' })
    expect(await view('new')).toMatchObject({ state: 'reserved', agent: 'ann', reservation: offer })
    expect(await view('old')).toMatchObject({ state: 'queued' })
  })

  it('refuses an agent with confirmed work on the other version, and changes nothing', async () => {
    await offeredOnTheNewVersion(setup)
    await t.ok('POST', '/v1/interactions/new/confirm', {})
    const refused = await t.request('POST', '/v1/interactions/old/connect', { agent: 'ann' })
    expect(refused.status).toBe(409)
    expect(refused.body).toMatchObject({ code: 'no-free-place' })
    expect(refused.body.error).toContain('agent "ann" handles interaction "new"')
    expect(await view('old')).toMatchObject({ state: 'queued' })
    expect(await view('new')).toMatchObject({ state: 'connected', agent: 'ann' })
  })

  it("refuses an interaction out of line (its wait ended) before withdrawing the other version's offer", async () => {
    clock = createSimulatedClock(START)
    t = await started.serve({ clock, ...(await setup(clock)) }, { 'support.strategy.yaml': SORRY_THEN_WAIT })
    await t.ok('PUT', '/v1/agents/bob/state', { state: 'not-ready' })
    await t.ok('POST', '/v1/interactions', { id: 'old', strategy: 'support' })
    t.workspace.write('support.strategy.yaml', supportStrategy('support', '10m'))
    const second = (await t.ok('POST', '/v1/reload')).version as string
    // old's wait ends: out of line, it hears the apology
    clock.advance(31_000)
    await expect.poll(async () => (await view('old')).path).toContain('sorry')
    expect(await view('old')).toMatchObject({ state: 'routing' })
    await t.ok('PUT', '/v1/agents/ann/state', { state: 'ready' })
    await t.ok('POST', '/v1/interactions', { id: 'new', strategy: 'support' })
    const offered = await view('new')
    expect(offered).toMatchObject({ version: second, state: 'reserved', agent: 'ann' })
    clock.advance(1000)
    const refused = await t.request('POST', '/v1/interactions/old/connect', { agent: 'ann' })
    expect(refused.status).toBe(409)
    expect(refused.body.error).toContain('is not waiting for an agent')
    // nothing changed, as the answer says: ann's desktop still shows new, whose confirm of that offer is taken
    const after = await view('new')
    expect(after).toMatchObject({ state: 'reserved', agent: 'ann', reservation: offered.reservation })
    expect(after.trace).not.toContainEqual(expect.objectContaining({ name: 'withdrawn' }))
    expect(
      await t.request('POST', '/v1/interactions/new/confirm', { reservation: offered.reservation }),
    ).toEqual({ status: 200, body: { ok: true } })
  })
})
