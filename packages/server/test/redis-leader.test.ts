// The routing process's leader on a real redis-server, once it has stopped: a forwarded command that awaited Redis
// while routing moved runs on, and its host must hear the truth about its change (in Redis, or retry elsewhere).
import { describe, expect, it } from 'vitest'
import { createLeader, type LeaderOptions } from '../src/core/redis-leader.ts'
import { CoordinatorUnavailable } from '../src/core/redis-link.ts'
import { redisKeys } from '../src/core/redis-scripts.ts'
import { parseClosed, parseStored } from '../src/core/redis-stored-delta.ts'
import { workspaceOf } from './coordinator-contract.ts'
import { redisForFile } from './redis-for-file.ts'

const shared = redisForFile()
let prefixes = 0

async function stoppedLeader() {
  const keys = redisKeys(`leader${++prefixes}:`)
  const { link } = shared
  await link.send(['SET', keys.epoch, '1'])
  const faults: Error[] = []
  const options: LeaderOptions = {
    maxEvents: 1000,
    closedTtlMs: 60_000,
    maxClosed: 100,
    onFault: (error) => faults.push(error),
    onLost: () => {},
    onCommitted: () => {},
  }
  const leader = createLeader({ link, keys }, 1, options)
  const workspace = workspaceOf('v1')
  await leader.local.deploy(workspace)
  await leader.deployed(workspace)
  leader.agentEvent({ agent: 'ann', state: 'ready', at: 1 })
  await leader.flushed()
  expect(await link.send(['HEXISTS', keys.agents, 'ann'])).toBe(1)
  leader.stop()
  const inRedis = async (agent: string) => (await link.send(['HEXISTS', keys.agents, agent])) === 1
  return { leader, keys, faults, inRedis }
}

describe('a leader that stopped', () => {
  it('answers once a change made after the stop is in Redis, while no other process routes yet', async () => {
    const { leader, faults, inRedis } = await stoppedLeader()
    leader.agentEvent({ agent: 'bob', state: 'ready', at: 2 })
    await leader.flushed()
    expect(await inRedis('bob')).toBe(true)
    expect(faults).toEqual([])
  })

  it('refuses a change made after the stop once another process routes, and steps nobody down', async () => {
    const { leader, keys, faults, inRedis } = await stoppedLeader()
    // the next routing process took the lease: its epoch fences this one's commits
    await shared.link.send(['SET', keys.epoch, '2'])
    leader.agentEvent({ agent: 'bob', state: 'ready', at: 2 })
    await expect(leader.flushed()).rejects.toThrow(CoordinatorUnavailable)
    expect(await inRedis('bob')).toBe(false)
    // this process may route again by now, with a new leader: the old one's refusal is not a fault of it
    expect(faults).toEqual([])
  })
})

describe("a leader's texts of an interaction in Redis", () => {
  async function routedToAnn() {
    const keys = redisKeys(`leader${++prefixes}:`)
    const { link } = shared
    await link.send(['SET', keys.epoch, '1'])
    const faults: Error[] = []
    const leader = createLeader({ link, keys }, 1, {
      maxEvents: 1000,
      closedTtlMs: 60_000,
      maxClosed: 100,
      onFault: (error) => faults.push(error),
      onLost: () => {},
      onCommitted: () => {},
    })
    const workspace = workspaceOf('v1')
    await leader.local.deploy(workspace)
    await leader.deployed(workspace)
    leader.agentEvent({ agent: 'ann', state: 'ready', at: 1 })
    await leader.local.agentEvent({ agent: 'ann', state: 'ready' })
    expect((await leader.submit({ id: 'x', strategy: 'support', media: 'voice' })).ok).toBe(true)
    await leader.flushed()
    const text = async () => (await link.send(['HGET', keys.interactions, 'x'])) as string
    expect(parseStored('x', await text()).record.state).toBe('reserved')
    return { leader, keys, faults, text }
  }

  it('appends the confirm as a line and closes with one more, read back as the view', async () => {
    const { leader, keys, faults, text } = await routedToAnn()
    expect((await leader.local.confirmReservation('x')).ok).toBe(true)
    await leader.flushed()
    const connected = await text()
    expect(connected.split('\n')).toHaveLength(2)
    expect(parseStored('x', connected).record.state).toBe('connected')
    // as redis-commands.ts runs a complete: the load released first
    leader.completed('x')
    expect((await leader.local.complete('x')).ok).toBe(true)
    await leader.flushed()
    const closed = (await shared.link.send(['GET', `${keys.closedPrefix}x`])) as string
    expect(closed.split('\n')).toHaveLength(3)
    expect(parseClosed('x', closed)).toEqual(JSON.parse(JSON.stringify(leader.local.view('x'))))
    expect(faults).toEqual([])
    leader.stop()
  })

  it('writes it whole again when Redis holds no text to patch, with nobody stepped down', async () => {
    const { leader, keys, faults, text } = await routedToAnn()
    await shared.link.send(['HDEL', keys.interactions, 'x'])
    expect((await leader.local.confirmReservation('x')).ok).toBe(true)
    await leader.flushed()
    const whole = await text()
    expect(whole.split('\n')).toHaveLength(1)
    expect(parseStored('x', whole).record.state).toBe('connected')
    expect(parseStored('x', whole).trace?.length).toBeGreaterThan(0)
    expect(faults).toEqual([])
    leader.stop()
  })
})
