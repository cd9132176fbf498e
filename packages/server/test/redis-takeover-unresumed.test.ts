// A takeover that cannot resume some stored interactions (a snapshot its strategy no longer fits, an entry damaged
// in Redis) contains each: it ends as failed (the platform hears failed and finished with outcome error), its keys
// leave Redis, it is logged and shown in /healthz's takeover, the others resume, and the new leader keeps routing
// (before, the first such resume stepped it down and it took over again, with nothing reported).
import { eventually } from '@routewright/node-support/testing'
import { createRedisCoordinator, type ServerEvent } from '@routewright/server'
import { describe, expect, it } from 'vitest'
import { redisKeys } from '../src/core/redis-scripts.ts'
import { workspaceOf } from './coordinator-contract.ts'
import { redisForFile } from './redis-for-file.ts'

const shared = redisForFile()

type Line = { level: string; message: string; fields?: Record<string, unknown> }

const make = (prefix: string, lines: Line[]) =>
  createRedisCoordinator({
    url: shared.redis.url,
    prefix,
    takeoverMs: 1000,
    log: (level, message, fields) => lines.push({ level, message, ...(fields ? { fields } : {}) }),
  })

describe('a takeover that cannot resume an interaction', () => {
  it('ends that one as failed, cleans its keys, reports it and keeps routing the others', async () => {
    const prefix = 'unresumed:'
    const keys = redisKeys(prefix)
    const send = (command: string[]) => shared.link.send(command)
    const aLines: Line[] = []
    const bLines: Line[] = []
    const a = await make(prefix, aLines)
    const b = await make(prefix, bLines)
    const seen: ServerEvent[] = []
    b.subscribe((event) => seen.push(event))
    try {
      await a.deploy(workspaceOf('v1'))
      // nobody is ready: all three wait in line, their snapshots in Redis
      for (const id of ['keep1', 'broken', 'keep2'])
        expect(await a.submit({ id, strategy: 'support', data: { tier: 'gold' } })).toMatchObject({
          ok: true,
          value: { state: 'queued' },
        })
      expect(await send(['HEXISTS', keys.submitted, 'broken'])).toBe(1)
      // the strategy changed under it: its snapshot waits at a node the strategy no longer has
      const entry = JSON.parse((await send(['HGET', keys.interactions, 'broken'])) as string)
      entry.snapshot.frames.at(-1).node = 'gone'
      await send(['HSET', keys.interactions, 'broken', JSON.stringify(entry)])
      // and an entry that is not JSON at all, with its submitted field
      await send(['HSET', keys.interactions, 'garbled', '{"record":'])
      await send(['HSET', keys.submitted, 'garbled', '{"ani":"1"}'])

      await a.stop()
      await eventually(() => expect(b.primary()).toBe(true), 5000)
      const takeover = b.status?.().redis?.takeover
      expect(takeover).toMatchObject({ resumed: 2, withdrawnReservations: 0, failed: 2 })
      // contained: the leader was never refused nor stepped down, and took over once
      expect(bLines.filter((l) => l.message === 'routing state refused by Redis')).toEqual([])
      expect(bLines.filter((l) => l.message === 'this process routes now')).toEqual([
        expect.objectContaining({ fields: expect.objectContaining({ resumed: 2, failed: 2 }) }),
      ])
      const notResumed = bLines.filter((l) => l.message.startsWith('interaction not resumed'))
      expect(notResumed.map((l) => l.fields?.interaction).sort()).toEqual(['broken', 'garbled'])
      expect(notResumed.find((l) => l.fields?.interaction === 'broken')?.fields?.reason).toMatch(
        /has no node "gone"/,
      )
      expect(notResumed.find((l) => l.fields?.interaction === 'garbled')?.message).toMatch(/unreadable/)

      // the others wait in line as before; the broken one ended as a failed run does, and says why
      for (const id of ['keep1', 'keep2']) expect((await b.interaction(id))?.state).toBe('queued')
      const broken = await b.interaction('broken')
      expect(broken).toMatchObject({ state: 'failed', outcome: 'error' })
      expect(broken?.reason).toMatch(/^Not resumed when routing changed hands: .*has no node "gone"/)
      await eventually(() =>
        expect(seen.filter((e) => e.interaction === 'broken').map((e) => e.type)).toEqual(
          expect.arrayContaining(['failed', 'finished']),
        ),
      )
      expect(seen.find((e) => e.interaction === 'broken' && e.type === 'finished')).toMatchObject({
        outcome: 'error',
      })
      // nothing of either is left in Redis but the failed one's closed view
      for (const id of ['broken', 'garbled']) {
        expect(await send(['HEXISTS', keys.interactions, id])).toBe(0)
        expect(await send(['HEXISTS', keys.submitted, id])).toBe(0)
      }
      expect(await send(['HLEN', keys.interactions])).toBe(2)
      expect(await send(['EXISTS', `${keys.closedPrefix}broken`])).toBe(1)
      // and it routes: the first waiting one gets the agent who becomes ready
      expect((await b.agentEvent({ agent: 'ann', state: 'ready' })).ok).toBe(true)
      expect(await b.interaction('keep1')).toMatchObject({ state: 'reserved', agent: 'ann' })
      expect(b.primary()).toBe(true)
    } finally {
      await a.stop()
      await b.stop()
    }
  })
})
