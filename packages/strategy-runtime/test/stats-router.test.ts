// The memory provider fed by the real router: what a wallboard would show after a few calls.
import type { StrategyDocument } from '@routewright/strategy-dsl'
import {
  createMemoryStatProvider,
  createRouter,
  createSimulatedClock,
  type RouterEvent,
  type StatEvent,
  type StatSubject,
} from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { blendedDirectory, directory, T0 } from './stats-fixtures.ts'

const strategy = {
  strategy: 'to-sales',
  format: 1,
  start: 'pick',
  nodes: { pick: { type: 'target', targets: [{ group: 'sales' }], pick: 'longest-idle' } },
} as StrategyDocument
const sales: StatSubject = { kind: 'group', id: 'sales' }

function make() {
  const clock = createSimulatedClock(T0)
  const stats = createMemoryStatProvider({ clock, directory })
  const events: RouterEvent[] = []
  const router = createRouter({
    strategies: [strategy],
    directory,
    clock,
    stats,
    onEvent: (e) => events.push(e),
  })
  const value = (statistic: string, subject: StatSubject = sales) =>
    stats.read({ subject, statistic, window: 'current' }).value
  // the host answers every reservation at once
  const confirmAll = () => {
    for (const e of events.splice(0)) if (e.type === 'routed') router.confirmReservation(e.interaction)
  }
  return { clock, router, stats, value, confirmAll, events }
}

describe('memory provider fed by the router', () => {
  it('shows waiting, answer speed, handle time and abandons as the calls go', () => {
    const { clock, router, value, confirmAll } = make()
    router.agentEvent({ agent: 'a1', state: 'ready' })
    expect(value('AgentsReady')).toBe(1)

    router.submit({ id: 'c1', strategy: 'to-sales' })
    confirmAll()
    expect(value('AgentsReady')).toBe(0)
    expect(value('CurrentLoad', { kind: 'agent', id: 'a1' })).toBe(1)

    router.submit({ id: 'c2', strategy: 'to-sales' })
    clock.advance(30_000)
    expect(value('InteractionsWaiting')).toBe(1)
    expect(value('OldestWaiting')).toBe(30)

    // a1 finishes c1 and takes c2 at once
    router.complete('c1')
    confirmAll()
    expect(value('InteractionsWaiting')).toBe(0)
    expect(value('AverageSpeedOfAnswer')).toBe(15)
    expect(value('AverageHandleTime', { kind: 'agent', id: 'a1' })).toBe(30)
    expect(value('ServiceLevel(20s)')).toBe(0.5)

    router.submit({ id: 'c3', strategy: 'to-sales' })
    clock.advance(10_000)
    router.abandon('c3')
    expect(value('AbandonRate')).toBeCloseTo(1 / 3)
    expect(value('InteractionsWaiting')).toBe(0)
  })

  // the router offers a1 nothing more while c1 rings at her, so the provider counts no free place either
  it('counts no free place while an offer rings at the agent, and one again once it ends', () => {
    const { router, value, confirmAll, events } = make()
    router.agentEvent({ agent: 'a1', state: 'ready' })
    router.submit({ id: 'c1', strategy: 'to-sales' })
    expect(events.some((e) => e.type === 'routed')).toBe(true)
    expect(value('AgentsReady')).toBe(0)
    // the caller hangs up while it rings: the reservation ends, her place is free again
    router.abandon('c1')
    expect(value('AgentsReady')).toBe(1)
    // answered, it is her load; completed, the place is free (the reservation went when it became the load)
    router.submit({ id: 'c2', strategy: 'to-sales' })
    expect(value('AgentsReady')).toBe(0)
    confirmAll()
    expect(value('AgentsReady')).toBe(0)
    router.complete('c2')
    expect(value('AgentsReady')).toBe(1)
  })

  it('serves a waiting call the moment the provider hears an agent is ready', () => {
    const { router, stats, confirmAll, events, value } = make()
    router.submit({ id: 'c1', strategy: 'to-sales' })
    expect(value('InteractionsWaiting')).toBe(1)
    // the change comes from the statistics side (a snapshot, a feed), not from the host's agentEvent
    stats.setAgent('a2', 'ready')
    expect(events.find((e) => e.type === 'routed')).toMatchObject({ interaction: 'c1', agent: 'a2' })
    confirmAll()
    expect(value('InteractionsWaiting')).toBe(0)
  })

  it('tells a router of the agent changes another router on the same provider feeds', () => {
    const clock = createSimulatedClock(T0)
    const stats = createMemoryStatProvider({ clock, directory })
    const routed: string[] = []
    const router = (name: string) =>
      createRouter({
        strategies: [strategy],
        directory,
        clock,
        stats,
        onEvent: (e) => {
          if (e.type === 'routed') routed.push(`${name} ${e.interaction} ${e.agent}`)
        },
      })
    const first = router('first')
    const second = router('second')
    second.submit({ id: 'c1', strategy: 'to-sales' })
    // the first router's agent event reaches the second through the provider, which routes its waiting call
    first.agentEvent({ agent: 'a1', state: 'ready' })
    expect(routed).toEqual(['second c1 a1'])
    second.confirmReservation('c1')
    expect(stats.agentStatus('a1')?.load).toEqual({ voice: 1 })
  })

  it('gives each interaction in progress its own ref on the feed, and gives finished ones their refs back', () => {
    const clock = createSimulatedClock(T0)
    const stats = createMemoryStatProvider({ clock, directory })
    const fed: StatEvent[] = []
    const record = stats.record.bind(stats)
    stats.record = (event) => {
      fed.push(event)
      record(event)
    }
    const routed: string[] = []
    const router = createRouter({
      strategies: [strategy],
      directory,
      clock,
      stats,
      onEvent: (e) => {
        if (e.type === 'routed') routed.push(e.interaction)
      },
    })
    router.agentEvent({ agent: 'a1', state: 'ready' })
    for (const id of ['c1', 'c2', 'c3']) router.submit({ id, strategy: 'to-sales' })
    router.confirmReservation(routed.shift()!) // c1 with a1, c2 and c3 waiting
    router.abandon('c3')
    router.complete('c1') // a1 takes c2
    router.confirmReservation(routed.shift()!)
    router.submit({ id: 'c4', strategy: 'to-sales' })
    const refs = new Map<string, number>()
    for (const e of fed) {
      if (e.type === 'agent-state' || e.type === 'agent-reservation') continue
      expect(e.ref, `${e.type} of ${e.interaction}`).toBeTypeOf('number')
      if (!refs.has(e.interaction)) refs.set(e.interaction, e.ref!)
      expect(e.ref, `${e.type} of ${e.interaction}`).toBe(refs.get(e.interaction))
    }
    // c1, c2 and c3 were in progress together; c4 came after c3 and c1 ended, and takes a ref given back
    expect(new Set([refs.get('c1'), refs.get('c2'), refs.get('c3')]).size).toBe(3)
    expect([refs.get('c1'), refs.get('c3')]).toContain(refs.get('c4'))
    expect(refs.get('c4')).not.toBe(refs.get('c2'))
    expect(stats.read({ subject: sales, statistic: 'InteractionsWaiting', window: 'current' }).value).toBe(1)
  })
})

// a4's media come from her named rule alone (one call, or up to three chats): the provider must count her media and
// free places as the router routes her, or a wallboard shows her not ready while the router offers her chats
describe('an agent whose media come from a named capacity rule', () => {
  const toBlended = {
    strategy: 'to-blended',
    format: 1,
    start: 'pick',
    nodes: { pick: { type: 'target', targets: [{ group: 'blended' }] } },
  } as StrategyDocument
  const blended: StatSubject = { kind: 'group', id: 'blended' }

  function makeBlended() {
    const clock = createSimulatedClock(T0)
    const stats = createMemoryStatProvider({ clock, directory: blendedDirectory })
    const routed: string[] = []
    const router = createRouter({
      strategies: [toBlended],
      directory: blendedDirectory,
      clock,
      stats,
      onEvent: (e) => {
        if (e.type === 'routed') {
          routed.push(`${e.interaction} ${e.agent}`)
          router.confirmReservation(e.interaction)
        }
      },
    })
    const ready = () => stats.read({ subject: blended, statistic: 'AgentsReady', window: 'current' }).value
    return { clock, stats, router, routed, ready }
  }

  it('counts her ready for chat while not ready for voice, as the router offers her a chat', () => {
    const { clock, stats, router, routed, ready } = makeBlended()
    router.agentEvent({ agent: 'a4', state: 'ready' })
    router.agentEvent({ agent: 'a4', state: 'not-ready', media: 'voice' })
    clock.advance(5_000)
    expect(ready()).toBe(1)
    expect(
      stats.read({ subject: { kind: 'agent', id: 'a4' }, statistic: 'TimeInReadyState', window: 'current' })
        .value,
    ).toBe(5)
    router.submit({ id: 'chat1', strategy: 'to-blended', media: 'chat' })
    expect(routed).toEqual(['chat1 a4'])
  })

  it('counts her free while the router still offers her chats, and full when it stops', () => {
    const { router, routed, ready } = makeBlended()
    router.agentEvent({ agent: 'a4', state: 'ready' })
    for (const id of ['chat1', 'chat2']) router.submit({ id, strategy: 'to-blended', media: 'chat' })
    expect(routed).toEqual(['chat1 a4', 'chat2 a4'])
    expect(ready()).toBe(1)
    router.submit({ id: 'chat3', strategy: 'to-blended', media: 'chat' })
    // three chats fill her rule: no chat, and no call beside them either
    router.submit({ id: 'call1', strategy: 'to-blended' })
    router.submit({ id: 'chat4', strategy: 'to-blended', media: 'chat' })
    expect(routed).toEqual(['chat1 a4', 'chat2 a4', 'chat3 a4'])
    expect(ready()).toBe(0)
  })
})
