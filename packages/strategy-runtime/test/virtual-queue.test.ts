import { createMemoryStatProvider, createSimulatedClock } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { makeDirectory, makeStrategy, salesTarget, setup, T0 } from './fixtures.ts'

const sales = makeStrategy(
  {
    t: {
      type: 'target',
      targets: [{ group: 'sales' }],
      priority: 'data.p',
      wait: '2m',
      next: { timeout: 'out' },
    },
    out: { type: 'end', outcome: 'reject' },
  },
  { inputs: { p: { type: 'int', default: 0 } } },
)

describe('virtual queue order', () => {
  it('serves the highest priority first, then the longest wait', () => {
    const { router, clock, of, ready } = setup([sales])
    router.submit({ id: 'low-old', strategy: 'test', data: { p: 1 } })
    clock.advance(1000)
    router.submit({ id: 'high-new', strategy: 'test', data: { p: 5 } })
    clock.advance(1000)
    router.submit({ id: 'low-new', strategy: 'test', data: { p: 1 } })
    ready('a1')
    ready('a2')
    expect(of('routed').map((e) => [e.interaction, e.agent])).toEqual([
      ['high-new', 'a1'],
      ['low-old', 'a2'],
    ])
    expect(of('routed')[0]?.explanation.reason).toContain('first in line')
  })

  it('a rejected reservation goes back to its place, ahead of later arrivals', () => {
    const { router, clock, of, ready } = setup([sales])
    router.submit({ id: 'first', strategy: 'test' })
    clock.advance(1000)
    router.submit({ id: 'second', strategy: 'test' })
    ready('a1')
    expect(of('routed', 'first')[0]?.agent).toBe('a1')
    router.rejectReservation('first')
    expect(of('reservation-rejected', 'first')).toHaveLength(1)
    // the agent that did not answer is made not ready
    expect(router.snapshot().agents.find((a) => a.id === 'a1')?.state).toBe('not-ready')
    ready('a2')
    expect(of('routed', 'first').map((e) => e.agent)).toEqual(['a1', 'a2'])
    expect(router.snapshot().waiting.map((w) => w.interaction)).toEqual(['second'])
  })

  it('an unanswered reservation times out and requeues', () => {
    const { router, clock, of, ready } = setup([sales], { limits: { reservationTimeoutMs: 5000 } })
    router.submit({ id: 'x', strategy: 'test' })
    ready('a1')
    clock.advance(5000)
    expect(of('reservation-rejected', 'x')[0]?.reason).toContain('not confirmed within 5000 ms')
    expect(router.snapshot().waiting.map((w) => w.interaction)).toEqual(['x'])
  })

  it('abandon removes the interaction from the queue', () => {
    const { router, of, ready } = setup([sales])
    router.submit({ id: 'gone', strategy: 'test' })
    router.submit({ id: 'stays', strategy: 'test' })
    router.abandon('gone')
    expect(of('finished', 'gone')[0]?.outcome).toBe('abandoned')
    ready('a1')
    expect(of('routed').map((e) => e.interaction)).toEqual(['stays'])
  })

  it('never gives an agent more than its capacity per media', () => {
    const chat = makeStrategy({ t: { type: 'target', targets: [{ group: 'vip_team' }] } })
    const { router, of, ready } = setup([chat])
    ready('a4') // voice 1, chat 2
    for (const id of ['c1', 'c2', 'c3']) router.submit({ id, strategy: 'test', media: 'chat' })
    expect(of('routed').map((e) => e.interaction)).toEqual(['c1', 'c2'])
    router.confirmReservation('c1')
    router.complete('c1')
    expect(of('routed').map((e) => e.interaction)).toEqual(['c1', 'c2', 'c3'])
  })
})

describe('escalation', () => {
  const escalating = makeStrategy({
    t: {
      type: 'target',
      targets: [{ group: 'vip_team' }],
      priority: 1,
      wait: '1m',
      treatments: [{ music: 'music/hold', duration: '20s' }, { play: 'prompts/sorry' }],
      escalate: [
        { after: '10s', raise: 4 },
        { after: '20s', add: [{ group: 'sales' }] },
        { after: '30s', replace: [{ group: 'support' }], priority: 50 },
      ],
      next: { timeout: 'out' },
    },
    out: { type: 'end', outcome: 'reject' },
  })

  it('raises the priority, adds then replaces targets on time', () => {
    const { router, clock, of, ready } = setup([escalating])
    ready('a1')
    router.submit({ id: 'x', strategy: 'test' })
    expect(of('routed', 'x')).toHaveLength(0)
    clock.advance(10_000)
    expect(router.snapshot().waiting[0]?.priority).toBe(5)
    clock.advance(10_000)
    expect(of('routed', 'x')[0]).toMatchObject({ agent: 'a1', target: 'group:sales', priority: 5 })
  })

  it('replace drops earlier targets', () => {
    const { router, clock, of, ready } = setup([escalating])
    router.submit({ id: 'x', strategy: 'test' })
    clock.advance(30_000)
    expect(router.snapshot().waiting[0]).toMatchObject({ priority: 50, targets: ['group:support'] })
    ready('a1')
    expect(of('routed', 'x')).toHaveLength(0)
    ready('a3')
    expect(of('routed', 'x')[0]?.agent).toBe('a3')
  })

  it('requests treatments while waiting, cycling, then times out', () => {
    const { router, clock, of } = setup([escalating])
    router.submit({ id: 'x', strategy: 'test' })
    expect(of('treatment', 'x').map((e) => e.description)).toEqual(['music music/hold'])
    clock.advance(20_000)
    router.treatmentDone('x')
    router.treatmentDone('x')
    expect(of('treatment', 'x').map((e) => e.description)).toEqual([
      'music music/hold',
      'play prompts/sorry',
      'music music/hold',
    ])
    clock.advance(40_000)
    expect(of('timeout', 'x')).toHaveLength(1)
    expect(of('finished', 'x')[0]?.outcome).toBe('reject')
  })
})

describe('agents from the provider', () => {
  it('serves a waiting interaction when the provider reports an agent ready', () => {
    const directory = makeDirectory()
    const stats = createMemoryStatProvider({ clock: createSimulatedClock(T0), directory })
    const { router, of } = setup([sales], { directory, stats })
    router.submit({ id: 'x', strategy: 'test' })
    stats.setAgent('a2', 'ready')
    expect(of('routed', 'x')[0]?.agent).toBe('a2')
  })
})

describe('agent changes at run time', () => {
  it('updateAgent re-evaluates skill targets for that agent and serves a waiting interaction', () => {
    const skill = makeStrategy({ t: { type: 'target', targets: [{ skill: 'skills.spanish >= 5' }] } })
    const { router, of, ready } = setup([skill])
    ready('a2')
    router.submit({ id: 'x', strategy: 'test' })
    expect(of('routed', 'x')).toHaveLength(0)
    router.updateAgent('a2', { groups: ['sales'], skills: { english: 3, spanish: 6 } })
    expect(of('routed', 'x')[0]?.agent).toBe('a2')
    router.updateAgent('nobody', {})
    expect(of('error').at(-1)?.reason).toBe('updateAgent: unknown agent "nobody"')
  })

  it.each([
    [
      null,
      'updateAgent: agent "a1": the definition does not fit the directory\'s agent format (Invalid input: expected object, received null); nothing changed',
    ],
    [
      { groups: 'sales' },
      'updateAgent: agent "a1": the definition does not fit the directory\'s agent format (groups: Invalid input: expected array, received string); nothing changed',
    ],
    [
      { groups: ['sale'] },
      'updateAgent: agent "a1": group "sale" is not in directory "test"; nothing changed',
    ],
    [
      { groups: ['sales'], capacityRule: 'blended' },
      'updateAgent: agent "a1": capacity rule "blended" is not in directory "test"; nothing changed',
    ],
  ])(
    'updateAgent refuses %o with the reason, and the agent keeps routing as before',
    (definition, reason) => {
      const { router, of, ready } = setup([salesTarget])
      ready('a1')
      router.updateAgent('a1', definition as never)
      expect(of('error').map((e) => e.reason)).toEqual([reason])
      router.submit({ id: 'x', strategy: 'test' })
      expect(of('routed', 'x')[0]?.agent).toBe('a1')
    },
  )
})
