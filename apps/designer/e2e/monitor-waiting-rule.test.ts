// The Monitor's Waiting columns when callers wait for several groups at once (sales or support): each caller counts in
// the row of every group it waits for, once under All queues, and the view says so under each table.
import { describe, expect, it } from 'vitest'
import { designerBesideServe, poll } from './monitor-tab.ts'

/** Nobody is logged in: every caller of `both` waits for sales and support, every caller of `sales` for sales. */
const FILES = {
  'center.directory.yaml': `directory: rule
format: 1
groups:
  sales: { title: Sales }
  support: { title: Support }
agents:
  ann: { groups: [sales], capacity: { voice: 1 } }
  bob: { groups: [support], capacity: { voice: 1 } }
destinations:
  voicemail: { type: routing-point, address: "7000" }
`,
  'both.strategy.yaml': `strategy: both
format: 1
start: any
nodes:
  any: { type: target, targets: [{ group: sales }, { group: support }], wait: 5m, next: { timeout: voicemail, error: voicemail } }
  voicemail: { type: route, destination: voicemail }
`,
  'sales.strategy.yaml': `strategy: sales
format: 1
start: pick
nodes:
  pick: { type: target, targets: [{ group: sales }], wait: 5m, next: { timeout: voicemail, error: voicemail } }
  voicemail: { type: route, destination: voicemail }
`,
}

const beside = designerBesideServe({ files: FILES, serveFiles: FILES, file: 'both.strategy.yaml' })
const text = (id: string) => beside.page.getByTestId(id).textContent()

describe('Monitor view, callers waiting for several groups', () => {
  it('counts each in every group row it waits in, once under All queues, and says so', async () => {
    await beside.page.getByTestId('monitor-connect').click()
    await poll(() => beside.page.getByTestId('monitor-status').getAttribute('data-state')).toBe('live')
    for (const [id, strategy] of [
      ['b1', 'both'],
      ['b2', 'both'],
      ['s1', 'sales'],
    ]) {
      const reply = await beside.routing.request('POST', '/v1/interactions', { id, strategy })
      expect(reply.status, JSON.stringify(reply.body)).toBe(201)
    }
    await poll(() => text('monitor-queue-group:sales-waiting')).toBe('3')
    await poll(() => text('monitor-queue-group:support-waiting')).toBe('2')
    // 3 + 2 in the rows, 3 callers: the total is not the rows' sum, and the rule under the table says why
    await poll(() => text('monitor-queues-total-waiting')).toBe('3')
    // the chart's caption says the same number (it showed the last sample's, 0, until serve's next event or snapshot)
    expect(await beside.page.getByTestId('monitor-chart-waiting').locator('figcaption').textContent()).toBe(
      'Waiting, all queues (3)',
    )
    expect(await text('monitor-queues-waiting-rule')).toContain('counts in each of their rows')
    expect(await text('monitor-queues-waiting-rule')).toContain('All queues counts each caller once')
    await poll(() => text('monitor-group-sales-waiting')).toBe('3')
    expect(await text('monitor-group-support-waiting')).toBe('2')
    expect(await text('monitor-groups-waiting-rule')).toContain('counts in each of their rows')
    await beside.page.setViewportSize({ width: 1280, height: 800 })
    await beside.page.getByTestId('monitor-queues-total').scrollIntoViewIfNeeded()
    await beside.session.screenshot('monitor-waiting-rule-1280')
    await beside.page.getByTestId('monitor-groups-waiting-rule').scrollIntoViewIfNeeded()
    await beside.session.screenshot('monitor-waiting-rule-groups-1280')
    await beside.page.setViewportSize({ width: 1440, height: 900 })
    expect(beside.session.pageErrors).toEqual([])
  })
})
