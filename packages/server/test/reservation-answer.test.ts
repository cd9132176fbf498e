// Over HTTP, alone and with Redis: confirm and reject name the reservation they answer. A desktop's late answer to a
// reservation that timed out (the interaction was reserved again, for another agent) answers 409 naming the current
// one, and the newer reservation stays as it was.
import { createSimulatedClock, type SimulatedClock } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { stoppedAfterEachTest, type TestServer } from './helpers.ts'
import { aloneAndWithRedis, type Setup } from './reload-setups.ts'

const START = Date.UTC(2026, 11, 1, 9, 0, 0)
const RESERVATION_MS = 15_000

let t: TestServer
let clock: SimulatedClock
const started = stoppedAfterEachTest()
const setups = aloneAndWithRedis('resv', { reservationTimeoutMs: RESERVATION_MS })

const view = (id: string) => t.ok('GET', `/v1/interactions/${id}`)

/** serve on a simulated clock with the reservation limit, alone or with Redis as the setup says. */
async function serveWithClock(setup: Setup): Promise<void> {
  clock = createSimulatedClock(START)
  t = await started.serve({
    clock,
    limits: { reservationTimeoutMs: RESERVATION_MS },
    ...(await setup(clock)),
  })
}

/** serve (as serveWithClock) with ann ready and interaction `id` offered to her: its reservation id. */
async function offeredToAnn(setup: Setup, id: string): Promise<string> {
  await serveWithClock(setup)
  await t.ok('PUT', '/v1/agents/ann/state', { state: 'ready' })
  return (await t.ok('POST', '/v1/interactions', { id, strategy: 'support' })).reservation as string
}

/** An agent as GET /v1/agents lists it. */
async function listedAgent(id: string): Promise<Record<string, unknown> | undefined> {
  const { agents } = (await t.request('GET', '/v1/agents')).body as { agents: Array<{ id: string }> }
  return agents.find((a) => a.id === id)
}

/** `x` reserved for ann, not answered in time, and reserved again for bob: both reservation ids. */
async function reservedAgain(setup: Setup): Promise<{ first: string; second: string }> {
  await serveWithClock(setup)
  await t.ok('PUT', '/v1/agents/ann/state', { state: 'ready' })
  clock.advance(1)
  await t.ok('PUT', '/v1/agents/bob/state', { state: 'ready' })
  const submitted = await t.ok('POST', '/v1/interactions', { id: 'x', strategy: 'support' })
  expect(submitted).toMatchObject({ state: 'reserved', agent: 'ann' })
  const first = submitted.reservation as string
  clock.advance(RESERVATION_MS)
  const again = await view('x')
  expect(again).toMatchObject({ state: 'reserved', agent: 'bob' })
  const second = again.reservation as string
  expect(typeof first === 'string' && typeof second === 'string' && first !== second).toBe(true)
  return { first, second }
}

describe.each(setups)('confirm and reject name the reservation, %s', (_, setup) => {
  it('a late reject of the timed-out reservation answers 409 and leaves the newer one', async () => {
    const { first, second } = await reservedAgain(setup)
    const late = await t.request('POST', '/v1/interactions/x/reject', { reservation: first })
    expect(late).toEqual({
      status: 409,
      body: {
        error: `rejectReservation: reservation "${first}" of interaction "x" is not current: the current one is "${second}"; nothing changed`,
        code: 'stale-reservation',
        current: second,
      },
    })
    expect(await view('x')).toMatchObject({ state: 'reserved', agent: 'bob', reservation: second })
    expect(await listedAgent('bob')).toMatchObject({ state: 'ready', reserved: 1 })
    // bob's answer still applies
    expect(await t.request('POST', '/v1/interactions/x/confirm', { reservation: second })).toEqual({
      status: 200,
      body: { ok: true },
    })
    expect(await view('x')).toMatchObject({ state: 'connected', agent: 'bob' })
  })

  it("a late confirm of ann's reservation does not give her (or bob) the interaction", async () => {
    const { first, second } = await reservedAgain(setup)
    const late = await t.request('POST', '/v1/interactions/x/confirm', { reservation: first })
    expect(late.status).toBe(409)
    expect(late.body).toMatchObject({ code: 'stale-reservation', current: second })
    expect(late.body.error).toContain(`the current one is "${second}"`)
    expect(await view('x')).toMatchObject({ state: 'reserved', agent: 'bob', reservation: second })
    // once confirmed, a late reject of bob's own reservation finds none pending
    await t.ok('POST', '/v1/interactions/x/confirm', { reservation: second })
    const after = await t.request('POST', '/v1/interactions/x/reject', { reservation: second })
    expect(after.status).toBe(409)
    // not a stale answer but a command that no longer fits (its run finished, routed to bob): its own code
    expect(after.body.code).toBe('run-finished')
    expect(await view('x')).toMatchObject({ state: 'connected', agent: 'bob' })
  })

  it('names none as current when nothing is reserved, and answers the current one when none is named', async () => {
    const { first, second } = await reservedAgain(setup)
    clock.advance(RESERVATION_MS) // bob does not answer either: x waits, nobody is ready
    expect(await view('x')).toMatchObject({ state: 'queued' })
    const none = await t.request('POST', '/v1/interactions/x/confirm', { reservation: second })
    expect(none).toEqual({
      status: 409,
      body: {
        error: `confirmReservation: reservation "${second}" of interaction "x" is not current: it has no reservation pending now; nothing changed`,
        code: 'stale-reservation',
        current: null,
      },
    })
    clock.advance(1)
    await t.ok('PUT', '/v1/agents/ann/state', { state: 'ready' })
    const third = (await view('x')).reservation as string
    expect([first, second]).not.toContain(third)
    // an answer naming no reservation is for the current one (hosts written before ids were named)
    expect(await t.request('POST', '/v1/interactions/x/confirm', {})).toEqual({
      status: 200,
      body: { ok: true },
    })
    expect(await view('x')).toMatchObject({ state: 'connected', agent: 'ann' })
  })

  it('refuses a malformed reservation with 400 and changes nothing', async () => {
    const { second } = await reservedAgain(setup)
    for (const body of [{ reservation: 7 }, { reservation: '' }, { reservation: second, agent: 'bob' }]) {
      const refused = await t.request('POST', '/v1/interactions/x/confirm', body)
      expect(refused.status).toBe(400)
    }
    expect(await view('x')).toMatchObject({ state: 'reserved', agent: 'bob', reservation: second })
  })
})

describe.each(setups)('a host withdraws an offer (reason withdrawn), %s', (_, setup) => {
  it('gives the place back without making the agent not ready, and counts it', async () => {
    const first = await offeredToAnn(setup, 'w')
    expect(
      await t.request('POST', '/v1/interactions/w/reject', {
        reservation: first,
        reason: 'withdrawn',
        note: 'the answer was held past the reservation timeout',
      }),
    ).toEqual({ status: 200, body: { ok: true } })
    const again = await view('w')
    expect(again).toMatchObject({ state: 'reserved', agent: 'ann' })
    expect(again.reservation).not.toBe(first)
    expect(await listedAgent('ann')).toMatchObject({ state: 'ready', reserved: 1 })
    const metrics = (await t.request('GET', '/metrics')).body as string
    expect(metrics).toContain('routewright_reservations_withdrawn_total 1')
    expect(metrics).not.toContain('routewright_reservation_timeouts_total 1')
  })

  it('refuses an unknown reason or an empty note with 400 and changes nothing', async () => {
    const first = await offeredToAnn(setup, 'w')
    for (const body of [
      { reason: 'rescinded' },
      { reason: 'withdrawn', note: '' },
      { note: 'n'.repeat(201) },
    ])
      expect((await t.request('POST', '/v1/interactions/w/reject', body)).status).toBe(400)
    expect(await view('w')).toMatchObject({ state: 'reserved', agent: 'ann', reservation: first })
  })
})

describe.each(setups)('a host says the offer rang out (reason no-answer), %s', (_, setup) => {
  it('makes the agent not ready with reason no-answer, as a RONA, not declined', async () => {
    const first = await offeredToAnn(setup, 'n')
    expect(
      await t.request('POST', '/v1/interactions/n/reject', {
        reservation: first,
        reason: 'no-answer',
        note: '408',
      }),
    ).toEqual({ status: 200, body: { ok: true } })
    expect(await view('n')).toMatchObject({ state: 'queued' })
    expect(await listedAgent('ann')).toMatchObject({ state: 'not-ready', reason: 'no-answer', reserved: 0 })
    const metrics = (await t.request('GET', '/metrics')).body as string
    expect(metrics).not.toContain('routewright_reservations_withdrawn_total 1')
    expect(metrics).not.toContain('routewright_reservation_timeouts_total 1')
  })
})

describe('the OpenAPI document', () => {
  it('describes the reservation a confirm or reject answers', async () => {
    t = await started.serve()
    const doc = (await t.request('GET', '/openapi.json')).body
    for (const action of ['confirm', 'reject']) {
      const request = doc.paths[`/v1/interactions/{id}/${action}`].post.requestBody
      expect(request.required).toBe(false)
      const name = request.content['application/json'].schema.$ref.split('/').at(-1)
      const body = doc.components.schemas[name]
      expect(body.properties.reservation).toMatchObject({ type: 'string', minLength: 1, maxLength: 400 })
      expect(body.properties.reservation.description).toContain('409')
      expect(body.required ?? []).not.toContain('reservation')
      // the 409's body names the stale reservation's code and the current one as fields a host can read
      const conflict = doc.paths[`/v1/interactions/{id}/${action}`].post.responses['409']
      const error = doc.components.schemas[conflict.content['application/json'].schema.$ref.split('/').at(-1)]
      expect(error.properties.code).toMatchObject({
        type: 'string',
        enum: expect.arrayContaining(['stale-reservation', 'answer-time', 'no-free-place']),
      })
      expect(error.properties.current.type).toEqual(['string', 'null'])
      expect(conflict.description).toContain('stale-reservation')
    }
    // a reject says why: the agent declined or did not answer, or the host withdrew the offer
    const reject = doc.paths['/v1/interactions/{id}/reject'].post.requestBody
    const body = doc.components.schemas[reject.content['application/json'].schema.$ref.split('/').at(-1)]
    expect(body.properties.reason).toMatchObject({
      type: 'string',
      enum: ['declined', 'no-answer', 'withdrawn'],
    })
    expect(body.properties.reason.description).toContain('agent keeps its state')
    expect(body.properties.note).toMatchObject({ type: 'string', minLength: 1, maxLength: 200 })
  })
})
