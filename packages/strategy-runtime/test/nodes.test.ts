import type { Scenario, StrategyDocument } from '@routewright/strategy-dsl'
import { runScenario } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { makeDirectory } from './fixtures.ts'

const directory = makeDirectory()

function run(
  nodes: StrategyDocument['nodes'],
  scenario: Partial<Scenario> = {},
  extra: Partial<StrategyDocument> = {},
  others: StrategyDocument[] = [],
) {
  const doc: StrategyDocument = {
    strategy: 'main',
    format: 1,
    start: Object.keys(nodes)[0]!,
    nodes,
    ...extra,
  }
  const strategies = new Map([doc, ...others].map((d) => [d.strategy, d]))
  return runScenario({ name: 't', expect: {}, ...scenario }, 'main', { strategies, directory })
}

const bye = { type: 'end', outcome: 'default-route' } as const

describe('switch', () => {
  it('takes the first case that holds, else default', () => {
    const nodes: StrategyDocument['nodes'] = {
      s: {
        type: 'switch',
        cases: [
          { label: 'gold', when: 'data.tier == "gold"', next: 'g' },
          { when: 'data.tier != ""', next: 'o' },
        ],
        default: 'd',
      },
      g: { type: 'end', outcome: 'reject' },
      o: { type: 'end', outcome: 'abandon' },
      d: bye,
    }
    const inputs = { inputs: { tier: { type: 'string' as const, default: '' } } }
    expect(run(nodes, { interaction: { data: { tier: 'gold' } } }, inputs).outcome).toBe('reject')
    expect(run(nodes, { interaction: { data: { tier: 'silver' } } }, inputs).outcome).toBe('abandon')
    expect(run(nodes, {}, inputs).outcome).toBe('default-route')
  })
})

describe('assign and attach', () => {
  it('assigns in order and attaches data for screen pop', () => {
    const result = run(
      {
        a: { type: 'assign', set: { n: 'n + 1', label: '"try " + string(n)' }, next: 't' },
        t: { type: 'attach', set: { Attempt: 'label' }, remove: ['Temp'], next: 'e' },
        e: bye,
      },
      { interaction: { data: { Temp: 'x' } } },
      { variables: { n: { type: 'int', default: 1 }, label: { type: 'string' } } },
    )
    expect(result.variables).toEqual({ n: 2, label: 'try 2' })
    expect(result.data).toEqual({ Attempt: 'try 2' })
    expect(result.events.some((e) => e.type === 'data-attached')).toBe(true)
  })
})

describe('schedule', () => {
  const nodes = (calendar: string | object): StrategyDocument['nodes'] => ({
    s: { type: 'schedule', calendar: calendar as never, next: { open: 'o', closed: 'c', holiday: 'h' } },
    o: { type: 'end', outcome: 'default-route' },
    c: { type: 'end', outcome: 'reject' },
    h: { type: 'end', outcome: 'abandon' },
  })
  it.each([
    ['2026-03-02T07:30:00Z', 'default-route'], // 08:30 in Paris: open
    ['2026-03-02T17:30:00Z', 'reject'], // 18:30 in Paris: closed
    ['2026-03-07T10:00:00Z', 'reject'], // a Saturday
    ['2026-12-25T10:00:00Z', 'abandon'], // holiday
  ])('directory calendar at %s -> %s', (at, outcome) => {
    expect(run(nodes('office'), { at }).outcome).toBe(outcome)
  })
  it('uses an inline calendar in its own time zone', () => {
    const inline = { timezone: 'America/New_York', hours: { 'mon-fri': '09:00-17:00' } }
    expect(run(nodes(inline), { at: '2026-03-02T15:00:00Z' }).outcome).toBe('default-route') // 10:00 in New York
    expect(run(nodes(inline), { at: '2026-03-02T13:00:00Z' }).outcome).toBe('reject') // 08:00 in New York
  })
})

describe('split', () => {
  it('draws with the seeded random source, so a seed replays', () => {
    const nodes: StrategyDocument['nodes'] = {
      s: {
        type: 'split',
        branches: [
          { label: 'A', weight: 50, next: 'a' },
          { label: 'B', weight: 50, next: 'b' },
        ],
      },
      a: { type: 'end', outcome: 'reject' },
      b: { type: 'end', outcome: 'abandon' },
    }
    const outcomes = Array.from({ length: 40 }, (_, seed) => run(nodes, { seed }).outcome)
    expect(new Set(outcomes)).toEqual(new Set(['reject', 'abandon']))
    expect(Array.from({ length: 40 }, (_, seed) => run(nodes, { seed }).outcome)).toEqual(outcomes)
  })
})

describe('queue-priority and target priority', () => {
  it('sets and raises the priority the routed event carries', () => {
    const result = run(
      {
        p: { type: 'queue-priority', set: 'data.vip ? 50 : 5', next: 'r' },
        r: { type: 'queue-priority', raise: 3, next: 't' },
        t: { type: 'target', targets: [{ group: 'sales' }] },
      },
      { agents: { a1: 'ready' }, interaction: { data: { vip: true } } },
      { inputs: { vip: { type: 'bool', default: false } } },
    )
    expect(result.priority).toBe(53)
    expect(result.events.find((e) => e.type === 'routed')).toMatchObject({ priority: 53 })
  })
})

describe('treatment and wait', () => {
  it('plays, waits, and collects digits into a variable', () => {
    const result = run(
      {
        hello: { type: 'treatment', play: 'prompts/hello', next: { done: 'pause' } },
        pause: { type: 'wait', for: '5s', next: 'menu' },
        menu: { type: 'treatment', collect: { into: 'choice', max: 2 }, next: { done: 'e' } },
        e: bye,
      },
      { events: [{ at: '7s', digits: '42' }] },
      { variables: { choice: { type: 'string' } } },
    )
    expect(result.treatments).toEqual(['play prompts/hello', 'collect → choice'])
    expect(result.variables.choice).toBe('42')
    expect(result.at).toBe(7000)
  })
  it('takes timeout when no digits come', () => {
    const result = run(
      {
        menu: { type: 'treatment', collect: { into: 'c', timeout: '3s' }, next: { done: 'd', timeout: 't' } },
        d: bye,
        t: { type: 'end', outcome: 'reject' },
      },
      {},
      { variables: { c: { type: 'string' } } },
    )
    expect(result.outcome).toBe('reject')
    expect(result.at).toBe(3000)
  })
})

describe('function', () => {
  const nodes: StrategyDocument['nodes'] = {
    f: {
      type: 'function',
      call: 'lookup',
      args: ['ani', 'data.n * 2'],
      into: 'out',
      timeout: '2s',
      next: { done: 'd', error: 'x', timeout: 't' },
    },
    d: bye,
    x: { type: 'end', outcome: 'reject' },
    t: { type: 'end', outcome: 'abandon' },
  }
  const extra = {
    inputs: { n: { type: 'int' as const, default: 2 } },
    variables: { out: { type: 'string' as const } },
  }
  it('stores the result, or takes error / timeout', () => {
    expect(run(nodes, { functions: { lookup: { returns: 'ok' } } }, extra).variables.out).toBe('ok')
    expect(run(nodes, { functions: { lookup: { throws: 'boom' } } }, extra).outcome).toBe('reject')
    expect(run(nodes, { functions: { lookup: { hangs: true } } }, extra).outcome).toBe('abandon')
    expect(run(nodes, { functions: { lookup: { returns: 'late', after: '3s' } } }, extra).outcome).toBe(
      'abandon',
    )
    expect(run(nodes, {}, extra).outcome).toBe('reject') // not registered
  })
})

describe('subroutine', () => {
  const sub: StrategyDocument = {
    strategy: 'identify',
    format: 1,
    inputs: { phone: { type: 'string', required: true } },
    outputs: { tier: { type: 'string' } },
    start: 'r',
    nodes: {
      r: { type: 'end', outcome: 'return', values: { tier: 'data.phone == "555" ? "gold" : "std"' } },
    },
  }
  it('passes inputs and copies outputs back', () => {
    const result = run(
      {
        call: {
          type: 'subroutine',
          call: 'identify',
          inputs: { phone: 'ani' },
          into: { t: 'tier' },
          next: { done: 'e', error: 'x' },
        },
        e: bye,
        x: { type: 'end', outcome: 'reject' },
      },
      { interaction: { ani: '555' } },
      { variables: { t: { type: 'string' } } },
      [sub],
    )
    expect(result.variables.t).toBe('gold')
    expect(result.outcome).toBe('default-route')
    expect(result.trace.some((t) => t.strategy === 'identify')).toBe(true)
  })
  it('takes error when the subroutine is missing', () => {
    const result = run({
      call: { type: 'subroutine', call: 'nope', next: { done: 'e', error: 'x' } },
      e: bye,
      x: { type: 'end', outcome: 'reject' },
    })
    expect(result.outcome).toBe('reject')
  })
  it('says which loaded strategy a missing subroutine is close to', () => {
    const result = run({
      call: { type: 'subroutine', call: 'mian', next: { done: 'e', error: 'x' } },
      e: bye,
      x: { type: 'end', outcome: 'reject' },
    })
    expect(result.trace.find((t) => t.kind === 'error')?.message).toBe(
      'Subroutine "mian" is not loaded in the router. Did you mean "main"?',
    )
    // the name meant as data too, as the refused submit's error event carries it
    expect(result.trace.find((t) => t.kind === 'error')?.fix).toEqual({ written: 'mian', meant: 'main' })
  })
})

describe('subroutine failures', () => {
  it("a subroutine that fails takes the caller's error output", () => {
    const failing: StrategyDocument = {
      strategy: 'broken',
      format: 1,
      start: 'f',
      nodes: {
        f: { type: 'function', call: 'missing', next: { done: 'r' } },
        r: { type: 'end', outcome: 'return' },
      },
    }
    const result = run(
      {
        call: { type: 'subroutine', call: 'broken', next: { done: 'e', error: 'x' } },
        e: bye,
        x: { type: 'end', outcome: 'reject' },
      },
      {},
      {},
      [failing],
    )
    expect(result.outcome).toBe('reject')
    expect(result.trace.filter((t) => t.kind === 'error').map((t) => t.message)).toEqual([
      'No host function "missing" is registered with the router',
      'Subroutine "broken" failed at node "f": No host function "missing" is registered with the router',
    ])
  })
})

describe('route and end', () => {
  it('routes to a directory destination, a computed number, or another strategy', () => {
    expect(run({ r: { type: 'route', destination: 'overflow' } })).toMatchObject({
      outcome: 'route',
      destination: 'overflow',
    })
    expect(
      run({ r: { type: 'route', number: '"+1" + ani' } }, { interaction: { ani: '555' } }),
    ).toMatchObject({ outcome: 'route', destination: '+1555' })
    const other: StrategyDocument = {
      strategy: 'other',
      format: 1,
      start: 'x',
      nodes: { x: { type: 'end', outcome: 'reject' } },
    }
    expect(run({ r: { type: 'route', strategy: 'other' } }, {}, {}, [other]).outcome).toBe('reject')
  })
  it('returns values from a top-level strategy', () => {
    expect(run({ e: { type: 'end', outcome: 'return', values: { x: '1 + 1' } } }).values).toEqual({ x: 2 })
  })
})
