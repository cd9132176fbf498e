// An agent state dated ahead of the host's call (a host clock running fast) is recorded at the call, as the router
// and serve's agent book read it: kept as given, the state row would sit years ahead and its state times with it.
import { createRecordsBuilder, type HistoryItem } from '@routewright/history'
import { expect, it } from 'vitest'

it('records a state dated ahead of the call at the call, and a late one at its own time', () => {
  const items: HistoryItem[] = []
  const builder = createRecordsBuilder({ emit: (item) => items.push(item) })
  const now = Date.UTC(2026, 11, 5, 8)
  builder.agentEvent({ agent: 'ann', state: 'ready', at: Date.UTC(2033, 0, 1) }, now)
  builder.agentEvent({ agent: 'ann', state: 'not-ready', at: now - 5_000 }, now)
  builder.agentEvent({ agent: 'ann', state: 'ready' }, now + 1_000)
  const ats = items.map((item) => (item.kind === 'agent-state' ? item.record.at : undefined))
  expect(ats).toEqual([now, now - 5_000, now + 1_000])
})
