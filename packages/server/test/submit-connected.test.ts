// Over HTTP, alone and with Redis: an interaction that arrives already connected to an agent (the submit's
// `connectedTo`: a call dialled straight to the agent's extension). No strategy runs and nothing is offered; an offer
// of another interaction holding the agent's place is withdrawn (no timeout) and that interaction routed again.
import { createSimulatedClock, type SimulatedClock } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { stoppedAfterEachTest, supportStrategy, type TestServer } from './helpers.ts'
import { aloneAndWithRedis, GREETING_FIRST, type Setup } from './reload-setups.ts'
import { readEvents } from './sse-client.ts'

const START = Date.UTC(2026, 11, 1, 9, 0, 0)

let t: TestServer
let clock: SimulatedClock
const started = stoppedAfterEachTest()
const setups = aloneAndWithRedis('submit-connected')

const view = (id: string) => t.ok('GET', `/v1/interactions/${id}`)
const agent = async (id: string) =>
  (await t.request('GET', '/v1/agents')).body.agents.find((a: { id: string }) => a.id === id)
const eventsOf = async (id: string, last: (data: Record<string, unknown>) => boolean) =>
  (
    await readEvents(`${t.server.url}/v1/events?lastEventId=0`, 1000, {}, (f) =>
      last(JSON.parse(f.data ?? '{}')),
    )
  )
    .map((f) => JSON.parse(f.data!))
    .filter((e) => e.interaction === id)

async function serving(setup: Setup): Promise<void> {
  clock = createSimulatedClock(START)
  t = await started.serve({ clock, ...(await setup(clock)) })
}

describe.each(setups)('submit connectedTo, %s', (_, setup) => {
  it('is the agent’s at once: no offer to the free agent, no decision counted', async () => {
    await serving(setup)
    // ann is ready and free: routing the call would have offered it to her
    await t.ok('PUT', '/v1/agents/ann/state', { state: 'ready' })
    const submitted = await t.request('POST', '/v1/interactions', {
      id: 'd',
      strategy: 'support',
      connectedTo: { agent: 'bob', note: 'dialled bob' },
    })
    expect(submitted.status).toBe(201)
    expect(submitted.body).toMatchObject({ state: 'connected', agent: 'bob', outcome: 'routed' })
    expect(await view('d')).toMatchObject({ state: 'connected', agent: 'bob', path: [] })
    expect(await agent('ann')).toMatchObject({ state: 'ready', load: {}, reserved: 0 })
    expect(await agent('bob')).toMatchObject({ load: { voice: 1 }, reserved: 0 })
    const events = await eventsOf('d', (e) => e.type === 'finished' && e.interaction === 'd')
    expect(events.map((e) => [e.type, e.agent])).toEqual([
      ['routed', 'bob'],
      ['finished', undefined],
    ])
    expect(events[0]).toMatchObject({ direct: true, connected: true, explanation: { rule: 'direct' } })
    const metrics = (await t.request('GET', '/metrics')).body as string
    expect(metrics).toContain('routewright_arrived_connected_total 1')
    expect(metrics).not.toContain('routewright_connected_by_host_total 1')
    expect(await t.request('POST', '/v1/interactions/d/complete', {})).toEqual({
      status: 200,
      body: { ok: true },
    })
    expect(await agent('bob')).toMatchObject({ load: {} })
  })

  it("takes ann's place held by x's offer: withdrawn (no timeout), x served again", async () => {
    await serving(setup)
    await t.ok('PUT', '/v1/agents/bob/state', { state: 'not-ready' })
    await t.ok('PUT', '/v1/agents/ann/state', { state: 'ready' })
    await t.ok('POST', '/v1/interactions', { id: 'x', strategy: 'support' })
    expect(await view('x')).toMatchObject({ state: 'reserved', agent: 'ann' })
    clock.advance(2000)
    const submitted = await t.request('POST', '/v1/interactions', {
      id: 'd',
      strategy: 'support',
      connectedTo: { agent: 'ann' },
    })
    expect(submitted.status).toBe(201)
    expect(await view('x')).toMatchObject({ state: 'queued' })
    expect(await agent('ann')).toMatchObject({ state: 'ready', load: { voice: 1 }, reserved: 0 })
    const metrics = (await t.request('GET', '/metrics')).body as string
    expect(metrics).toContain('routewright_reservations_withdrawn_total 1')
    expect(metrics).not.toContain('routewright_reservation_timeouts_total 1')
    await t.ok('PUT', '/v1/agents/bob/state', { state: 'ready' })
    expect(await view('x')).toMatchObject({ state: 'reserved', agent: 'bob' })
  })

  it('answers 409 with why (no-free-place, unknown agent, answer-time), creating nothing', async () => {
    await serving(setup)
    await t.ok('POST', '/v1/interactions', { id: 'd1', strategy: 'support', connectedTo: { agent: 'ann' } })
    const cases: Array<[Record<string, unknown>, string | undefined, string]> = [
      [{ agent: 'ann' }, 'no-free-place', 'agent "ann" has no free place for voice'],
      [{ agent: 'zed' }, undefined, 'unknown agent "zed"'],
      [{ agent: 'bob', at: START + 60_000 }, 'answer-time', 'in the future'],
    ]
    for (const [connectedTo, code, text] of cases) {
      const refused = await t.request('POST', '/v1/interactions', {
        id: 'd2',
        strategy: 'support',
        connectedTo,
      })
      expect(refused.status).toBe(409)
      if (code === undefined) expect(refused.body).not.toHaveProperty('code')
      else expect(refused.body).toMatchObject({ code })
      expect(refused.body.error).toContain(text)
      expect((await t.request('GET', '/v1/interactions/d2')).status).toBe(404)
    }
    expect(
      (
        await t.request('POST', '/v1/interactions', {
          id: 'd2',
          strategy: 'support',
          connectedTo: { agent: 'x', extra: 1 },
        })
      ).status,
    ).toBe(400)
    // the id is free: the same call, to bob, goes through
    const ok = await t.request('POST', '/v1/interactions', {
      id: 'd2',
      strategy: 'support',
      connectedTo: { agent: 'bob' },
    })
    expect(ok.status).toBe(201)
    expect((await t.request('GET', '/metrics')).body).toMatch(/routewright_open_interactions\{[^}]*\} 2\n/)
  })
})

describe.each(setups)('submit connectedTo with data, %s', (_, setup) => {
  it("keeps the strategy's declared inputs it was given (data-attached before routed); 422 wrong-input else", async () => {
    await serving(setup)
    const wrong = await t.request('POST', '/v1/interactions', {
      id: 'd',
      strategy: 'support',
      data: { tier: 7 },
      connectedTo: { agent: 'bob' },
    })
    expect(wrong.status).toBe(422)
    expect(wrong.body).toMatchObject({ code: 'wrong-input' })
    expect(wrong.body.error).toContain('Input "tier" of strategy "support" has the wrong type')
    expect((await t.request('GET', '/v1/interactions/d')).status).toBe(404)
    expect(await agent('bob')).toMatchObject({ load: {} })
    const submitted = await t.request('POST', '/v1/interactions', {
      id: 'd',
      strategy: 'support',
      data: { tier: 'gold', crm: 'not an input' },
      connectedTo: { agent: 'bob' },
    })
    expect(submitted.status).toBe(201)
    const events = await eventsOf('d', (e) => e.type === 'finished' && e.interaction === 'd')
    // the refused first submit's error, then the call
    expect(events.map((e) => e.type)).toEqual(['error', 'data-attached', 'routed', 'finished'])
    expect(events[1].data).toEqual({ tier: 'gold' })
    // the interaction's view carries it too: a host taking the call over reads it there
    expect((await t.request('GET', '/v1/interactions/d')).body.data).toEqual({ tier: 'gold' })
  })
})

describe.each(setups)('submit connectedTo across strategy versions, %s', (_, setup) => {
  it("withdraws the draining version's offer of the agent first (no timeout), then admits the call", async () => {
    clock = createSimulatedClock(START)
    t = await started.serve({ clock, ...(await setup(clock)) }, { 'support.strategy.yaml': GREETING_FIRST })
    await t.ok('PUT', '/v1/agents/bob/state', { state: 'not-ready' })
    await t.ok('PUT', '/v1/agents/ann/state', { state: 'ready' })
    await t.ok('POST', '/v1/interactions', { id: 'old', strategy: 'support' })
    await t.ok('POST', '/v1/interactions/old/treatment-done')
    const first = await view('old')
    expect(first).toMatchObject({ state: 'reserved', agent: 'ann' })
    t.workspace.write('support.strategy.yaml', supportStrategy('support', '10m'))
    const second = (await t.ok('POST', '/v1/reload')).version as string
    clock.advance(1000)
    const submitted = await t.request('POST', '/v1/interactions', {
      id: 'd',
      strategy: 'support',
      connectedTo: { agent: 'ann' },
    })
    expect(submitted.status).toBe(201)
    expect(submitted.body).toMatchObject({ version: second, state: 'connected', agent: 'ann' })
    // old's offer on the first version is withdrawn, not left ringing on an agent now on a call
    expect(await view('old')).toMatchObject({ version: first.version, state: 'queued' })
    expect((await view('old')).trace).toContainEqual(
      expect.objectContaining({
        name: 'withdrawn',
        value: { agent: 'ann', reason: 'withdrawn by the host: ann was connected to d' },
      }),
    )
    const metrics = (await t.request('GET', '/metrics')).body as string
    expect(metrics).toContain('routewright_reservations_withdrawn_total 1')
    expect(metrics).not.toContain('routewright_reservation_timeouts_total 1')
  })
})

describe('the OpenAPI document', () => {
  it("describes the submit's connectedTo as a connect's body", async () => {
    t = await started.serve()
    const doc = (await t.request('GET', '/openapi.json')).body
    const ref = doc.paths['/v1/interactions'].post.requestBody.content['application/json'].schema.$ref
    const submit = doc.components.schemas[ref.split('/').at(-1)]
    expect(submit.properties.connectedTo).toMatchObject({
      type: 'object',
      required: ['agent'],
      properties: { agent: { type: 'string' }, at: { type: 'integer' }, note: { type: 'string' } },
    })
    expect(submit.properties.connectedTo.description).toContain('already connected')
    expect(submit.required).toEqual(['id', 'strategy'])
  })
})
