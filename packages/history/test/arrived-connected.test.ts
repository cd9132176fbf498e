import { expect, it } from 'vitest'
import { recordedSalesRouter } from './recorded-router.ts'
import { SALES_START } from './routers.ts'

const START = SALES_START

function directCall(at?: number) {
  const { clock, items, router } = recordedSalesRouter()
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
