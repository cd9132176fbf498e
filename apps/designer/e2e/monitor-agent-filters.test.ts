// The Monitor view's agent grid filters (Group, State: the shared SelectField) against a real `routewright serve`:
// agents in two groups and three states, each filter and both together checked by the rows the grid draws.
import { describe, expect, it } from 'vitest'
import { supportStrategy } from '../../../packages/server/test/helpers.ts'
import { designerBesideServe, poll } from './monitor-tab.ts'

/** ann only in support, bob in both groups, cy only in sales: a group filter keeps a different pair each way. */
const DIRECTORY = `directory: filter-center
format: 1
groups:
  support: { title: Support }
  sales: { title: Sales }
agents:
  ann: { groups: [support], capacity: { voice: 1 } }
  bob: { groups: [support, sales], capacity: { voice: 1 } }
  cy: { groups: [sales], capacity: { voice: 1 } }
destinations:
  voicemail: { type: routing-point, address: "7000" }
`

/** The agent ids of the rows the grid draws, in its order. */
const rows = () =>
  beside.page
    .locator('[data-testid="monitor-agents"] .rw-mon-agent')
    .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-testid')?.replace('monitor-agent-', '')))

async function setState(agent: string, state: string) {
  const reply = await beside.routing.request('PUT', `/v1/agents/${agent}/state`, { state })
  expect(reply.status, JSON.stringify(reply.body)).toBeLessThan(300)
}

const beside = designerBesideServe({
  files: { 'center.directory.yaml': DIRECTORY, 'support.strategy.yaml': supportStrategy() },
  serveFiles: { 'center.directory.yaml': DIRECTORY },
})
const { session } = beside

describe('Monitor view agent grid filters', () => {
  it('keeps the rows of the chosen group, of the chosen state, and of both', async () => {
    expect(session.url).toContain('http')
    await beside.page.getByTestId('monitor-connect').click()
    await poll(() => beside.page.getByTestId('monitor-status').getAttribute('data-state')).toBe('live')
    await setState('ann', 'ready')
    await setState('bob', 'not-ready')
    await poll(() => beside.page.getByTestId('monitor-agent-bob').getAttribute('data-bucket')).toBe(
      'notReady',
    )
    await poll(() => beside.page.getByTestId('monitor-agent-ann').getAttribute('data-bucket')).toBe('ready')
    expect(await rows()).toEqual(['ann', 'bob', 'cy'])

    const group = beside.page.getByTestId('monitor-agents-group')
    const state = beside.page.getByTestId('monitor-agents-bucket')
    await group.selectOption('sales')
    await poll(rows).toEqual(['bob', 'cy'])
    expect(await beside.page.getByTestId('monitor-agents').textContent()).toContain('Agents (2 of 3)')
    await group.selectOption('support')
    await poll(rows).toEqual(['ann', 'bob'])

    // the state filter on top of the group one, then alone
    await state.selectOption('notReady')
    await poll(rows).toEqual(['bob'])
    await group.selectOption('')
    await state.selectOption('loggedOut')
    await poll(rows).toEqual(['cy'])
    await state.selectOption('ready')
    await poll(rows).toEqual(['ann'])
    // a filter nobody matches says so instead of an empty grid
    await group.selectOption('sales')
    await poll(rows).toEqual([])
    expect(await beside.page.getByTestId('monitor-agents').textContent()).toContain(
      'No agent matches these filters.',
    )

    await group.selectOption('')
    await state.selectOption('')
    await poll(rows).toEqual(['ann', 'bob', 'cy'])
  })
})
