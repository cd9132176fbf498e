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

  it("releases an unreadable entry's hold and its agent's load: the next route to her is not refused", async () => {
    const prefix = 'unresumed-hold:'
    const keys = redisKeys(prefix)
    const send = (command: string[]) => shared.link.send(command)
    const bLines: Line[] = []
    const a = await make(prefix, [])
    let b: Awaited<ReturnType<typeof make>> | undefined
    try {
      await a.deploy(workspaceOf('v1'))
      expect((await a.agentEvent({ agent: 'ann', state: 'ready' })).ok).toBe(true)
      expect(await a.submit({ id: 'talk', strategy: 'support' })).toMatchObject({
        ok: true,
        value: { state: 'reserved', agent: 'ann' },
      })
      expect((await a.confirmReservation('talk')).ok).toBe(true)
      expect(await send(['HEXISTS', keys.holds, 'talk'])).toBe(1)
      expect(await send(['HGET', `${keys.loadPrefix}ann`, 'voice'])).toBe('1')
      // her call's entry is damaged (after the stop, which writes it again): the new leader has no record of it,
      // so its router thinks her free
      await a.stop()
      await send(['HSET', keys.interactions, 'talk', '{"record":'])
      b = await make(prefix, bLines)
      await eventually(() => expect(b?.primary()).toBe(true), 5000)
      expect(b.status?.().redis?.takeover).toMatchObject({ resumed: 0, failed: 1 })
      await eventually(async () => expect(await send(['HEXISTS', keys.holds, 'talk'])).toBe(0))
      expect(await send(['HGET', `${keys.loadPrefix}ann`, 'voice'])).toBe(null)
      // she is routed to, and Redis agrees (before, 'over:ann' stepped every new leader down)
      expect((await b.agentEvent({ agent: 'ann', state: 'ready' })).ok).toBe(true)
      expect(await b.submit({ id: 'next', strategy: 'support' })).toMatchObject({
        ok: true,
        value: { state: 'reserved', agent: 'ann' },
      })
      expect(await send(['HGET', `${keys.loadPrefix}ann`, 'voice'])).toBe('1')
      expect(bLines.filter((l) => l.message === 'routing state refused by Redis')).toEqual([])
      expect(b.primary()).toBe(true)
    } finally {
      await a.stop()
      await b?.stop()
    }
  })

  it('adopts a connected call whose version Redis lost: it stays connected, its agent held', async () => {
    const prefix = 'unresumed-connected:'
    const keys = redisKeys(prefix)
    const send = (command: string[]) => shared.link.send(command)
    const a = await make(prefix, [])
    const b = await make(prefix, [])
    const seen: ServerEvent[] = []
    b.subscribe((event) => seen.push(event))
    try {
      await a.deploy(workspaceOf('v1'))
      expect((await a.agentEvent({ agent: 'ann', state: 'ready' })).ok).toBe(true)
      expect((await a.submit({ id: 'talk', strategy: 'support' })).ok).toBe(true)
      expect((await a.confirmReservation('talk')).ok).toBe(true)
      // a newer version is current; the one the call started on is gone from Redis
      await a.deploy(workspaceOf('v2'))
      await send(['HDEL', keys.versions, 'v1'])

      await a.stop()
      await eventually(() => expect(b.primary()).toBe(true), 5000)
      expect(b.status?.().redis?.takeover).toMatchObject({ resumed: 1, failed: 0 })
      expect(await b.interaction('talk')).toMatchObject({ state: 'connected', agent: 'ann', version: 'v1' })
      expect(await send(['HEXISTS', keys.holds, 'talk'])).toBe(1)
      expect(await send(['HGET', `${keys.loadPrefix}ann`, 'voice'])).toBe('1')
      // its routed and finished (routed) came from the stream: nothing ended it
      expect(
        seen.filter((e) => e.interaction === 'talk' && (e.type === 'failed' || e.type === 'finished')),
      ).toEqual([expect.objectContaining({ type: 'finished', outcome: 'routed' })])
      // the host's complete still applies, and lets her go
      expect((await b.complete('talk')).ok).toBe(true)
      expect((await b.interaction('talk'))?.state).toBe('completed')
      await eventually(async () => expect(await send(['HEXISTS', keys.holds, 'talk'])).toBe(0))
    } finally {
      await a.stop()
      await b.stop()
    }
  })

  it('drops an agent entry that is not a JSON list and replays the others', async () => {
    const prefix = 'unresumed-agent:'
    const keys = redisKeys(prefix)
    const send = (command: string[]) => shared.link.send(command)
    const bLines: Line[] = []
    const a = await make(prefix, [])
    const b = await make(prefix, bLines)
    try {
      await a.deploy(workspaceOf('v1'))
      expect((await a.agentEvent({ agent: 'ann', state: 'ready' })).ok).toBe(true)
      await send(['HSET', keys.agents, 'bob', '[{"agent":'])
      await send(['HSET', keys.agents, 'cy', '{"agent":"cy"}'])

      await a.stop()
      await eventually(() => expect(b.primary()).toBe(true), 5000)
      expect(b.status?.().redis?.takeover).toMatchObject({ failed: 0, unreadableAgents: 2 })
      const dropped = bLines.filter((l) => l.message.startsWith('agent states in Redis are not'))
      expect(dropped.map((l) => l.fields?.agents)).toEqual([['bob', 'cy']])
      // gone with the takeover's first commit, not written as an empty list that stays forever
      await eventually(async () =>
        expect(await send(['HMGET', keys.agents, 'bob', 'cy'])).toEqual([null, null]),
      )
      expect(await send(['HEXISTS', keys.agents, 'ann'])).toBe(1)
      // ann's state was replayed: she is routed to at once
      expect(await b.submit({ id: 'next', strategy: 'support' })).toMatchObject({
        ok: true,
        value: { state: 'reserved', agent: 'ann' },
      })
      expect(b.primary()).toBe(true)
    } finally {
      await a.stop()
      await b.stop()
    }
  })

  it('drops an agent entry listing junk ([null], [1], another agent) and takes over', async () => {
    const prefix = 'unresumed-agent-junk:'
    const keys = redisKeys(prefix)
    const send = (command: string[]) => shared.link.send(command)
    const a = await make(prefix, [])
    const b = await make(prefix, [])
    try {
      await a.deploy(workspaceOf('v1'))
      expect((await a.agentEvent({ agent: 'ann', state: 'ready' })).ok).toBe(true)
      await send(['HSET', keys.agents, 'bob', '[null]'])
      await send(['HSET', keys.agents, 'cy', '[1]'])
      await send(['HSET', keys.agents, 'dee', '[{"agent":"ann","state":"ready"}]'])

      await a.stop()
      await eventually(() => expect(b.primary()).toBe(true), 5000)
      expect(b.status?.().redis?.takeover).toMatchObject({ failed: 0, unreadableAgents: 3 })
      expect(await b.submit({ id: 'next', strategy: 'support' })).toMatchObject({
        ok: true,
        value: { state: 'reserved', agent: 'ann' },
      })
      expect(b.primary()).toBe(true)
    } finally {
      await a.stop()
      await b.stop()
    }
  })
})
