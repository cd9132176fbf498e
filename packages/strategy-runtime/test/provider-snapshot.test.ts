// A router starts from what its statistics provider knows (Genesys URS reads every agent's state from Stat
// Server when it starts or reconnects), checks what a custom provider sends, and names a provider that breaks.
import type { AgentStatus, StatChange, StatProvider } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { makeStrategy, setup, T0 } from './fixtures.ts'

const sales = makeStrategy({ t: { type: 'target', targets: [{ group: 'sales' }] } })

function custom(statuses: Record<string, unknown>) {
  let listener: ((change: StatChange) => void) | undefined
  const provider: StatProvider = {
    name: 'wallboard',
    read: () => ({ value: 0, asOf: T0 }),
    agentStatus: () => undefined,
    agentStatuses: () => statuses as Record<string, AgentStatus>,
    subscribe(l) {
      listener = l
      return () => {
        listener = undefined
      }
    },
  }
  return { provider, notify: (change: StatChange) => listener?.(change) }
}

describe('agent statuses from the provider', () => {
  it('loads every agent at start, so a restarted router routes at once, with the load it had', () => {
    const { provider } = custom({
      a1: { state: 'ready', since: T0 - 60_000, load: {} },
      a2: { state: 'ready', since: T0 - 90_000, load: { voice: 1 } },
    })
    const h = setup([sales], { stats: provider })
    h.router.submit({ id: 'x', strategy: 'test' })
    expect(h.of('routed', 'x')[0]?.agent).toBe('a1') // a2 is ready longer but its one voice place is taken
    expect(h.router.snapshot().agents.find((a) => a.id === 'a2')?.load).toEqual({ voice: 1 })
  })

  it('keeps the per-media states a provider sends: ready for voice alone, logged out agent-wide, is routed voice', () => {
    const { provider } = custom({
      a1: { state: 'logged-out', since: T0 - 60_000, load: {}, mediaStates: { voice: 'ready' } },
    })
    const h = setup([sales], { stats: provider })
    h.router.submit({ id: 'x', strategy: 'test' })
    expect(h.of('routed', 'x')[0]?.agent).toBe('a1')
  })

  it('orders longest idle by the per-media since times a provider sends, not the agent-wide one', () => {
    const { provider } = custom({
      a1: {
        state: 'logged-out',
        since: T0 - 90_000,
        load: {},
        mediaStates: { voice: 'ready' },
        mediaSince: { voice: T0 - 10_000 },
      },
      a2: {
        state: 'logged-out',
        since: T0 - 50_000,
        load: {},
        mediaStates: { voice: 'ready' },
        mediaSince: { voice: T0 - 30_000 },
      },
    })
    const h = setup([sales], { stats: provider })
    h.router.submit({ id: 'x', strategy: 'test' })
    expect(h.of('routed', 'x')[0]?.agent).toBe('a2') // ready for voice 30 s, a1 only 10 s
  })

  it('refuses a per-media since that is no time', () => {
    const problems: string[] = []
    const { provider } = custom({
      a1: {
        state: 'logged-out',
        since: T0,
        load: {},
        mediaStates: { voice: 'ready' },
        mediaSince: { voice: 'now' },
      },
    })
    setup([sales], { stats: provider, onProblem: (p) => problems.push(p) })
    expect(problems).toEqual([
      'Statistics provider "wallboard" sent a bad status for agent "a1": mediaSince of voice is not a time in ms; ignored',
    ])
  })

  it('refuses a per-media state that is no agent state', () => {
    const problems: string[] = []
    const { provider } = custom({
      a1: { state: 'logged-out', since: T0, load: {}, mediaStates: { voice: 'awake' } },
    })
    setup([sales], { stats: provider, onProblem: (p) => problems.push(p) })
    expect(problems).toEqual([
      'Statistics provider "wallboard" sent a bad status for agent "a1": media state of voice is "awake", not one of logged-out, not-ready, ready, reserved, busy, after-call-work; ignored',
    ])
  })

  it('reports bad statuses through the problem hook and never stores them', () => {
    const problems: string[] = []
    const { provider } = custom({
      a1: { state: 'dancing', since: T0, load: {} },
      a2: { state: 'ready', since: 'yesterday', load: {} },
      a3: { state: 'ready', since: T0, load: { voice: -1 } },
    })
    const h = setup([sales], { stats: provider, onProblem: (p) => problems.push(p) })
    expect(problems).toEqual([
      'Statistics provider "wallboard" sent a bad status for agent "a1": state "dancing" is not one of logged-out, not-ready, ready, reserved, busy, after-call-work; ignored',
      'Statistics provider "wallboard" sent a bad status for agent "a2": since "yesterday" is not a time in ms; ignored',
      'Statistics provider "wallboard" sent a bad status for agent "a3": load of voice is -1, not a count; ignored',
    ])
    expect(h.router.snapshot().agents.map((a) => a.state)).toEqual([
      'logged-out',
      'logged-out',
      'logged-out',
      'logged-out',
    ])
  })

  it('without a hook, a bad status is an error event naming the agent', () => {
    const { provider, notify } = custom({})
    const h = setup([sales], { stats: provider })
    notify({ kind: 'agent', agent: 'a1', status: { state: 'sleeping' } as never })
    expect(h.of('error').at(-1)).toMatchObject({ agent: 'a1', reason: expect.stringContaining('"sleeping"') })
  })

  it('quotes an agent id the provider sent printable: no bidi override or line break echoed, a quote escaped', () => {
    const { provider, notify } = custom({})
    const h = setup([sales], { stats: provider })
    notify({ kind: 'agent', agent: 'gh\u202Eo"st\n', status: { state: 'ready', since: T0, load: {} } })
    notify({ kind: 'agent', agent: 'a1', status: { state: 'ready', since: 'then' } as never })
    expect(h.of('error').map((e) => e.reason)).toEqual([
      'Statistics provider "wallboard" reported agent "gh\uFFFDo\\"st\u240A", who is not in the directory',
      'Statistics provider "wallboard" sent a bad status for agent "a1": since "then" is not a time in ms; ignored',
    ])
  })

  it('reloads everything after the provider reconnects', () => {
    const statuses: Record<string, AgentStatus> = {}
    const { provider, notify } = custom(statuses)
    const h = setup([sales], { stats: provider })
    h.router.submit({ id: 'x', strategy: 'test' })
    statuses.a2 = { state: 'ready', since: T0, load: {} }
    notify({ kind: 'reconnected' })
    expect(h.of('routed', 'x')[0]?.agent).toBe('a2')
  })

  it('counts a status timed ahead of the router’s clock as now, so the host’s next agent event still applies', () => {
    const { provider, notify } = custom({})
    const h = setup([sales], { stats: provider })
    notify({ kind: 'agent', agent: 'a1', status: { state: 'ready', since: T0 + 60_000, load: {} } })
    expect(h.router.snapshot().agents.find((a) => a.id === 'a1')?.since).toBe(T0)
    h.clock.advance(1000)
    h.router.agentEvent({ agent: 'a1', state: 'not-ready' })
    expect(h.of('error')).toEqual([])
    expect(h.router.snapshot().agents.find((a) => a.id === 'a1')?.state).toBe('not-ready')
  })

  it('reports a change that is not one (null, an unknown kind) instead of dropping it silently', () => {
    const { provider, notify } = custom({})
    const h = setup([sales], { stats: provider })
    notify(null as never)
    notify({ kind: 'agents-changed' } as never)
    expect(h.of('error').map((e) => e.reason)).toEqual([
      'Statistics provider "wallboard" sent null, not a change; ignored',
      'Statistics provider "wallboard" sent a change of unknown kind "agents-changed"; ignored',
    ])
  })

  it('a provider whose subscribe throws gives a clear error naming it', () => {
    const provider: StatProvider = {
      name: 'broken-feed',
      read: () => ({ value: 0, asOf: 0 }),
      agentStatus: () => undefined,
      subscribe: () => {
        throw new Error('connection refused')
      },
    }
    expect(() => setup([sales], { stats: provider })).toThrow(
      'Statistics provider "broken-feed" failed in subscribe(): connection refused',
    )
  })
})
