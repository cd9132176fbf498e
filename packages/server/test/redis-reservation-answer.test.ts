// With Redis: the reservation a confirm or reject names is checked where the change is applied (the commit script,
// against the hold Redis keeps); a routing process that takes over at a SIGTERM hand-over keeps the reservations
// under their ids (withdrawn only when the agent cannot take them there), and never repeats an id it makes itself.
import { eventually } from '@routewright/node-support/testing'
import { createRedisCoordinator } from '@routewright/server'
import { describe, expect, it } from 'vitest'
import { type CommitOps, redisKeys } from '../src/core/redis-scripts.ts'
import { commitSequence } from './commit-ops.ts'
import { workspaceOf } from './coordinator-contract.ts'
import { redisForFile } from './redis-for-file.ts'

const shared = redisForFile()
let prefixes = 0

/** Two coordinators on one fresh prefix (the first to start routes), taking over after 1 s. */
async function pairOnOnePrefix(name: string) {
  const prefix = `${name}${++prefixes}:`
  const make = () => createRedisCoordinator({ url: shared.redis.url, prefix, takeoverMs: 1000 })
  const a = await make()
  return [a, await make()] as const
}

describe('the commit script checks the reservation a confirmation or release names', () => {
  it('refuses the whole commit for another reservation than the one held, and writes nothing of it', async () => {
    const { link } = shared
    const { keys, run } = await commitSequence(link, `resv-commit${++prefixes}:`)
    const rule = { limits: { voice: 1 } }
    const hold = () => link.send(['HGET', keys.holds, 'x'])
    const load = () => link.send(['HGETALL', `${keys.loadPrefix}ann`])
    const streamed = () => link.send(['XLEN', keys.events])
    const event: CommitOps['events'][number] = ['t#1', '{"type":"finished"}']
    expect(await run({ holds: [['c', 'x', 'ann', 'voice', rule, 'x#e1-1.1']] })).toEqual(['ok'])
    expect(JSON.parse((await hold()) as string)).toEqual(['ann', 'voice', 'x#e1-1.1'])
    // a confirmation or release of another reservation: refused, with the event beside it not written
    expect(await run({ holds: [['k', 'x', 'x#e1-1.9']], events: [event] })).toBe('stale:x:x#e1-1.9')
    expect(await run({ holds: [['r', 'x', 'x#e1-1.9']], events: [event] })).toBe('stale:x:x#e1-1.9')
    expect(await run({ holds: [['k', 'nobody', 'nobody#1']] })).toBe('stale:nobody:nobody#1')
    expect([await streamed(), await load()]).toEqual([0, ['voice', '1']])
    // the same place reserved again (a new id, no new load), then confirmed under that id
    expect(await run({ holds: [['c', 'x', 'ann', 'voice', rule, 'x#e1-1.2']] })).toEqual(['ok'])
    expect(JSON.parse((await hold()) as string)).toEqual(['ann', 'voice', 'x#e1-1.2'])
    expect(await run({ holds: [['k', 'x', 'x#e1-1.1']] })).toBe('stale:x:x#e1-1.1')
    expect(await run({ holds: [['k', 'x', 'x#e1-1.2']], events: [event] })).toEqual([
      'ok',
      expect.any(String),
    ])
    expect(await load()).toEqual(['voice', '1'])
    // a release naming no reservation (the host completed, or the caller hung up) is not checked
    expect(await run({ holds: [['r', 'x']] })).toEqual(['ok'])
    expect([await hold(), await load()]).toEqual([null, []])
  })
})

describe('a withdrawal forwarded to the routing process', () => {
  it('keeps its reason: the agent stays ready, also across a takeover, and the interaction is offered again', async () => {
    const [a, b] = await pairOnOnePrefix('resv-withdraw')
    try {
      await a.deploy(workspaceOf('v1'))
      await b.agentEvent({ agent: 'ann', state: 'ready' })
      const first = await b.submit({ id: 'x', strategy: 'support' })
      const old = first.ok ? (first.value.reservation as string) : ''
      // b is not the routing process: the command, with no reservation named, goes through Redis as JSON
      expect(a.primary() && !b.primary()).toBe(true)
      expect(await b.rejectReservation('x', undefined, { reason: 'withdrawn' })).toEqual({
        ok: true,
        value: undefined,
      })
      const view = await b.interaction('x')
      expect(view).toMatchObject({ state: 'reserved', agent: 'ann' })
      expect(view?.reservation).not.toBe(old)
      expect((await b.agents()).find((agent) => agent.id === 'ann')?.state).toBe('ready')
      // the process that takes over replays ann's last word: still the host's ready (no not-ready was decided)
      await a.stop()
      await eventually(() => expect(b.primary()).toBe(true), 3000)
      expect((await b.agents()).find((agent) => agent.id === 'ann')?.state).toBe('ready')
      await eventually(async () => (await b.interaction('x'))?.state === 'reserved' || undefined, 3000)
      expect(await b.interaction('x')).toMatchObject({ agent: 'ann' })
    } finally {
      await a.stop()
      await b.stop()
    }
  })
})

describe('a connect forwarded to the routing process', () => {
  it("withdraws the other agent's offer without a RONA and commits bob's place and the confirmation", async () => {
    const [a, b] = await pairOnOnePrefix('resv-connect')
    try {
      await a.deploy(workspaceOf('v1'))
      await b.agentEvent({ agent: 'ann', state: 'ready' })
      await b.submit({ id: 'x', strategy: 'support' })
      expect(a.primary() && !b.primary()).toBe(true)
      expect(await b.connectAgent('x', { agent: 'bob', note: 'answered on its own' })).toEqual({
        ok: true,
        value: undefined,
      })
      expect(await b.interaction('x')).toMatchObject({ state: 'connected', agent: 'bob' })
      const agents = await b.agents()
      expect(agents.find((agent) => agent.id === 'ann')).toMatchObject({ state: 'ready', reserved: 0 })
      expect(agents.find((agent) => agent.id === 'bob')?.load).toEqual({ voice: 1 })
      // bob's one place is taken: a second connect is refused where the command runs
      await b.submit({ id: 'y', strategy: 'support' })
      expect(await b.connectAgent('y', { agent: 'bob' })).toMatchObject({ ok: false, status: 409 })
      expect(await b.interaction('y')).toMatchObject({ state: 'reserved', agent: 'ann' })
    } finally {
      await a.stop()
      await b.stop()
    }
  })
})

describe('a connect forwarded to the routing process, to an agent held by an offer', () => {
  it("takes the offer's place in one commit; the withdrawn interaction is routed once more, also after a takeover", async () => {
    const prefix = `resv-takeover-place${++prefixes}:`
    const keys = redisKeys(prefix)
    const make = () => createRedisCoordinator({ url: shared.redis.url, prefix, takeoverMs: 1000 })
    const a = await make()
    const b = await make()
    const routed: string[] = []
    b.subscribe((e) => {
      if (e.type === 'routed' && e.interaction === 'x') routed.push(e.agent)
    })
    try {
      await a.deploy(workspaceOf('v1'))
      await b.agentEvent({ agent: 'ann', state: 'ready' })
      await b.submit({ id: 'x', strategy: 'support' })
      await b.submit({ id: 'y', strategy: 'support' })
      expect(a.primary() && !b.primary()).toBe(true)
      expect(await b.connectAgent('y', { agent: 'ann' })).toEqual({ ok: true, value: undefined })
      expect(await b.interaction('y')).toMatchObject({ state: 'connected', agent: 'ann' })
      expect(await b.interaction('x')).toMatchObject({ state: 'queued' })
      // what Redis holds: ann's one place for y, nothing for x
      const { link } = shared
      expect(await link.send(['HGETALL', `${keys.loadPrefix}ann`])).toEqual(['voice', '1'])
      expect(await link.send(['HGET', keys.holds, 'x'])).toBe(null)
      expect(JSON.parse((await link.send(['HGET', keys.holds, 'y'])) as string).slice(0, 2)).toEqual([
        'ann',
        'voice',
      ])
      // the next routing process keeps ann's place for y and routes x when someone is free: bob
      await a.stop()
      await eventually(() => expect(b.primary()).toBe(true), 3000)
      await b.agentEvent({ agent: 'bob', state: 'ready' })
      await eventually(async () => (await b.interaction('x'))?.state === 'reserved' || undefined, 3000)
      expect(await b.interaction('x')).toMatchObject({ agent: 'bob' })
      await eventually(() => expect(routed).toEqual(['ann', 'bob']), 3000)
      expect(await link.send(['HGETALL', `${keys.loadPrefix}ann`])).toEqual(['voice', '1'])
    } finally {
      await a.stop()
      await b.stop()
    }
  })
})

describe('a routing process that takes over', () => {
  it('withdraws a handed-over reservation whose agent logged out meanwhile, releasing it in Redis, and serves it again', async () => {
    const [a, b] = await pairOnOnePrefix('resv-takeover-out')
    const rejected: string[] = []
    const timedOut: boolean[] = []
    b.subscribe((event) => {
      if (event.type !== 'reservation-rejected') return
      rejected.push(`${event.reservation}: ${event.reason}`)
      timedOut.push(event.timedOut === true)
    })
    try {
      await a.deploy(workspaceOf('v1'))
      await b.agentEvent({ agent: 'ann', state: 'ready' })
      const first = await b.submit({ id: 'x', strategy: 'support' })
      const old = first.ok ? (first.value.reservation as string) : ''
      expect(old).toMatch(/^x#/)
      // the host logs ann out while the offer rings: the reservation stays pending in the routing process
      expect(await b.agentEvent({ agent: 'ann', state: 'logged-out' })).toMatchObject({ ok: true })
      await a.stop()
      await eventually(() => expect(b.primary()).toBe(true), 3000)
      const view = await b.interaction('x')
      expect(view).toMatchObject({ state: 'queued' })
      expect(view?.reservation).toBeUndefined()
      expect(await b.confirmReservation('x', old)).toMatchObject({ ok: false, status: 409, current: null })
      // withdrawn by the router that resumed it (the snapshot carried it), not by the takeover's blanket withdrawal
      await eventually(() =>
        expect(rejected).toEqual([expect.stringMatching(/^x#.*: agent "ann" is logged out/)]),
      )
      // a withdrawal, not a timeout: not counted in routewright_reservation_timeouts_total
      expect(timedOut).toEqual([false])
      // its hold is gone from Redis too: ann back, x is offered to her again under a new id and confirmed there
      await b.agentEvent({ agent: 'ann', state: 'ready' })
      const again = await b.interaction('x')
      expect(again).toMatchObject({ state: 'reserved', agent: 'ann' })
      expect(again?.reservation).not.toBe(old)
      expect(await b.confirmReservation('x', again?.reservation as string)).toEqual({
        ok: true,
        value: undefined,
      })
      expect(b.primary()).toBe(true)
    } finally {
      await a.stop()
      await b.stop()
    }
  })

  it('keeps the reservation id a process handed over at stop: its confirm works there, another id is refused', async () => {
    const [a, b] = await pairOnOnePrefix('resv-takeover')
    try {
      await a.deploy(workspaceOf('v1'))
      await b.agentEvent({ agent: 'ann', state: 'ready' })
      const first = await b.submit({ id: 'x', strategy: 'support' })
      expect(first).toMatchObject({ ok: true, value: { state: 'reserved', agent: 'ann' } })
      const old = first.ok ? (first.value.reservation as string) : ''
      // forwarded to the routing process with the reservation it names
      expect(await b.rejectReservation('x', 'x#e9-9.9')).toMatchObject({
        ok: false,
        status: 409,
        error: expect.stringContaining(`the current one is "${old}"`),
        code: 'stale-reservation',
        current: old,
      })
      // the routing process stops (SIGTERM) before ann answers: b takes over with the reservation as it was
      await a.stop()
      await eventually(() => expect(b.primary()).toBe(true), 3000)
      expect(await b.interaction('x')).toMatchObject({ state: 'reserved', agent: 'ann', reservation: old })
      expect(await b.confirmReservation('x', 'x#e9-9.9')).toEqual({
        ok: false,
        status: 409,
        error: `confirmReservation: reservation "x#e9-9.9" of interaction "x" is not current: the current one is "${old}"; nothing changed`,
        code: 'stale-reservation',
        current: old,
      })
      expect(await b.confirmReservation('x', old)).toEqual({ ok: true, value: undefined })
      expect(await b.interaction('x')).toMatchObject({ state: 'connected', agent: 'ann' })
    } finally {
      await a.stop()
      await b.stop()
    }
  })
})
