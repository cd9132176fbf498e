// A stopped router: stop() never throws (not even when the provider's unsubscribe does), a provider that calls
// back after unsubscribe changes nothing, and new interactions are refused with an error event.
import type { AgentStatus, StatChange, StatProvider } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { makeStrategy, setup, T0 } from './fixtures.ts'

const sales = makeStrategy({ t: { type: 'target', targets: [{ group: 'sales' }] } })

/** A provider that keeps its listener after unsubscribe (a message in flight) and whose unsubscribe may throw. */
function lingering(options: {
  unsubscribeThrows?: boolean
  statuses?: Promise<Record<string, AgentStatus>>
}) {
  let listener: ((change: StatChange) => void) | undefined
  const provider: StatProvider = {
    name: 'lingering',
    read: () => ({ value: 0, asOf: T0 }),
    agentStatus: () => undefined,
    ...(options.statuses ? { agentStatuses: () => options.statuses! } : {}),
    subscribe(l) {
      listener = l
      return () => {
        if (options.unsubscribeThrows) throw new Error('socket already closed')
      }
    },
  }
  return { provider, notify: (change: StatChange) => listener?.(change) }
}

describe('a stopped router', () => {
  it('stops without throwing when the provider’s unsubscribe throws, and reports it', () => {
    const { provider } = lingering({ unsubscribeThrows: true })
    const h = setup([sales], { stats: provider })
    expect(() => h.router.stop()).not.toThrow()
    expect(h.of('error').map((e) => e.reason)).toEqual([
      'Statistics provider "lingering": its unsubscribe function threw: socket already closed',
    ])
  })

  it('ignores a change the provider sends after unsubscribe', () => {
    const { provider, notify } = lingering({})
    const h = setup([sales], { stats: provider })
    h.router.stop()
    notify({ kind: 'agent', agent: 'a1', status: { state: 'ready', since: T0, load: {} } })
    expect(h.router.snapshot().agents.find((a) => a.id === 'a1')?.state).toBe('logged-out')
  })

  it('ignores agent statuses that arrive after it stopped', async () => {
    let answer: (all: Record<string, AgentStatus>) => void = () => {}
    const statuses = new Promise<Record<string, AgentStatus>>((resolve) => {
      answer = resolve
    })
    const { provider } = lingering({ statuses })
    const h = setup([sales], { stats: provider })
    h.router.stop()
    answer({ a1: { state: 'ready', since: T0, load: {} } })
    await statuses
    await Promise.resolve()
    expect(h.router.snapshot().agents.find((a) => a.id === 'a1')?.state).toBe('logged-out')
  })

  it('refuses new interactions with an error event and routes nothing; a second stop does nothing', () => {
    const h = setup([sales])
    h.ready('a1')
    h.router.stop()
    h.router.stop()
    h.router.submit({ id: 'late', strategy: 'test' })
    expect(h.of('error', 'late').map((e) => e.reason)).toEqual([
      'submit: the router is stopped; give the interaction to a running router',
    ])
    expect(h.of('routed')).toEqual([])
    expect(h.router.snapshot().active).toBe(0)
  })
})
