// The reads a page of agents uses: every agent's state without a snapshot's copies, then one agent's full entry.
import { describe, expect, it } from 'vitest'
import { salesTarget, setup } from './fixtures.ts'

describe('agent reads', () => {
  it("give every agent's state with its per-media states, and one agent's snapshot entry", () => {
    const { router, ready } = setup([salesTarget])
    ready('a1')
    router.agentEvent({ agent: 'a4', state: 'ready' })
    router.agentEvent({ agent: 'a4', state: 'not-ready', media: 'chat', reason: 'coaching' })
    const states = router.agentStates()
    const snapshot = router.snapshot().agents
    expect(states.map((a) => a.id).sort()).toEqual(snapshot.map((a) => a.id).sort())
    expect(states.find((a) => a.id === 'a1')).toEqual({ id: 'a1', state: 'ready' })
    expect(states.find((a) => a.id === 'a4')).toEqual({
      id: 'a4',
      state: 'ready',
      media: { chat: 'not-ready' },
    })
    for (const agent of snapshot) expect(router.agent(agent.id)).toEqual(agent)
    expect(router.agent('nobody')).toBeUndefined()
  })
})
