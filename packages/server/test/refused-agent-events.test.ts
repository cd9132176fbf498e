// Hot reload of a real `serve` on real files, alone and with Redis: a host agent event the current router refuses
// (409: out of order, or a media the agent has no capacity for) is not the agent's word: versions deployed later do
// not start with it and draining versions never hear it.
import { createSimulatedClock } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { DIRECTORY, stoppedAfterEachTest, supportStrategy, type TestServer } from './helpers.ts'
import { aloneAndWithRedis, GREETING_FIRST, type Setup } from './reload-setups.ts'

const START = Date.UTC(2026, 10, 30, 10, 0, 0)

/** The test directory with ann able to take chats too. */
const ANN_CHATS = DIRECTORY.replace(
  'ann: { groups: [support], capacity: { voice: 1 } }',
  'ann: { groups: [support], capacity: { voice: 1, chat: 1 } }',
)

let t: TestServer | undefined
const started = stoppedAfterEachTest()

const setups = aloneAndWithRedis('refused')

async function start(setup: Setup, files: Record<string, string> = {}): Promise<void> {
  const clock = createSimulatedClock(START)
  t = await started.serve({ clock, ...(await setup(clock)) }, files)
}

const ok = (method: string, url: string, body?: unknown) => t!.ok(method, url, body)
const view = (id: string) => ok('GET', `/v1/interactions/${id}`)

async function reload(): Promise<string> {
  return (await ok('POST', '/v1/reload')).version as string
}

async function annState(): Promise<unknown> {
  const agents = (await ok('GET', '/v1/agents')).agents as Array<{ id: string; state: string }>
  return agents.find((a) => a.id === 'ann')?.state
}

describe.each(setups)('a host agent event the router refused, %s', (_, setup) => {
  it('an out-of-order event is not replayed to a later version, nor restored to a draining one', async () => {
    await start(setup)
    await ok('PUT', '/v1/agents/ann/state', { state: 'not-ready', at: START - 2000 })
    const stale = await t!.request('PUT', '/v1/agents/ann/state', { state: 'ready', at: START - 3000 })
    expect(stale.status).toBe(409)
    expect(stale.body.error).toMatch(/out of order/)
    expect(await annState()).toBe('not-ready')
    const old = await ok('POST', '/v1/interactions', { id: 'old', strategy: 'support' })
    expect(old.state).toBe('queued')

    t!.workspace.write('support.strategy.yaml', supportStrategy('support', '5m'))
    const second = await reload()
    expect(second).not.toBe(old.version)
    // the new version starts with ann's last accepted word, not the refused one
    expect(await annState()).toBe('not-ready')
    expect(await ok('POST', '/v1/interactions', { id: 'new', strategy: 'support' })).toMatchObject({
      version: second,
      state: 'queued',
    })
    // nothing reserved ann on either version (so nothing restored the refused state to the draining one)
    for (const id of ['old', 'new']) expect((await view(id)).agent, id).toBeUndefined()

    // the host's next accepted word reaches both versions: exactly one interaction gets ann
    await ok('PUT', '/v1/agents/ann/state', { state: 'ready' })
    const states = [await view('old'), await view('new')].map((v) => [v.state, v.agent ?? null])
    expect(states.filter(([state]) => state === 'reserved')).toEqual([['reserved', 'ann']])
  })

  it('a media the current directory no longer gives the agent is never heard by the draining version', async () => {
    await start(setup, { 'center.directory.yaml': ANN_CHATS })
    const old = await ok('POST', '/v1/interactions', { id: 'old', strategy: 'support', media: 'chat' })
    expect(old.state).toBe('queued')

    t!.workspace.write('center.directory.yaml', DIRECTORY)
    const second = await reload()
    expect(second).not.toBe(old.version)
    const chat = await t!.request('PUT', '/v1/agents/ann/state', { state: 'ready', media: 'chat' })
    expect(chat.status).toBe(409)
    expect(chat.body.error).toMatch(/no capacity for media "chat"/)
    // the draining version, whose directory still gives ann chats, did not take the refused state
    expect(await view('old')).toMatchObject({ version: old.version, state: 'queued' })
    expect((await view('old')).agent).toBeUndefined()

    // a later version does not start with it either, and the host's accepted word still reaches the draining one
    t!.workspace.write('support.strategy.yaml', supportStrategy('support', '5m'))
    const third = await reload()
    expect(third).not.toBe(second)
    expect(await annState()).toBe('logged-out')
    await ok('PUT', '/v1/agents/ann/state', { state: 'ready' })
    expect(await view('old')).toMatchObject({ version: old.version, state: 'reserved', agent: 'ann' })
  })

  it('an accepted event is not refused for what another version refuses because of it', async () => {
    await start(setup, { 'support.strategy.yaml': GREETING_FIRST })
    // the draining version's interaction is still in its greeting: it waits for no agent yet
    expect((await ok('POST', '/v1/interactions', { id: 'old', strategy: 'support' })).state).toBe('routing')
    const first = (await view('old')).version
    t!.workspace.write('support.strategy.yaml', supportStrategy('support', '5m'))
    const second = await reload()
    expect(await ok('POST', '/v1/interactions', { id: 'new', strategy: 'support' })).toMatchObject({
      version: second,
      state: 'queued',
    })
    // the host's clock runs ahead of the server's: both versions hear not ready, then ready, stamped later than now
    await ok('PUT', '/v1/agents/ann/state', { state: 'not-ready', at: START + 4000 })
    // the current version reserves ann and the draining one is shown her busy: the host's event was accepted
    await ok('PUT', '/v1/agents/ann/state', { state: 'ready', at: START + 5000 })
    expect(await view('new')).toMatchObject({ version: second, state: 'reserved', agent: 'ann' })
    // the busy is stamped no earlier than the host's word, so the draining version took it: ann is not offered twice
    await ok('POST', '/v1/interactions/old/treatment-done')
    expect(await view('old')).toMatchObject({ version: first, state: 'queued' })
    expect((await view('old')).agent).toBeUndefined()
  })
})
