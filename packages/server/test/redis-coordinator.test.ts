// The Redis coordinator in this process: the coordinator contract, then two processes' worth of coordinators on
// one real redis-server (forwarded commands, events streamed to both, hand-over on stop, Redis lost and back).
import { createRedisCoordinator, type ServerEvent } from '@routewright/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  eventually,
  type RedisServer,
  startRedisServer,
} from '../../strategy-runtime/test/stats-redis-server.ts'
import { coordinatorContract, workspaceOf } from './coordinator-contract.ts'

let redis: RedisServer
let prefixes = 0
beforeAll(async () => {
  redis = await startRedisServer()
})
afterAll(async () => {
  await redis?.stop()
})

const make = (prefix: string, extra: { reservationTimeoutMs?: number; takeoverMs?: number } = {}) =>
  createRedisCoordinator({
    url: redis.url,
    prefix,
    takeoverMs: extra.takeoverMs ?? 1000,
    ...(extra.reservationTimeoutMs === undefined
      ? {}
      : { limits: { reservationTimeoutMs: extra.reservationTimeoutMs } }),
  })

coordinatorContract('Redis', ({ reservationTimeoutMs }) =>
  make(`contract${++prefixes}:`, reservationTimeoutMs === undefined ? {} : { reservationTimeoutMs }),
)

describe('several coordinators on one Redis', () => {
  it('forwards commands to the routing process and streams every event to each process once', async () => {
    const prefix = `pair${++prefixes}:`
    const a = await make(prefix)
    const b = await make(prefix)
    const seen: Record<string, ServerEvent[]> = { a: [], b: [] }
    a.subscribe((e) => seen.a!.push(e))
    b.subscribe((e) => seen.b!.push(e))
    try {
      expect([a.primary(), b.primary()]).toEqual([true, false])
      await a.deploy(workspaceOf('v1'))
      await b.deploy(workspaceOf('v1'))
      expect(await b.agentEvent({ agent: 'ann', state: 'ready' })).toEqual({ ok: true, value: undefined })
      expect(await b.submit({ id: 'x1', strategy: 'support' })).toMatchObject({
        ok: true,
        value: { state: 'reserved', agent: 'ann' },
      })
      expect(await b.submit({ id: 'x2', strategy: 'support' })).toMatchObject({
        ok: true,
        value: { state: 'queued' },
      })
      expect(await b.confirmReservation('nope')).toMatchObject({ ok: false, status: 404 })
      expect((await a.confirmReservation('x1')).ok).toBe(true)
      expect((await b.complete('x1')).ok).toBe(true)
      expect((await a.interaction('x2'))?.agent).toBe('ann')
      await eventually(() => expect(seen.b!.map((e) => e.type)).toEqual(seen.a!.map((e) => e.type)))
      expect(seen.a!.filter((e) => e.type === 'routed').map((e) => e.interaction)).toEqual(['x1', 'x2'])
    } finally {
      await a.stop()
      await b.stop()
    }
  })

  it('hands over on stop: the other process resumes waiting and connected interactions', async () => {
    const prefix = `handover${++prefixes}:`
    const a = await make(prefix)
    const b = await make(prefix)
    try {
      await a.deploy(workspaceOf('v1'))
      await a.agentEvent({ agent: 'ann', state: 'ready' })
      await a.submit({ id: 'c', strategy: 'support' })
      await a.confirmReservation('c')
      await a.submit({ id: 'w', strategy: 'support' })
      await a.submit({ id: 'r', strategy: 'support' })
      await a.stop()
      await eventually(() => expect(b.primary()).toBe(true), 2000)
      expect((await b.interaction('w'))?.state).toBe('queued')
      expect(await b.openCount()).toBe(3)
      // ann is still on "c": nobody else gets her until it completes, then the oldest waiting one does
      expect((await b.interaction('w'))?.agent).toBeUndefined()
      expect((await b.complete('c')).ok).toBe(true)
      expect((await b.interaction('w'))?.agent).toBe('ann')
      expect((await b.interaction('r'))?.state).toBe('queued')
    } finally {
      await a.stop()
      await b.stop()
    }
  })
})
