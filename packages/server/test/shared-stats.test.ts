// The one-process coordinator's statistics provider across versions: made once, fed each host agent state once and
// each interaction's events by the one version that routes it, whatever the AgentBook replays or mirrors.
import { createLocalCoordinator } from '@routewright/server'
import { createMemoryStatProvider, createSimulatedClock, type StatEvent } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { workspaceOf } from './coordinator-contract.ts'
import { supportStrategy } from './helpers.ts'

function counted() {
  const clock = createSimulatedClock(Date.UTC(2026, 10, 30, 10, 0, 0))
  const made: string[] = []
  const fed: StatEvent[] = []
  const coordinator = createLocalCoordinator({
    clock,
    stats: (workspace) => {
      made.push(workspace.version)
      const provider = createMemoryStatProvider({ clock, directory: workspace.directory })
      const record = provider.record.bind(provider)
      provider.record = (event) => {
        fed.push(event)
        record(event)
      }
      return provider
    },
  })
  const agentStates = () =>
    fed.flatMap((e) => (e.type === 'agent-state' ? [`${e.agent} ${e.state} @${e.at}`] : []))
  return { clock, made, fed, coordinator, agentStates }
}

describe('one statistics provider for every version', () => {
  it('is made once and fed each host agent state once, while two versions are live too', async () => {
    const { clock, made, fed, coordinator: c, agentStates } = counted()
    const t0 = clock.now()
    await c.deploy(workspaceOf('v1'))
    expect((await c.agentEvent({ agent: 'ann', state: 'ready' })).ok).toBe(true)
    expect(await c.submit({ id: 'x1', strategy: 'support' })).toMatchObject({ value: { agent: 'ann' } })
    expect((await c.confirmReservation('x1')).ok).toBe(true)
    clock.advance(1000)
    // v2 is attached with every agent's state replayed and ann (held on v1) shown busy: none of it is counted
    await c.deploy(workspaceOf('v2', supportStrategy('support', '2m')))
    expect((await c.versions()).map((v) => v.status)).toEqual(['draining', 'current'])
    clock.advance(1000)
    // bob reaches both routers, ann only v1's (v2 sees her busy): each counted once
    expect((await c.agentEvent({ agent: 'bob', state: 'ready' })).ok).toBe(true)
    expect((await c.agentEvent({ agent: 'ann', state: 'after-call-work' })).ok).toBe(true)
    clock.advance(1000)
    // x1 ends: v1 retires and v2 gets ann's state replayed: not counted either
    expect((await c.complete('x1')).ok).toBe(true)
    expect((await c.versions()).map((v) => v.version)).toEqual(['v2'])
    expect((await c.agentEvent({ agent: 'ann', state: 'ready' })).ok).toBe(true)
    expect(await c.submit({ id: 'x2', strategy: 'support' })).toMatchObject({
      value: { version: 'v2', agent: 'ann' },
    })
    expect((await c.confirmReservation('x2')).ok).toBe(true)

    expect(made).toEqual(['v1'])
    expect(agentStates()).toEqual([
      `ann ready @${t0}`,
      `bob ready @${t0 + 2000}`,
      `ann after-call-work @${t0 + 2000}`,
      `ann ready @${t0 + 3000}`,
    ])
    const of = (id: string) =>
      fed.flatMap((e) => ('interaction' in e && e.interaction === id ? [e.type] : []))
    expect(of('x1')).toEqual(['interaction-routed', 'interaction-completed'])
    expect(of('x2')).toEqual(['interaction-routed'])
    await c.stop()
  })

  it('counts the not ready a router set after an unanswered reservation once, however many versions hear it', async () => {
    const { clock, coordinator: c, agentStates } = counted()
    const t0 = clock.now()
    await c.deploy(workspaceOf('v1'))
    await c.submit({ id: 'old', strategy: 'support' })
    await c.deploy(workspaceOf('v2', supportStrategy('support', '2m')))
    expect((await c.agentEvent({ agent: 'ann', state: 'ready' })).ok).toBe(true)
    // v1's interaction is first in line: ann goes to it; then nobody answers (the default 15 s)
    expect((await c.interaction('old'))?.agent).toBe('ann')
    clock.advance(15_000)
    expect((await c.interaction('old'))?.state).toBe('queued')
    expect((await c.agents()).find((a) => a.id === 'ann')?.state).toBe('not-ready')
    expect(agentStates()).toEqual([`ann ready @${t0}`, `ann not-ready @${t0 + 15_000}`])
    await c.stop()
  })

  it('does not count an agent state the current version refuses', async () => {
    const { coordinator: c, agentStates } = counted()
    await c.deploy(workspaceOf('v1'))
    const refused = await c.agentEvent({ agent: 'ann', state: 'ready', media: 'fax' })
    expect(refused).toMatchObject({ ok: false, status: 409 })
    expect(agentStates()).toEqual([])
    await c.stop()
  })
})
