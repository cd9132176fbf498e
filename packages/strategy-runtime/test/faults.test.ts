import type { StrategyDocument } from '@routewright/strategy-dsl'
import type { StatFeed, StatProvider } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { makeStrategy, setup } from './fixtures.ts'

const queueing = makeStrategy(
  {
    t: { type: 'target', targets: [{ group: 'sales' }], wait: '30s', next: { timeout: 'out' } },
    out: { type: 'end', outcome: 'reject' },
  },
  { inputs: { account: { type: 'int', required: true } } },
)

function provider(read: StatProvider['read']): StatProvider {
  return { name: 'flaky', read, agentStatus: () => undefined, subscribe: () => () => {} }
}

const statSwitch: StrategyDocument = makeStrategy({
  s: {
    type: 'switch',
    cases: [{ when: 'stat("group:sales", "ExpectedWaitTime") > 60.0', next: 'long' }],
    default: 'short',
  },
  long: { type: 'end', outcome: 'reject' },
  short: { type: 'end', outcome: 'abandon' },
})

describe('bad host input', () => {
  it('refuses an unknown strategy at submit with code unknown-strategy and a did-you-mean, creating nothing', () => {
    const { router, events, of } = setup([queueing])
    router.submit({ id: 'x', strategy: 'tset' })
    expect(events.map((e) => ({ type: e.type, interaction: e.interaction }))).toEqual([
      { type: 'error', interaction: 'x' },
    ])
    expect(of('error', 'x')[0]).toMatchObject({
      code: 'unknown-strategy',
      reason: 'submit: Unknown strategy "tset" (loaded: test). Did you mean "test"?',
      // the name meant as data, as the DSL's diagnostics carry it: a host can offer it without parsing the text
      fix: { written: 'tset', meant: 'test' },
    })
    expect(router.trace('x')).toBeUndefined()
    router.submit({ id: 'y', strategy: 'billing' })
    expect(of('error', 'y')[0]).not.toHaveProperty('fix')
    // arriving connected (connectedTo), the strategy is checked first: the same refusal, the same fix
    router.submit({ id: 'c', strategy: 'tset', connectedTo: { agent: 'a1' } })
    expect(of('error', 'c')[0]).toMatchObject({
      code: 'unknown-strategy',
      fix: { written: 'tset', meant: 'test' },
    })
    // nothing of it is kept: the same id submits again, on a strategy that exists
    router.submit({ id: 'x', strategy: 'test', data: { account: 7 } })
    expect(of('queued', 'x')).toHaveLength(1)
  })

  it.each([
    [{}, 'Input "account" (int) is required by strategy "test" but missing'],
    [
      { account: 'abc' },
      'Input "account" of strategy "test" has the wrong type: expected int, got the string "abc"',
    ],
  ])('checks interaction data against the inputs: %o', (data, reason) => {
    const { router, of } = setup([queueing])
    router.submit({ id: 'x', strategy: 'test', data })
    expect(of('failed', 'x')[0]?.reason).toBe(reason)
  })

  it('prints a list input it cannot write as JSON (a bigint) by its items, and fails it', () => {
    const tagged = makeStrategy(queueing.nodes, { inputs: { tags: { type: 'list<string>' } } })
    const { router, of } = setup([tagged])
    router.submit({ id: 'x', strategy: 'test', data: { tags: ['a', 1n] } })
    expect(of('failed', 'x')[0]?.reason).toBe(
      'Input "tags" of strategy "test" has the wrong type: expected list<string>, got a list [string, bigint]',
    )
    expect(of('finished', 'x')).toHaveLength(1)
  })

  it('fails an interaction whose data throws when read, and frees its id', () => {
    const { router, of } = setup([queueing])
    const data = {
      get account(): number {
        throw new Error('getter of the host')
      },
    }
    router.submit({ id: 'x', strategy: 'test', data })
    expect(of('failed', 'x')[0]?.reason).toBe('submit failed inside the router: getter of the host')
    expect(of('finished', 'x')).toHaveLength(1)
    expect(router.snapshot().active).toBe(0)
    router.submit({ id: 'x', strategy: 'test', data: { account: 1 } })
    expect(of('queued', 'x')).toHaveLength(1)
  })

  it.each([
    [{ strategy: undefined }, 'Interaction "strategy" must be a string (got nothing)'],
    [{ media: 42 }, 'Interaction "media" must be a string (got number 42)'],
    [{ ani: 5551234 }, 'Interaction "ani" must be a string (got number 5551234)'],
    [{ dnis: { number: '800' } }, 'Interaction "dnis" must be a string (got a map)'],
    [{ priority: '9' }, 'Interaction "priority" must be a finite number (got the string "9")'],
    [{ priority: Number.NaN }, 'Interaction "priority" must be a finite number (got number NaN)'],
  ])('fails an interaction with a field of the wrong type from plain JavaScript: %o', (fields, reason) => {
    const { router, of } = setup([queueing])
    router.submit({ id: 'x', strategy: 'test', data: { account: 1 }, ...fields } as never)
    expect(of('failed', 'x')[0]?.reason).toBe(reason)
    expect(of('finished', 'x')).toHaveLength(1)
  })

  it('refuses a duplicate id without disturbing the first interaction', () => {
    const { router, of, ready } = setup([queueing])
    router.submit({ id: 'x', strategy: 'test', data: { account: 1 } })
    router.submit({ id: 'x', strategy: 'test', data: { account: 2 } })
    expect(of('error', 'x')[0]?.reason).toContain('already being routed')
    ready('a1')
    expect(of('routed', 'x')).toHaveLength(1)
  })

  it('reports unknown agents, unknown states and out-of-order events', () => {
    const { router, of, clock } = setup([queueing])
    router.agentEvent({ agent: 'ghost', state: 'ready' })
    router.agentEvent({ agent: 'a1', state: 'dancing' as never })
    router.agentEvent({ agent: 'a1', state: 'ready', at: clock.now() })
    router.agentEvent({ agent: 'a1', state: 'busy', at: clock.now() - 1000 })
    expect(of('error').map((e) => e.reason)).toEqual([
      'agentEvent: unknown agent "ghost" (not in directory "test")',
      expect.stringContaining('unknown state "dancing"'),
      expect.stringContaining('older than its last event'),
    ])
    expect(router.snapshot().agents.find((a) => a.id === 'a1')?.state).toBe('ready')
  })

  it('quotes an unknown agent id a caller sent printable: no bidi override or line break echoed, a quote escaped', () => {
    const { router, of } = setup([queueing])
    router.agentEvent({ agent: 'gh\u202Eo"st\n', state: 'ready' })
    router.updateAgent('no\u202Ebody', { groups: [] } as never)
    const reasons = of('error').map((e) => e.reason)
    expect(reasons).toHaveLength(2)
    for (const reason of reasons) expect(reason).not.toMatch(/[\u202E\n]/)
    expect(reasons[0]).toContain('\\"')
  })

  it('counts an agent event timed ahead of the router’s clock as now, so the agent’s next events still apply', () => {
    const { router, of, clock } = setup([queueing])
    // a host passing Date.now() to a router on a simulated clock, or a switch whose clock runs ahead
    router.agentEvent({ agent: 'a1', state: 'ready', at: clock.now() + 300 * 86_400_000 })
    expect(router.snapshot().agents.find((a) => a.id === 'a1')?.since).toBe(clock.now())
    clock.advance(1000)
    router.agentEvent({ agent: 'a1', state: 'not-ready' })
    expect(of('error')).toEqual([])
    expect(router.snapshot().agents.find((a) => a.id === 'a1')?.state).toBe('not-ready')
  })

  it('reports calls about unknown or finished interactions', () => {
    const { router, of } = setup([queueing])
    router.abandon('nobody')
    router.confirmReservation('nobody')
    router.treatmentDone('nobody')
    router.complete('nobody')
    expect(of('error', 'nobody')).toHaveLength(4)
  })

  it.each([
    ['treatmentDone', undefined, 'treatmentDone: the interaction id must be a string (got nothing)'],
    ['complete', null, 'complete: the interaction id must be a string (got null)'],
    ['abandon', 42, 'abandon: the interaction id must be a string (got number 42)'],
    ['confirmReservation', {}, 'confirmReservation: the interaction id must be a string (got a map)'],
    ['exportInteraction', ['x'], 'exportInteraction: the interaction id must be a string (got a list ["x"])'],
  ] as const)('%s with an id that is not a string is an error event, not a throw', (method, id, reason) => {
    const { router, of } = setup([queueing])
    const call = router[method] as (id: unknown) => unknown
    expect(() => call(id)).not.toThrow()
    expect(of('error').map((e) => [e.interaction, e.reason])).toEqual([['', reason]])
  })

  it.each([
    [5, 'the result must be { digits?: string } or { error: string } (got number 5)'],
    [null, 'the result must be { digits?: string } or { error: string } (got null)'],
    [{ digits: 12 }, '"digits" must be a string of the digits collected (got number 12)'],
    [{ error: undefined }, '"error" must be a string saying why the treatment failed (got nothing)'],
  ])('refuses a treatment result %o and still awaits the treatment', (result, problem) => {
    const menu = makeStrategy(
      {
        menu: { type: 'treatment', collect: { into: 'choice', max: 2 }, next: { done: 'e' } },
        e: { type: 'end', outcome: 'reject' },
      },
      { variables: { choice: { type: 'string' } } },
    )
    const { router, of } = setup([menu])
    router.submit({ id: 'x', strategy: 'test' })
    router.treatmentDone('x', result as never)
    expect(of('error', 'x').map((e) => e.reason)).toEqual([
      `treatmentDone: ${problem}; nothing changed, the treatment is still awaited`,
    ])
    router.treatmentDone('x', { digits: '2' })
    expect(of('finished', 'x').map((e) => e.outcome)).toEqual(['reject'])
    expect(router.trace('x')?.find((t) => t.kind === 'value')?.value).toBe('2')
  })

  it('never throws to the host, even when its listener throws', () => {
    const { router } = setup([queueing], {
      onEvent: () => {
        throw new Error('listener bug')
      },
    })
    expect(() => router.submit({ id: 'x', strategy: 'test', data: { account: 1 } })).not.toThrow()
    expect(() => router.submit(null as never)).not.toThrow()
  })
})

describe('statistics faults', () => {
  it.each([
    [
      'throws',
      () => {
        throw new Error('stat server down')
      },
      'threw: stat server down',
    ],
    ['returns NaN', () => ({ value: Number.NaN, asOf: 0 }), 'returned NaN'],
  ])('a provider that %s takes the default route with the reason in the trace', (_, read, reason) => {
    const { router, of } = setup([statSwitch], { stats: provider(read as StatProvider['read']) })
    router.submit({ id: 'x', strategy: 'test' })
    expect(of('finished', 'x')[0]?.outcome).toBe('default-route')
    expect(router.trace('x')?.find((t) => t.kind === 'error')?.message).toContain(reason)
  })

  it('a provider that never answers is cut off by the stat timeout', () => {
    const { router, of, clock } = setup([statSwitch], {
      stats: provider(() => new Promise(() => {})),
      limits: { statTimeoutMs: 500 },
    })
    router.submit({ id: 'x', strategy: 'test' })
    expect(of('finished', 'x')).toHaveLength(0)
    clock.advance(500)
    expect(of('finished', 'x')[0]?.outcome).toBe('default-route')
    expect(router.trace('x')?.find((t) => t.kind === 'error')?.message).toContain('no answer within 500 ms')
  })

  it('a figure the provider marks stale is used, and the trace says it was stale', () => {
    const { router, of } = setup([statSwitch], {
      stats: provider(() => ({ value: 120, asOf: 0, stale: true })),
    })
    router.submit({ id: 'x', strategy: 'test' })
    expect(of('finished', 'x')[0]?.outcome).toBe('reject')
    expect(router.trace('x')?.find((t) => t.kind === 'stat')).toMatchObject({ value: 120, stale: true })
  })

  it('an async provider answering in time is used', async () => {
    const { router, of } = setup([statSwitch], { stats: provider(async () => ({ value: 120, asOf: 0 })) })
    router.submit({ id: 'x', strategy: 'test' })
    await Promise.resolve()
    await Promise.resolve()
    expect(of('finished', 'x')[0]?.outcome).toBe('reject')
    expect(router.trace('x')?.find((t) => t.kind === 'stat')).toMatchObject({ value: 120, provider: 'flaky' })
  })

  it('a pick statistic unavailable for every candidate takes the error output', () => {
    const s = makeStrategy({
      t: { type: 'target', targets: [{ group: 'sales' }], pick: { min: 'Occupancy' }, next: { error: 'e' } },
      e: { type: 'end', outcome: 'reject' },
    })
    const { router, of, ready } = setup([s], {
      stats: provider(() => {
        throw new Error('down')
      }),
    })
    ready('a1', 'a2')
    router.submit({ id: 'x', strategy: 'test' })
    expect(of('finished', 'x')[0]?.outcome).toBe('reject')
  })
})

describe('limits', () => {
  it('fails an interaction that loops past maxSteps, and only that one', () => {
    const loop = makeStrategy(
      {
        a: { type: 'assign', set: { n: 'n + 1' }, next: 'b' },
        b: { type: 'switch', cases: [{ when: 'true', next: 'a' }], default: 'a' },
      },
      { strategy: 'loop', variables: { n: { type: 'int' } } },
    )
    const { router, of, ready } = setup([loop, queueing], { limits: { maxSteps: 50 }, unchecked: true })
    router.submit({ id: 'l', strategy: 'loop' })
    expect(of('failed', 'l')[0]?.reason).toContain('limit of 50 steps')
    router.submit({ id: 'ok', strategy: 'test', data: { account: 1 } })
    ready('a1')
    expect(of('routed', 'ok')).toHaveLength(1)
  })

  it('fails the interaction beyond maxWaiting, not the router', () => {
    const { router, of } = setup([queueing], { limits: { maxWaiting: 2 } })
    for (const id of ['a', 'b', 'c']) router.submit({ id, strategy: 'test', data: { account: 1 } })
    expect(of('queued').map((e) => e.interaction)).toEqual(['a', 'b'])
    expect(of('failed', 'c')[0]?.reason).toContain('maxWaiting')
    router.abandon('a')
    router.submit({ id: 'd', strategy: 'test', data: { account: 1 } })
    expect(of('queued', 'd')).toHaveLength(1)
  })

  it("tells the host once when the provider cannot record the router's events, again only after one went through", () => {
    let failing = true
    let recorded = 0
    const problems: string[] = []
    const stats: StatProvider & StatFeed = {
      ...provider(() => ({ value: 0, asOf: 0 })),
      record: () => {
        if (failing) throw new Error('disk full')
        recorded++
      },
    }
    const { router, of, ready } = setup([queueing], { stats, onProblem: (p) => problems.push(p) })
    ready('a1')
    router.submit({ id: 'c1', strategy: 'test', data: { account: 1 } })
    router.confirmReservation('c1')
    expect(of('routed', 'c1')).toHaveLength(1)
    expect(problems).toEqual([
      expect.stringMatching(
        /^Statistics provider "flaky" failed to record a \S+ event, so its figures may be stale .*: disk full$/,
      ),
    ])
    failing = false
    router.complete('c1')
    expect(recorded).toBeGreaterThan(0)
    failing = true
    router.agentEvent({ agent: 'a1', state: 'not-ready' })
    expect(problems).toHaveLength(2)
  })
})
