// An interaction that arrived already connected to its agent (submit's connectedTo: a call dialled to the agent's
// extension): its record is the agent's handled call with no wait, no queue segment and no offer counted, as
// Genesys Stat Server and Cisco ICM report a direct call (the agent's, never routed).
import { createRecordsBuilder, type HistoryItem, recordHostCalls } from '@routewright/history'
import { createRouter, createSimulatedClock } from '@routewright/strategy-runtime'
import { expect, it } from 'vitest'
import { SALES_START, salesDirectory, salesGroupsOf, salesStrategy } from './routers.ts'

const START = SALES_START

function directCall(at?: number) {
  const clock = createSimulatedClock(START)
  const items: HistoryItem[] = []
  const builder = createRecordsBuilder({
    emit: (item) => items.push(item),
    router: 'r1',
    strategies: [salesStrategy()],
    groupsOf: salesGroupsOf,
  })
  const inner = createRouter({
    strategies: [salesStrategy()],
    directory: salesDirectory,
    clock,
    onEvent: (event) => builder.onEvent(event, (id) => inner.trace(id)),
  })
  const router = recordHostCalls(inner, builder, clock)
  // a1 is free and ready: a strategy run would have offered the call to it
  router.agentEvent({ agent: 'a1', state: 'ready' })
  clock.advance(5000)
  router.submit({
    id: 'd1',
    strategy: 'sales',
    connectedTo: { agent: 'a2', note: 'dialled a2', ...(at === undefined ? {} : { at }) },
  })
  clock.advance(30_000)
  router.complete('d1')
  return items
}

it("records the agent's handled call: no wait, no segment, no offer", () => {
  const items = directCall()
  const interaction = items.find((i) => i.kind === 'interaction')?.record
  expect(interaction).toMatchObject({
    id: 'd1',
    outcome: 'routed',
    agent: 'a2',
    target: 'agent:a2',
    arrivedAt: START + 5000,
    answeredAt: START + 5000,
    waitMs: 0,
    segments: [],
    reservations: [],
    selection: { rule: 'direct', winner: 'a2' },
  })
  expect(items.find((i) => i.kind === 'handling')?.record).toMatchObject({
    agent: 'a2',
    startedAt: START + 5000,
    endedAt: START + 35_000,
    endedBy: 'completed',
  })
})

it('answered before the router heard of it: arrived and answered then', () => {
  const items = directCall(START + 2000)
  expect(items.find((i) => i.kind === 'interaction')?.record).toMatchObject({
    arrivedAt: START + 2000,
    answeredAt: START + 2000,
    waitMs: 0,
  })
  expect(items.find((i) => i.kind === 'handling')?.record).toMatchObject({ startedAt: START + 2000 })
})
