// PUT /v1/agents/{id}/state with `ifState` (the SIP bridge undoing its own `busy` at a dialled call's end): a state
// the agent chose between the host's read and its change is kept, answered 409 `state-changed` with the state now,
// on the embedded coordinator and on Redis, where a follower forwards the condition to the routing process.
import { type RedisServer, startRedisServer } from '@routewright/node-support/testing'
import { createRedisCoordinator } from '@routewright/server'
import { afterEach, describe, expect, it } from 'vitest'
import { stoppedAfterEachTest, type TestServer } from './helpers.ts'

let redis: RedisServer | undefined
afterEach(async () => {
  await redis?.stop()
  redis = undefined
})
const started = stoppedAfterEachTest()

/** The process the host talks to, and the one its agent's desktop talks to (the routing one, on Redis). */
async function embedded(): Promise<{ host: TestServer; desktop: TestServer }> {
  const t = await started.serve()
  return { host: t, desktop: t }
}

async function onRedis(): Promise<{ host: TestServer; desktop: TestServer }> {
  redis = await startRedisServer()
  const url = redis.url
  const coordinator = () => createRedisCoordinator({ url, prefix: 'state-if:', takeoverMs: 20_000 })
  const desktop = await started.serve({ coordinator })
  const host = await started.serve({ coordinator })
  expect([desktop.server.coordinator.primary?.(), host.server.coordinator.primary?.()]).toEqual([true, false])
  return { host, desktop }
}

describe('PUT /v1/agents/{id}/state with ifState', () => {
  it.each([
    ['embedded', embedded],
    ['Redis (forwarded by a follower)', onRedis],
  ])(
    '%s: a change made between the read and the conditional change gets 409 and keeps the newer state',
    async (_, start) => {
      const { host, desktop } = await start()
      await host.ok('PUT', '/v1/agents/ann/state', { state: 'busy' })
      expect((await host.ok('GET', '/v1/agents')).agents).toContainEqual(
        expect.objectContaining({ id: 'ann', state: 'busy' }),
      )
      // between the host's read and its change, the agent goes on a break
      await desktop.ok('PUT', '/v1/agents/ann/state', { state: 'not-ready', reason: 'Break' })
      expect(await host.request('PUT', '/v1/agents/ann/state', { state: 'ready', ifState: 'busy' })).toEqual({
        status: 409,
        body: {
          error:
            'Agent "ann" is not-ready for voice, not busy: its state changed since; "ready" not applied (ifState)',
          code: 'state-changed',
          current: 'not-ready',
        },
      })
      for (const t of [host, desktop])
        expect((await t.ok('GET', '/v1/agents')).agents).toContainEqual(
          expect.objectContaining({ id: 'ann', state: 'not-ready', reason: 'Break' }),
        )
      // the condition met, it is an ordinary change
      expect(await host.ok('PUT', '/v1/agents/ann/state', { state: 'ready', ifState: 'not-ready' })).toEqual({
        ok: true,
      })
      expect((await desktop.ok('GET', '/v1/agents')).agents).toContainEqual(
        expect.objectContaining({ id: 'ann', state: 'ready' }),
      )
    },
  )

  it('refuses an ifState that is no agent state with 400, and documents the field and the 409', async () => {
    const t = await started.serve()
    const bad = await t.request('PUT', '/v1/agents/ann/state', { state: 'ready', ifState: 'lunch' })
    expect(bad.status).toBe(400)
    expect(JSON.stringify(bad.body)).toContain('ifState')
    // a batch's agent-state takes it as the single endpoint does
    const batch = await t.ok('POST', '/v1/commands', {
      commands: [
        { op: 'agent-state', id: 'ann', state: 'ready', ifState: 'busy' },
        { op: 'agent-state', id: 'bob', state: 'ready', ifState: 'logged-out' },
      ],
    })
    expect(batch.results).toEqual([
      { status: 409, body: expect.objectContaining({ code: 'state-changed', current: 'logged-out' }) },
      { status: 200, body: { ok: true } },
    ])
    const doc = (await t.request('GET', '/openapi.json')).body
    expect(Object.keys(doc.components.schemas.AgentState.properties)).toContain('ifState')
    expect(doc.components.schemas.Error.properties.code.enum).toContain('state-changed')
    expect(doc.paths['/v1/agents/{id}/state'].put.responses['409'].description).toContain('state-changed')
  })
})

describe('PUT /v1/agents/{id}/state with ifReason', () => {
  const SIGNED_OUT = 'Signed out: logs out after this call'
  it.each([
    ['embedded', embedded],
    ['Redis (forwarded by a follower)', onRedis],
  ])(
    '%s: a reason changed between the read and the conditional change gets 409 and keeps the newer one',
    async (_, start) => {
      const { host, desktop } = await start()
      await host.ok('PUT', '/v1/agents/ann/state', { state: 'not-ready', reason: SIGNED_OUT })
      // another bridge's login of the agent: still not ready, another reason
      await desktop.ok('PUT', '/v1/agents/ann/state', { state: 'not-ready', reason: 'Logged in' })
      const logout = { state: 'logged-out', ifState: 'not-ready', ifReason: SIGNED_OUT }
      expect(await host.request('PUT', '/v1/agents/ann/state', logout)).toEqual({
        status: 409,
        body: {
          error: `Agent "ann" is not-ready for voice with reason "Logged in", not "${SIGNED_OUT}": its state changed since; "logged-out" not applied (ifReason)`,
          code: 'state-changed',
          current: 'not-ready',
          currentReason: 'Logged in',
        },
      })
      for (const t of [host, desktop])
        expect((await t.ok('GET', '/v1/agents')).agents).toContainEqual(
          expect.objectContaining({ id: 'ann', state: 'not-ready', reason: 'Logged in' }),
        )
      // an agent with no reason answers null; the condition met, it is an ordinary change
      await desktop.ok('PUT', '/v1/agents/ann/state', { state: 'ready' })
      expect(await host.request('PUT', '/v1/agents/ann/state', logout)).toMatchObject({
        status: 409,
        body: { current: 'ready', currentReason: null },
      })
      await desktop.ok('PUT', '/v1/agents/ann/state', { state: 'not-ready', reason: SIGNED_OUT })
      expect(await host.ok('PUT', '/v1/agents/ann/state', logout)).toEqual({ ok: true })
      expect((await desktop.ok('GET', '/v1/agents')).agents).toContainEqual(
        expect.objectContaining({ id: 'ann', state: 'logged-out' }),
      )
    },
  )

  it('documents ifReason and currentReason', async () => {
    const t = await started.serve()
    const doc = (await t.request('GET', '/openapi.json')).body
    expect(Object.keys(doc.components.schemas.AgentState.properties)).toContain('ifReason')
    expect(Object.keys(doc.components.schemas.Error.properties)).toContain('currentReason')
    expect(doc.paths['/v1/agents/{id}/state'].put.responses['409'].description).toContain('ifReason')
  })
})
