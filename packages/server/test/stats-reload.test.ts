// Statistics across a hot reload of a real `serve` on real workspace files (simulated clock, so figures are exact):
// one provider outlives strategy versions, so strategies read and route on the same figures right after a reload,
// an agent's state is counted once while two versions are live, and a changed directory moves agents' figures.
import { createSimulatedClock, type SimulatedClock } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { stoppedAfterEachTest, type TestServer } from './helpers.ts'
import { directory, RETENTION_READS, strategy } from './stats-workspace.ts'

const START = Date.UTC(2026, 10, 30, 10, 0, 0)

let t: TestServer | undefined
let clock: SimulatedClock
const started = stoppedAfterEachTest()

async function start(): Promise<TestServer> {
  clock = createSimulatedClock(START)
  t = await started.serve(
    { clock },
    { 'center.directory.yaml': directory(), 'support.strategy.yaml': strategy() },
  )
  return t
}

const ok = (method: string, url: string, body?: unknown) => t!.ok(method, url, body)

const state = (agent: string, s: string) => ok('PUT', `/v1/agents/${agent}/state`, { state: s })
const submit = (id: string, data: Record<string, string> = {}) =>
  ok('POST', '/v1/interactions', { id, strategy: 'support', data })

/** What the strategy read, by statistic: a probe's `stat` trace entries. */
async function probe(id: string): Promise<Record<string, number>> {
  await submit(id, { probe: 'yes' })
  const view = await ok('GET', `/v1/interactions/${id}`)
  const reads: Record<string, number> = {}
  for (const entry of view.trace as Array<{ kind: string; name: string; value: number }>)
    if (entry.kind === 'stat') reads[entry.name] = entry.value
  return reads
}

/** Where a check interaction went: overflow once two were handled, else voicemail. */
async function check(id: string): Promise<string | undefined> {
  await submit(id, { probe: 'check' })
  return ((await ok('GET', `/v1/interactions/${id}`)).path as string[]).at(-1)
}

async function supportQueue(): Promise<unknown> {
  const monitor = await ok('GET', '/v1/monitor')
  return (monitor.queues as Array<{ id: string }>).find((q) => q.id === 'group:support')
}

async function reload(files: Record<string, string>): Promise<string> {
  for (const [file, text] of Object.entries(files)) t!.workspace.write(file, text)
  const answer = await ok('POST', '/v1/reload')
  expect(answer.applied).toBe(true)
  return answer.version as string
}

describe('serve: statistics across a hot reload', () => {
  it('reads the same figures, and routes the same on them, right after a reload; then counts on', async () => {
    await start()
    await state('ann', 'ready')
    // c1 answered at once and handled 60 s; c2 answered after 10 s and handled 90 s; c3 abandoned after 5 s
    expect((await submit('c1')).agent).toBe('ann')
    await ok('POST', '/v1/interactions/c1/confirm')
    clock.advance(60_000)
    await ok('POST', '/v1/interactions/c1/complete')
    await state('ann', 'not-ready')
    expect((await submit('c2')).state).toBe('queued')
    clock.advance(10_000)
    await state('ann', 'ready')
    await ok('POST', '/v1/interactions/c2/confirm')
    clock.advance(90_000)
    await ok('POST', '/v1/interactions/c2/complete')
    await state('ann', 'not-ready')
    await submit('c3')
    clock.advance(5_000)
    await ok('POST', '/v1/interactions/c3/abandon')
    await state('ann', 'ready')
    clock.advance(7_000)

    const before = await probe('p1')
    expect(before).toEqual({
      'ServiceLevel(20s) of group:support (15m)': 2 / 3,
      'InteractionsHandled of group:support (15m)': 2,
      'AbandonRate of group:support (15m)': 1 / 3,
      'AverageSpeedOfAnswer of group:support (15m)': 5,
      'AverageHandleTime of group:support (15m)': 75,
      'AgentsReady of group:support (current)': 1,
      'TimeInState of agent:ann (current)': 7,
    })
    expect(await check('k1')).toBe('overflow')
    const monitorBefore = await supportQueue()
    expect(monitorBefore).toMatchObject({ offered: 3, answered: 2, abandoned: 1 })

    const first = (await ok('GET', '/v1/versions')).versions as Array<{ version: string }>
    const second = await reload({ 'support.strategy.yaml': strategy('2m') })
    expect(second).not.toBe(first[0]!.version)
    expect(await probe('p2')).toEqual(before)
    expect(await check('k2')).toBe('overflow')
    expect((await ok('GET', '/v1/interactions/k2')).version).toBe(second)
    expect(await supportQueue()).toEqual(monitorBefore)

    // and it counts on from there, on the new version
    expect((await submit('c4')).agent).toBe('ann')
    await ok('POST', '/v1/interactions/c4/confirm')
    clock.advance(30_000)
    await ok('POST', '/v1/interactions/c4/complete')
    const after = await probe('p3')
    expect(after['InteractionsHandled of group:support (15m)']).toBe(3)
    expect(after['AverageHandleTime of group:support (15m)']).toBe(60)
    expect(after['ServiceLevel(20s) of group:support (15m)']).toBe(3 / 4)
  })

  it('counts an agent state once while two versions are live, and never the busy one version is shown', async () => {
    await start()
    await state('ann', 'ready')
    expect((await submit('i1')).agent).toBe('ann')
    await ok('POST', '/v1/interactions/i1/confirm')
    clock.advance(10_000)
    await state('bob', 'ready')
    // i1 is connected on the first version: the second sees ann busy (so it never books her twice)
    await reload({ 'support.strategy.yaml': strategy('2m') })
    expect(((await ok('GET', '/v1/versions')).versions as unknown[]).length).toBe(2)
    clock.advance(10_000)
    // reaches both versions' routers: counted once
    await state('bob', 'not-ready')
    const live = await probe('p1')
    expect(live['AgentsReady of group:support (current)']).toBe(0)
    // ann has been ready (at capacity) since the start as far as the host said: no busy, no replay restarted it
    expect(live['TimeInState of agent:ann (current)']).toBe(20)

    clock.advance(5_000)
    await ok('POST', '/v1/interactions/i1/complete')
    expect(((await ok('GET', '/v1/versions')).versions as unknown[]).length).toBe(1)
    const drained = await probe('p2')
    expect(drained['AgentsReady of group:support (current)']).toBe(1)
    expect(drained['TimeInState of agent:ann (current)']).toBe(25)
    expect(drained['InteractionsHandled of group:support (15m)']).toBe(1)
    expect(drained['AverageHandleTime of group:support (15m)']).toBe(25)
  })

  it('follows a directory change: a new group has its agents figures at once, a moved agent leaves its old group', async () => {
    await start()
    await state('ann', 'ready')
    await state('bob', 'ready')
    expect((await submit('c1')).agent).toBeDefined()
    await ok('POST', '/v1/interactions/c1/confirm')
    clock.advance(40_000)
    await ok('POST', '/v1/interactions/c1/complete')
    expect((await probe('p1'))['AgentsReady of group:support (current)']).toBe(2)

    // bob moves to the new retention group, cat joins it (never heard of: logged out)
    await reload({
      'center.directory.yaml': directory(true),
      'support.strategy.yaml': strategy('1m', RETENTION_READS),
    })
    const reads = await probe('p2')
    expect(reads['AgentsReady of group:retention (current)']).toBe(1)
    expect(reads['AgentsLoggedIn of group:retention (current)']).toBe(1)
    expect(reads['AgentsReady of group:support (current)']).toBe(1)
    // the support group's windows stay
    expect(reads['InteractionsHandled of group:support (15m)']).toBe(1)
    expect(reads['AverageHandleTime of group:support (15m)']).toBe(40)
    // cat comes in: counted in her new group
    await state('cat', 'ready')
    expect((await probe('p3'))['AgentsReady of group:retention (current)']).toBe(2)
  })
})
