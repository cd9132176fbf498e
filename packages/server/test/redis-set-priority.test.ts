// A host's priority change sent to the process that does not route, on one real redis-server: forwarded to the
// routing process, the waiting interaction moves in line there, its stored snapshot carries the new priority, and
// the process that takes over serves it at that priority.
import { eventually } from '@routewright/node-support/testing'
import { createRedisCoordinator, type ServerEvent } from '@routewright/server'
import type { InteractionSnapshot } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { redisKeys } from '../src/core/redis-scripts.ts'
import { workspaceOf } from './coordinator-contract.ts'
import { redisForFile } from './redis-for-file.ts'

const shared = redisForFile()
let prefixes = 0

const make = (prefix: string) => createRedisCoordinator({ url: shared.redis.url, prefix, takeoverMs: 1000 })

/** The priority of the waiting snapshot Redis keeps of `id` (what a process taking over resumes). */
async function storedPriority(prefix: string, id: string): Promise<number[]> {
  const text = (await shared.link.send(['HGET', redisKeys(prefix).interactions, id])) as string
  const { snapshot } = JSON.parse(text) as { snapshot: InteractionSnapshot }
  return [snapshot.priority, snapshot.wait!.priority]
}

describe('serve --redis: a priority change', () => {
  it('reaches the routing process from the other one, is stored with the snapshot and survives a takeover', async () => {
    const prefix = `priority${++prefixes}:`
    const a = await make(prefix)
    const b = await make(prefix)
    const seen: ServerEvent[] = []
    b.subscribe((e) => seen.push(e))
    try {
      expect([a.primary(), b.primary()]).toEqual([true, false])
      await a.deploy(workspaceOf('v1'))
      await b.deploy(workspaceOf('v1'))
      for (const id of ['x', 'y', 'z']) await b.submit({ id, strategy: 'support' })
      expect((await b.setPriority('z', { priority: 10 })).ok).toBe(true)
      // answered once the change is in Redis: the stored snapshot has it already
      expect(await storedPriority(prefix, 'z')).toEqual([10, 10])
      expect((await b.waiting()).map((w) => `${w.interaction}:${w.priority}`)).toEqual(['z:10', 'x:0', 'y:0'])
      expect((await b.setPriority('x', { by: 4 })).ok).toBe(true)
      expect(await storedPriority(prefix, 'x')).toEqual([4, 4])
      await eventually(() =>
        expect(seen.filter((e) => e.type === 'priority-changed')).toMatchObject([
          { interaction: 'z', from: 0, to: 10 },
          { interaction: 'x', from: 0, to: 4 },
        ]),
      )
      // refused where it routes, answered as the single process would
      expect(await b.setPriority('nobody', { priority: 1 })).toMatchObject({
        ok: false,
        status: 404,
        code: 'unknown-interaction',
      })
      expect(await b.setPriority('y', { by: 2_000_000 })).toMatchObject({
        ok: false,
        status: 422,
        code: 'over-limit',
      })

      await a.stop()
      await eventually(() => expect(b.primary()).toBe(true), 3000)
      expect((await b.waiting()).map((w) => `${w.interaction}:${w.priority}`)).toEqual(['z:10', 'x:4', 'y:0'])
      // the next agent ready takes the one the host put first
      await b.agentEvent({ agent: 'ann', state: 'ready' })
      expect((await b.interaction('z'))?.agent).toBe('ann')
    } finally {
      await a.stop()
      await b.stop()
    }
  })
})
