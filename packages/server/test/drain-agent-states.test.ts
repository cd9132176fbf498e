// Hot reload of a real `serve` on real files, alone and with Redis: a version still finishing interactions hears the
// agent states another version's router sets (not ready after a reservation that was not answered, or rejected), so
// it never offers that agent again; the host's next word for the agent reaches every version as before.
import { createSimulatedClock, type SimulatedClock } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { stoppedAfterEachTest, supportStrategy, type TestServer } from './helpers.ts'
import { aloneAndWithRedis, GREETING_FIRST, type Setup } from './reload-setups.ts'

const START = Date.UTC(2026, 10, 30, 10, 0, 0)
const RESERVATION_MS = 20_000

let t: TestServer | undefined
let clock: SimulatedClock
const started = stoppedAfterEachTest()

const setups = aloneAndWithRedis('drain', { reservationTimeoutMs: RESERVATION_MS })

const ok = (method: string, url: string, body?: unknown) => t!.ok(method, url, body)
const view = (id: string) => ok('GET', `/v1/interactions/${id}`)

/**
 * `old` waits on the first version (its greeting not yet done), the workspace is reloaded, ann comes ready and the
 * new version reserves her for `new`; then `end` ends that reservation without ann taking it.
 */
async function reservedOnTheNewVersion(setup: Setup): Promise<{ first: string; second: string }> {
  clock = createSimulatedClock(START)
  t = await started.serve(
    { clock, limits: { reservationTimeoutMs: RESERVATION_MS }, ...(await setup(clock)) },
    { 'support.strategy.yaml': GREETING_FIRST },
  )
  expect((await ok('POST', '/v1/interactions', { id: 'old', strategy: 'support' })).state).toBe('routing')
  const first = (await view('old')).version as string
  t.workspace.write('support.strategy.yaml', supportStrategy('support', '10m'))
  const second = (await ok('POST', '/v1/reload')).version as string
  expect(second).not.toBe(first)
  await ok('PUT', '/v1/agents/ann/state', { state: 'ready' })
  expect(await ok('POST', '/v1/interactions', { id: 'new', strategy: 'support' })).toMatchObject({
    version: second,
    state: 'reserved',
    agent: 'ann',
  })
  return { first, second }
}

/** The old version's interaction reaches its target after the new version set ann not ready: nobody is offered. */
async function expectAnnOfferedToNobody(first: string): Promise<void> {
  expect((await view('new')).state).toBe('queued')
  await ok('POST', '/v1/interactions/old/treatment-done')
  expect(await view('old')).toMatchObject({ version: first, state: 'queued' })
  expect((await view('old')).agent).toBeUndefined()
  expect((await ok('GET', '/v1/agents')).agents).toContainEqual(
    expect.objectContaining({ id: 'ann', state: 'not-ready' }),
  )
  // the host's word for ann reaches both versions again: exactly one of the two interactions gets her
  await ok('PUT', '/v1/agents/ann/state', { state: 'ready' })
  const states = [await view('old'), await view('new')].map((v) => [v.state, v.agent ?? null])
  expect(states.filter(([state]) => state === 'reserved')).toEqual([['reserved', 'ann']])
  expect(states.filter(([state]) => state === 'queued')).toHaveLength(1)
}

describe.each(setups)(
  'hot reload, %s: a draining version hears agent states other versions set',
  (_, setup) => {
    it('an unanswered reservation (RONA) on the new version sets ann not ready on the old one too', async () => {
      const { first } = await reservedOnTheNewVersion(setup)
      clock.advance(RESERVATION_MS)
      await expectAnnOfferedToNobody(first)
    })

    it('a reservation the host rejected on the new version sets ann not ready on the old one too', async () => {
      const { first } = await reservedOnTheNewVersion(setup)
      await ok('POST', '/v1/interactions/new/reject')
      await expectAnnOfferedToNobody(first)
    })

    it('a version deployed after the RONA starts with ann not ready', async () => {
      const { second } = await reservedOnTheNewVersion(setup)
      clock.advance(RESERVATION_MS)
      t!.workspace.write('support.strategy.yaml', supportStrategy('support', '5m'))
      const third = (await ok('POST', '/v1/reload')).version as string
      expect(third).not.toBe(second)
      const late = await ok('POST', '/v1/interactions', { id: 'late', strategy: 'support' })
      expect(late).toMatchObject({ version: third, state: 'queued' })
      expect((await ok('GET', '/v1/agents')).agents).toContainEqual(
        expect.objectContaining({ id: 'ann', state: 'not-ready' }),
      )
    })
  },
)
