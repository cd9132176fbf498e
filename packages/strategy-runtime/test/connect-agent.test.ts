// The host's word that an interaction is connected to an agent already (connectAgent), and a late answer's time
// (`at` on confirm and connect) that the statistics count the wait and the handling from.
import type { StrategyDocument } from '@routewright/strategy-dsl'
import {
  createMemoryStatProvider,
  createRouter,
  createSimulatedClock,
  type RouterEvent,
  type RouterOptions,
  type StatSubject,
} from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { makeStrategy, offeredWithOneBehind, salesTarget, setup, T0 } from './fixtures.ts'
import { directory } from './stats-fixtures.ts'

describe('connectAgent', () => {
  it('takes a waiting interaction out of line and confirms it with the agent that has it', () => {
    const h = setup([salesTarget])
    h.router.agentEvent({ agent: 'a2', state: 'not-ready' })
    h.router.submit({ id: 'x', strategy: 'test' })
    h.clock.advance(5000)
    h.router.connectAgent('x', { agent: 'a2', note: 'answered while the link was down' })
    expect(h.of('routed', 'x')).toMatchObject([
      {
        agent: 'a2',
        target: 'group:sales',
        connected: true,
        explanation: { rule: 'connected', winner: 'a2' },
      },
    ])
    expect(h.of('finished', 'x').map((e) => e.outcome)).toEqual(['routed'])
    expect(h.router.waiting()).toEqual([])
    // a2 was not ready: it keeps that state, with the call as its load
    expect(h.router.snapshot().agents.find((a) => a.id === 'a2')).toMatchObject({
      state: 'not-ready',
      load: { voice: 1 },
      reserved: 0,
    })
    expect(h.router.trace('x')?.find((e) => e.name === 'connected')?.value).toEqual({
      agent: 'a2',
      note: 'answered while the link was down',
    })
    expect(h.of('error')).toEqual([])
  })

  it("withdraws another agent's pending offer (that agent stays ready) and gives its place to the next in line", () => {
    const { router, of, first, agent } = offeredWithOneBehind()
    router.connectAgent('x', { agent: 'a2' })
    expect(of('reservation-rejected', 'x')).toMatchObject([
      {
        agent: 'a1',
        reservation: first.reservation,
        reason: 'withdrawn by the host: connected to a2',
        withdrawn: true,
      },
    ])
    expect(of('finished', 'x').map((e) => e.outcome)).toEqual(['routed'])
    expect(agent('a1')).toMatchObject({ state: 'ready' })
    expect(agent('a2')).toMatchObject({ load: { voice: 1 } })
    // a1's freed place went to y, not back to x
    expect(of('routed', 'y').map((e) => e.agent)).toEqual(['a1'])
    expect(of('routed', 'x').map((e) => e.agent)).toEqual(['a1', 'a2'])
    expect(of('error')).toEqual([])
  })

  it('confirms the pending reservation when the agent is the one it was offered to', () => {
    const { router, of, agent } = offeredWithOneBehind()
    router.connectAgent('x', { agent: 'a1' })
    expect(of('reservation-rejected')).toEqual([])
    expect(of('routed', 'x')).toHaveLength(1)
    expect(of('finished', 'x').map((e) => e.outcome)).toEqual(['routed'])
    expect(agent('a1')).toMatchObject({ load: { voice: 1 }, reserved: 0 })
  })

  it('refuses an agent with no free place for the media, and changes nothing', () => {
    const { router, of, first, agent, clock } = offeredWithOneBehind()
    router.agentEvent({ agent: 'a2', state: 'ready' })
    // y goes to a2, which then has its one voice place taken
    expect(of('routed', 'y').map((e) => e.agent)).toEqual(['a2'])
    router.confirmReservation('y')
    clock.advance(1000)
    router.connectAgent('x', { agent: 'a2' })
    expect(of('error', 'x').map((e) => e.code)).toEqual(['no-free-place'])
    expect(of('error', 'x').map((e) => e.reason)).toEqual([
      'connectAgent: agent "a2" has no free place for voice (handles {"voice":1}, reserved {}); nothing changed: complete one of its interactions first, or connect the interaction to another agent',
    ])
    expect(of('reservation-rejected')).toEqual([])
    expect(of('finished', 'x')).toEqual([])
    expect(agent('a1')).toMatchObject({ reserved: 1 })
    router.confirmReservation('x', { reservation: first.reservation })
    expect(of('finished', 'x').map((e) => e.outcome)).toEqual(['routed'])
  })

  it("withdraws another interaction's pending offer holding the agent's only place, and serves it again", () => {
    const { router, of, first, agent, clock } = offeredWithOneBehind()
    clock.advance(2000)
    // a1 picked up y (x's offer was ringing on a desktop it never reached): the physical fact wins
    router.connectAgent('y', { agent: 'a1', note: 'answered on the phone' })
    expect(of('reservation-rejected', 'x')).toEqual([
      {
        type: 'reservation-rejected',
        interaction: 'x',
        at: T0 + 3000,
        agent: 'a1',
        reservation: first.reservation,
        reason: 'withdrawn by the host: a1 was connected to y: answered on the phone',
        withdrawn: true,
      },
    ])
    expect(router.trace('x')?.find((e) => e.name === 'withdrawn')?.value).toEqual({
      agent: 'a1',
      reason: 'withdrawn by the host: a1 was connected to y: answered on the phone',
    })
    expect(of('routed', 'y')).toMatchObject([{ agent: 'a1', connected: true }])
    expect(of('finished', 'y').map((e) => e.outcome)).toEqual(['routed'])
    // a1 keeps its state (no RONA) and has y; x is back in line with its age kept
    expect(agent('a1')).toMatchObject({ state: 'ready', load: { voice: 1 }, reserved: 0 })
    expect(router.waiting()).toMatchObject([{ interaction: 'x', since: T0 }])
    expect(of('finished', 'x')).toEqual([])
    expect(of('error')).toEqual([])
    // the usual rules serve it again: the next agent free takes it
    router.agentEvent({ agent: 'a2', state: 'ready' })
    expect(of('routed', 'x').map((e) => e.agent)).toEqual(['a1', 'a2'])
  })

  it('a withdrawn offer goes at once to another free agent (two offers crossed)', () => {
    const h = setup([salesTarget])
    h.ready('a1', 'a2')
    h.router.submit({ id: 'x', strategy: 'test' })
    h.router.submit({ id: 'y', strategy: 'test' })
    const [ox] = h.of('routed', 'x')
    const [oy] = h.of('routed', 'y')
    // y is connected to the agent offered x: y's own offer and x's are withdrawn, x takes y's freed agent
    h.router.connectAgent('y', { agent: ox!.agent })
    expect(h.of('reservation-rejected').map((e) => [e.interaction, e.agent, e.withdrawn])).toEqual([
      ['y', oy!.agent, true],
      ['x', ox!.agent, true],
    ])
    expect(h.of('routed', 'x').map((e) => e.agent)).toEqual([ox!.agent, oy!.agent])
    expect(h.of('finished', 'y').map((e) => e.outcome)).toEqual(['routed'])
    const agents = h.router.snapshot().agents
    expect(agents.find((a) => a.id === ox!.agent)).toMatchObject({ load: { voice: 1 }, reserved: 0 })
    expect(agents.find((a) => a.id === oy!.agent)).toMatchObject({ load: {}, reserved: 1 })
    expect(h.of('error')).toEqual([])
  })

  it('withdraws the most recent offer, and only as many as the media needs', () => {
    const vip = makeStrategy({ t: { type: 'target', targets: [{ group: 'vip_team' }] } })
    const h = setup([vip])
    h.ready('a4')
    for (const id of ['c1', 'c2', 'c3']) {
      h.router.submit({ id, strategy: 'test', media: 'chat' })
      h.clock.advance(1000)
    }
    h.router.submit({ id: 'v1', strategy: 'test' })
    // a4 (voice 1, chat 2) is offered c1 and c2; c3 waits; v1 took the voice place
    expect(h.of('routed').map((e) => e.interaction)).toEqual(['c1', 'c2', 'v1'])
    h.router.connectAgent('c3', { agent: 'a4' })
    expect(h.of('reservation-rejected').map((e) => [e.interaction, e.withdrawn])).toEqual([['c2', true]])
    expect(h.router.waiting().map((w) => w.interaction)).toEqual(['c2'])
    expect(h.router.snapshot().agents.find((a) => a.id === 'a4')).toMatchObject({
      load: { chat: 1 },
      reservations: { chat: 1, voice: 1 },
    })
    expect(h.of('error')).toEqual([])
  })

  it('refuses, changing nothing, when withdrawing every offer would not free a place (confirmed work fills it)', () => {
    const vip = makeStrategy({ t: { type: 'target', targets: [{ group: 'vip_team' }] } })
    const h = setup([vip])
    h.ready('a4')
    h.router.submit({ id: 'c1', strategy: 'test', media: 'chat' })
    h.router.confirmReservation('c1')
    h.router.submit({ id: 'c2', strategy: 'test', media: 'chat' })
    h.router.submit({ id: 'v1', strategy: 'test' })
    h.router.connectAgent('c2', { agent: 'a4' })
    // c2 is a4's own offer: a plain confirm, a4 now handles two chats
    h.router.submit({ id: 'c3', strategy: 'test', media: 'chat' })
    h.router.connectAgent('c3', { agent: 'a4' })
    expect(h.of('error', 'c3').map((e) => e.code)).toEqual(['no-free-place'])
    expect(h.of('reservation-rejected')).toEqual([])
    expect(h.router.snapshot().agents.find((a) => a.id === 'a4')).toMatchObject({
      load: { chat: 2 },
      reservations: { voice: 1 },
    })
  })

  it.each([
    [{ agent: 'nobody' }, 'connectAgent: unknown agent "nobody" (not in directory "test"); nothing changed'],
    [
      { agent: 'a2', at: T0 + 60_000 },
      `connectAgent: "at" (${T0 + 60_000}) is 59000 ms in the future of the router's clock (${T0 + 1000}); nothing changed: send the time the agent answered, at most now`,
    ],
    [
      { agent: 'a2', at: T0 - 1 },
      `connectAgent: "at" (${T0 - 1}) is 1 ms before the interaction arrived (${T0}); nothing changed: send the time the agent answered`,
    ],
    [
      { agent: 'a2', note: 'n'.repeat(201) },
      'connectAgent: "note" must be a string of at most 200 characters; nothing changed',
    ],
  ])('refuses %j', (answer, reason) => {
    const { router, of, agent } = offeredWithOneBehind()
    router.connectAgent('x', answer)
    expect(of('error', 'x').map((e) => e.reason)).toEqual([reason])
    expect(of('reservation-rejected')).toEqual([])
    expect(agent('a1')).toMatchObject({ reserved: 1 })
  })
})

const toSales = {
  strategy: 'to-sales',
  format: 1,
  start: 'pick',
  nodes: { pick: { type: 'target', targets: [{ group: 'sales' }] } },
} as StrategyDocument
const group: StatSubject = { kind: 'group', id: 'sales' }

/** A router on `to-sales` fed to a memory provider, its events kept, and a reader of the provider's figures. */
function salesRouter(limits?: RouterOptions['limits']) {
  const clock = createSimulatedClock(T0)
  const stats = createMemoryStatProvider({ clock, directory })
  const events: RouterEvent[] = []
  const router = createRouter({
    strategies: [toSales],
    directory,
    clock,
    stats,
    ...(limits ? { limits } : {}),
    onEvent: (e) => events.push(e),
  })
  const value = (statistic: string, subject: StatSubject = group) =>
    stats.read({ subject, statistic, window: 'current' }).value
  return { clock, router, events, value }
}

/** c1 waits 10 s for a1, whose phone rings; the host hears of the answer 20 s after the routed event. */
function lateAnswer() {
  const { clock, router, events, value } = salesRouter({ reservationTimeoutMs: 60_000 })
  router.submit({ id: 'c1', strategy: 'to-sales' })
  clock.advance(10_000)
  router.agentEvent({ agent: 'a1', state: 'ready' })
  clock.advance(20_000)
  const errors = () => events.filter((e) => e.type === 'error')
  return { clock, router, value, errors, events, routed: events.find((e) => e.type === 'routed')! }
}

describe('connectAgent over a pending offer: the statistics', () => {
  it('see the offer released (the interaction waiting again) and the agent busy with the one connected', () => {
    const { clock, router, events, value } = salesRouter()
    router.agentEvent({ agent: 'a1', state: 'ready' })
    router.submit({ id: 'x', strategy: 'to-sales' })
    router.submit({ id: 'y', strategy: 'to-sales' })
    expect(value('InteractionsWaiting')).toBe(1)
    clock.advance(4000)
    router.connectAgent('y', { agent: 'a1' })
    // x was offered to a1, y waited: now x waits and a1 handles y
    expect(value('InteractionsWaiting')).toBe(1)
    expect(value('CurrentLoad', { kind: 'agent', id: 'a1' })).toBe(1)
    expect(value('AverageSpeedOfAnswer')).toBe(4)
    expect(router.waiting().map((w) => w.interaction)).toEqual(['x'])
    expect(events.filter((e) => e.type === 'error')).toEqual([])
  })
})

describe('a late answer time', () => {
  it('confirm: the speed of answer and the handle time count from `at`, not from when the host said so', () => {
    const { clock, router, value, errors } = lateAnswer()
    // answered 2 s after the routed event (12 s after arrival), heard 18 s later
    router.confirmReservation('c1', { at: T0 + 12_000 })
    expect(value('AverageSpeedOfAnswer')).toBe(12)
    clock.advance(18_000)
    router.complete('c1')
    expect(value('AverageHandleTime', { kind: 'agent', id: 'a1' })).toBe(36)
    expect(errors()).toEqual([])
  })

  it('connect: the same', () => {
    const { clock, router, value, errors } = lateAnswer()
    router.connectAgent('c1', { agent: 'a2', at: T0 + 5000 })
    expect(value('AverageSpeedOfAnswer')).toBe(5)
    clock.advance(10_000)
    router.complete('c1')
    expect(value('AverageHandleTime', { kind: 'agent', id: 'a2' })).toBe(35)
    expect(errors()).toEqual([])
  })

  it('the finished event says when the agent answered, only when it was earlier than now', () => {
    const late = lateAnswer()
    late.router.confirmReservation('c1', { at: T0 + 12_000 })
    const heardNow = lateAnswer()
    heardNow.router.confirmReservation('c1', { at: T0 + 30_000 })
    const finished = (events: RouterEvent[]) => events.filter((e) => e.type === 'finished')
    expect(finished(late.events)).toEqual([
      { type: 'finished', outcome: 'routed', interaction: 'c1', at: T0 + 30_000, answeredAt: T0 + 12_000 },
    ])
    // the usual event: no field at all (its shape is the one the fed cycle makes)
    expect(finished(heardNow.events)).toEqual([
      { type: 'finished', outcome: 'routed', interaction: 'c1', at: T0 + 30_000 },
    ])
    expect(Object.keys(finished(heardNow.events)[0]!)).not.toContain('answeredAt')
  })

  it('confirm refuses a time before the routed event, and changes nothing', () => {
    const { router, value, errors, routed } = lateAnswer()
    router.confirmReservation('c1', { at: T0 + 9000 })
    expect(errors()).toMatchObject([{ code: 'answer-time' }])
    expect(errors().map((e) => (e as { reason: string }).reason)).toEqual([
      `confirmReservation: "at" (${T0 + 9000}) is 1000 ms before its routed event (${routed.at}); nothing changed: send the time the agent answered`,
    ])
    expect(value('InteractionsWaiting')).toBe(0)
    router.confirmReservation('c1')
    expect(value('AverageSpeedOfAnswer')).toBe(30)
  })
})
