// Over HTTP, alone and with Redis: the host's word that an interaction is connected to an agent already
// (`POST /v1/interactions/<id>/connect`), whichever agent the router offered it to, and a confirm's late answer time.
import { createSimulatedClock, type SimulatedClock } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { stoppedAfterEachTest, type TestServer } from './helpers.ts'
import { aloneAndWithRedis, type Setup } from './reload-setups.ts'
import { readEvents } from './sse-client.ts'

const START = Date.UTC(2026, 11, 1, 9, 0, 0)

let t: TestServer
let clock: SimulatedClock
const started = stoppedAfterEachTest()
const setups = aloneAndWithRedis('connect')

const view = (id: string) => t.ok('GET', `/v1/interactions/${id}`)
const agent = async (id: string) =>
  (await t.request('GET', '/v1/agents')).body.agents.find((a: { id: string }) => a.id === id)

/** `x` reserved for ann (bob not ready), 10 s after it arrived. */
async function offeredToAnn(setup: Setup): Promise<string> {
  clock = createSimulatedClock(START)
  t = await started.serve({ clock, ...(await setup(clock)) })
  await t.ok('PUT', '/v1/agents/bob/state', { state: 'not-ready' })
  await t.ok('POST', '/v1/interactions', { id: 'x', strategy: 'support' })
  clock.advance(10_000)
  await t.ok('PUT', '/v1/agents/ann/state', { state: 'ready' })
  const offered = await view('x')
  expect(offered).toMatchObject({ state: 'reserved', agent: 'ann' })
  clock.advance(5000)
  return offered.reservation as string
}

describe.each(setups)('connect: the interaction is with another agent already, %s', (_, setup) => {
  it("withdraws ann's offer (she stays ready), confirms it with bob, and counts no timeout", async () => {
    await offeredToAnn(setup)
    expect(
      await t.request('POST', '/v1/interactions/x/connect', {
        agent: 'bob',
        at: START + 12_000,
        note: 'answered while the link was down',
      }),
    ).toEqual({ status: 200, body: { ok: true } })
    expect(await view('x')).toMatchObject({ state: 'connected', agent: 'bob', outcome: 'routed' })
    expect(await agent('ann')).toMatchObject({ state: 'ready', reserved: 0 })
    expect(await agent('bob')).toMatchObject({ state: 'not-ready', load: { voice: 1 } })
    const metrics = (await t.request('GET', '/metrics')).body as string
    expect(metrics).toContain('routewright_reservations_withdrawn_total 1')
    expect(metrics).toContain('routewright_connected_by_host_total 1')
    expect(metrics).not.toContain('routewright_reservation_timeouts_total 1')
    // bob's call ends as any other
    expect(await t.request('POST', '/v1/interactions/x/complete', {})).toEqual({
      status: 200,
      body: { ok: true },
    })
  })

  it("takes ann's place held only by x's offer for y: x's offer withdrawn (no timeout), x served again once", async () => {
    const reservation = await offeredToAnn(setup)
    await t.ok('POST', '/v1/interactions', { id: 'y', strategy: 'support' })
    expect(
      await t.request('POST', '/v1/interactions/y/connect', { agent: 'ann', note: 'picked up y' }),
    ).toEqual({ status: 200, body: { ok: true } })
    expect(await view('y')).toMatchObject({ state: 'connected', agent: 'ann', outcome: 'routed' })
    expect(await view('x')).toMatchObject({ state: 'queued' })
    expect(await agent('ann')).toMatchObject({ state: 'ready', load: { voice: 1 }, reserved: 0 })
    const metrics = (await t.request('GET', '/metrics')).body as string
    expect(metrics).toContain('routewright_reservations_withdrawn_total 1')
    expect(metrics).toContain('routewright_connected_by_host_total 1')
    expect(metrics).not.toContain('routewright_reservation_timeouts_total 1')
    // x is served again by the usual rules: bob, once he is ready
    await t.ok('PUT', '/v1/agents/bob/state', { state: 'ready' })
    expect(await view('x')).toMatchObject({ state: 'reserved', agent: 'bob' })
    const frames = await readEvents(
      `${t.server.url}/v1/events?lastEventId=0`,
      1000,
      {},
      (f) => f.event === 'routed' && f.data!.includes('"agent":"bob"'),
    )
    const ofX = frames
      .map((f) => JSON.parse(f.data!))
      .filter((e) => e.interaction === 'x' && (e.type === 'routed' || e.type === 'reservation-rejected'))
    expect(ofX.map((e) => [e.type, e.agent])).toEqual([
      ['routed', 'ann'],
      ['reservation-rejected', 'ann'],
      ['routed', 'bob'],
    ])
    expect(ofX[1]).toMatchObject({
      reservation,
      withdrawn: true,
      reason: 'withdrawn by the host: ann was connected to y: picked up y',
    })
    expect(ofX[1]).not.toHaveProperty('timedOut')
    // ann answers for y alone; bob's offer of x is confirmed as any other
    const offered = (await view('x')).reservation
    expect(await t.request('POST', '/v1/interactions/x/confirm', { reservation: offered })).toEqual({
      status: 200,
      body: { ok: true },
    })
    expect(await agent('bob')).toMatchObject({ load: { voice: 1 }, reserved: 0 })
    expect(await agent('ann')).toMatchObject({ load: { voice: 1 }, reserved: 0 })
  })

  it('answers 409 with why for an agent with no free place, and changes nothing', async () => {
    const reservation = await offeredToAnn(setup)
    await t.ok('POST', '/v1/interactions', { id: 'y', strategy: 'support' })
    await t.ok('POST', '/v1/interactions/y/connect', { agent: 'bob' })
    const refused = await t.request('POST', '/v1/interactions/x/connect', { agent: 'bob' })
    expect(refused.status).toBe(409)
    expect(refused.body).toMatchObject({ code: 'no-free-place' })
    expect(refused.body).not.toHaveProperty('current')
    expect(refused.body.error).toContain('agent "bob" has no free place for voice')
    expect(await view('x')).toMatchObject({ state: 'reserved', agent: 'ann', reservation })
  })

  it('refuses a late answer time in the future (409) or a malformed body (400)', async () => {
    const reservation = await offeredToAnn(setup)
    const future = await t.request('POST', '/v1/interactions/x/confirm', {
      reservation,
      at: START + 60_000,
    })
    expect(future.status).toBe(409)
    expect(future.body).toMatchObject({ code: 'answer-time' })
    expect(future.body.error).toContain('in the future')
    for (const body of [{}, { agent: '' }, { agent: 'bob', at: -1 }, { agent: 'bob', extra: 1 }])
      expect((await t.request('POST', '/v1/interactions/x/connect', body)).status).toBe(400)
    expect(await view('x')).toMatchObject({ state: 'reserved', agent: 'ann', reservation })
    expect(
      await t.request('POST', '/v1/interactions/x/confirm', { reservation, at: START + 11_000 }),
    ).toEqual({ status: 200, body: { ok: true } })
    expect(await view('x')).toMatchObject({ state: 'connected', agent: 'ann' })
  })
})

describe('the OpenAPI document', () => {
  it('describes connect and the late answer time of a confirm', async () => {
    t = await started.serve()
    const doc = (await t.request('GET', '/openapi.json')).body
    const schemaOf = (action: string) => {
      const request = doc.paths[`/v1/interactions/{id}/${action}`].post.requestBody
      return {
        request,
        body: doc.components.schemas[request.content['application/json'].schema.$ref.split('/').at(-1)],
      }
    }
    const connect = schemaOf('connect')
    expect(connect.request.required).toBe(true)
    expect(connect.body.required).toEqual(['agent'])
    expect(connect.body.properties.at.description).toContain('Never in the future')
    const confirm = schemaOf('confirm')
    expect(confirm.request.required).toBe(false)
    expect(confirm.body.properties.at).toMatchObject({ type: 'integer', minimum: 0 })
  })
})
