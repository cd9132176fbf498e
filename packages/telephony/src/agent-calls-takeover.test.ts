// An agent's desktop that came before its calls' bridge was seen gone: kept, and asked for again at `bridge-gone`.
import { describe, expect, it } from 'vitest'
import { createAgentCallsTakeover } from './agent-calls-takeover.ts'
import type { KamailioCallState } from './kamailio-call-state.ts'

const talking = (agent: string): KamailioCallState => ({
  state: 'talking',
  agent,
  answeredAt: 1,
  contact: 'sip:x@127.0.0.1',
  to: '<sip:x@127.0.0.1>;tag=t',
})

/** Kamailio's `calls` table and its answer to a take: `alive` names the bridges whose calls are left alone. */
function kamailio(calls: Record<string, string>) {
  const alive = new Set(['b'])
  const known = new Set<string>()
  const asked: string[] = []
  const logs: string[] = []
  const agentCalls = createAgentCallsTakeover({
    heldCalls: async () =>
      new Map(Object.keys(calls).map((callId) => [`${callId}|tag`, talking(callId.split('-')[0]!)])),
    knows: (callId) => known.has(callId),
    take: async (callId) => {
      asked.push(callId)
      if (alive.has(calls[callId]!)) return `it is bridge ${calls[callId]}'s, which is connected to Kamailio`
      known.add(callId)
      return undefined
    },
    log: (message) => logs.push(message),
  })
  return { agentCalls, alive, asked, logs }
}

const settled = () => new Promise((resolve) => setImmediate(resolve))

describe("an agent's calls taken over at their desktop's arrival", () => {
  it('asks again at bridge-gone for the calls left alone, once each', async () => {
    const k = kamailio({ 'ann-1': 'b', 'bob-1': 'c' })
    expect(await k.agentCalls.arrive('ann')).toEqual({
      taken: [],
      left: [{ callId: 'ann-1', why: "it is bridge b's, which is connected to Kamailio" }],
    })
    expect(await k.agentCalls.arrive('bob')).toEqual({ taken: ['bob-1'], left: [] })
    k.alive.delete('b')
    k.agentCalls.bridgeGone('b')
    await settled()
    // bob had nothing left: only ann is asked again, and her call is taken
    expect(k.asked).toEqual(['ann-1', 'bob-1', 'ann-1'])
    expect(k.agentCalls.counts()).toEqual({ agentCallsAskedAgain: 1 })
    // taken: a later bridge-gone asks nothing more
    k.agentCalls.bridgeGone('c')
    await settled()
    expect(k.asked).toHaveLength(3)
  })

  it('keeps an agent whose call is still left alone, and logs in without calls when Kamailio cannot be read', async () => {
    const k = kamailio({ 'ann-1': 'b' })
    await k.agentCalls.arrive('ann')
    // another bridge went, b is alive: ann's call is left again and she waits for the next one
    k.agentCalls.bridgeGone('c')
    await settled()
    k.alive.delete('b')
    k.agentCalls.bridgeGone('b')
    await settled()
    expect(k.asked).toEqual(['ann-1', 'ann-1', 'ann-1'])
    expect(k.agentCalls.counts()).toEqual({ agentCallsAskedAgain: 2 })
    const failing = createAgentCallsTakeover({
      heldCalls: () => Promise.reject(new Error('connection refused')),
      knows: () => false,
      take: async () => undefined,
      log: (message) => k.logs.push(message),
    })
    expect(await failing.arrive('ann')).toEqual({ taken: [], left: [] })
    expect(k.logs.at(-1)).toMatch(/could not be read/)
  })

  it("finds an agent's old leg kept only in legcalls (the next leg holds the calls key), asked once by Call-ID", async () => {
    const asked: string[] = []
    const agentCalls = createAgentCallsTakeover({
      heldCalls: async () =>
        new Map<string, KamailioCallState>([['c|1|tag', { state: 'queued', tindex: 1, tlabel: 2 }]]),
      heldLegCalls: async () => new Map([['c|1|1', talking('ann')]]),
      knows: () => false,
      take: async (callId) => {
        asked.push(callId)
        return undefined
      },
      log: () => {},
    })
    expect(await agentCalls.arrive('ann')).toEqual({ taken: ['c|1'], left: [] })
    expect(await agentCalls.arrive('bob')).toEqual({ taken: [], left: [] })
    expect(asked).toEqual(['c|1'])
    // a Kamailio without `legcalls` (config before 7): its `calls` table's are still taken
    const older = createAgentCallsTakeover({
      heldCalls: async () => new Map([['d|tag', talking('ann')]]),
      heldLegCalls: () => Promise.reject(new Error("htable.dump failed: Table doesn't exist")),
      knows: () => false,
      take: async () => undefined,
      log: () => {},
    })
    expect(await older.arrive('ann')).toEqual({ taken: ['d'], left: [] })
  })
})
