// What a cluster keeps per deploy is bounded: a version retired by the routing process (nothing open on it) leaves
// Redis's `versions` hash once no stored interaction names it, and a process writes back after Redis lost its data
// only the versions still in use; a takeover still finds the version of every interaction it resumes.
import { eventually } from '@routewright/node-support/testing'
import { createRedisCoordinator } from '@routewright/server'
import { describe, expect, it } from 'vitest'
import { redisKeys } from '../src/core/redis-scripts.ts'
import { storedVersionText } from '../src/core/redis-stored.ts'
import { workspaceOf } from './coordinator-contract.ts'
import { redisForFile } from './redis-for-file.ts'

const shared = redisForFile()
let prefixes = 0

const make = (prefix: string) => createRedisCoordinator({ url: shared.redis.url, prefix, takeoverMs: 1000 })

/** The versions Redis stores for the cluster under `prefix`, sorted. */
async function stored(prefix: string): Promise<string[]> {
  return ((await shared.link.send(['HKEYS', redisKeys(prefix).versions])) as string[]).sort()
}

describe('versions retired on a Redis cluster', { timeout: 60_000 }, () => {
  it('keeps the stored versions open interactions name across a takeover, and drops each once they end', async () => {
    const prefix = `retire${++prefixes}:`
    const a = await make(prefix)
    const b = await make(prefix)
    try {
      expect([a.primary(), b.primary()]).toEqual([true, false])
      await a.deploy(workspaceOf('v1'))
      await b.agentEvent({ agent: 'ann', state: 'ready' })
      // one connected and one queued behind it, both on v1
      expect(await b.submit({ id: 'x1', strategy: 'support' })).toMatchObject({ value: { agent: 'ann' } })
      expect((await b.confirmReservation('x1')).ok).toBe(true)
      expect(await b.submit({ id: 'x2', strategy: 'support' })).toMatchObject({ value: { state: 'queued' } })
      // deployed through either process; each one retires the one before but v1
      for (let n = 2; n <= 6; n++) await (n % 2 ? a : b).deploy(workspaceOf(`v${n}`))
      await eventually(async () => expect(await stored(prefix)).toEqual(['v1', 'v6']))
      // the routing process hands over: the next one reads x1's and x2's version from Redis
      await a.stop()
      await eventually(() => expect(b.primary()).toBe(true), 5000)
      expect(await b.interaction('x2')).toMatchObject({ state: 'queued', version: 'v1' })
      expect((await b.complete('x1')).ok).toBe(true)
      expect(await b.interaction('x2')).toMatchObject({ state: 'reserved', agent: 'ann', version: 'v1' })
      expect((await b.confirmReservation('x2')).ok).toBe(true)
      expect(await stored(prefix)).toEqual(['v1', 'v6'])
      expect((await b.complete('x2')).ok).toBe(true)
      await eventually(async () => expect(await stored(prefix)).toEqual(['v6']))
      expect((await b.versions()).map((v) => v.version)).toEqual(['v6'])
    } finally {
      await a.stop()
      await b.stop()
    }
  })

  it('writes back only the versions in use after Redis lost its data', async () => {
    const prefix = `reseed${++prefixes}:`
    const keys = redisKeys(prefix)
    const a = await make(prefix)
    try {
      await a.deploy(workspaceOf('v1'))
      await a.agentEvent({ agent: 'ann', state: 'ready' })
      expect(await a.submit({ id: 'x1', strategy: 'support' })).toMatchObject({ value: { agent: 'ann' } })
      for (let n = 2; n <= 6; n++) await a.deploy(workspaceOf(`v${n}`))
      await eventually(async () => expect(await stored(prefix)).toEqual(['v1', 'v6']))
      // Redis restarts empty (this cluster's keys only)
      const all = (await shared.link.send(['KEYS', `${prefix}*`])) as string[]
      await shared.link.send(['DEL', ...all])
      await eventually(
        async () => (await shared.link.send(['EXISTS', keys.epoch])) === 1 || undefined,
        10_000,
      )
      // the routing process wrote back what it knows: the current version and the one x1 is on, not every deploy
      await eventually(async () => expect(await stored(prefix)).toEqual(['v1', 'v6']), 10_000)
    } finally {
      await a.stop()
    }
  })

  it('drops at a takeover the stored versions nothing names, left by a serve before this one', async () => {
    const prefix = `left${++prefixes}:`
    const keys = redisKeys(prefix)
    for (const version of ['old1', 'old2', 'old3'])
      await shared.link.send(['HSET', keys.versions, version, storedVersionText(workspaceOf(version))])
    const a = await make(prefix)
    try {
      await a.deploy(workspaceOf('v1'))
      await eventually(async () => expect(await stored(prefix)).toEqual(['v1']))
    } finally {
      await a.stop()
    }
  })
})
