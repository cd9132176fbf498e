// The Monitor view while serve's directory changes under it (a real `routewright serve`, reloaded over HTTP): a group
// the reload adds gets its row as soon as a caller waits for it, from the live events alone (serve's snapshots held
// back), its agents counted at the next snapshot; a group a later reload drops goes, though a caller still waits.
// A refused reload shows its errors and, beside them, what serve's walk skipped (a FIFO: RW091) until one applies.
import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { DIRECTORY, supportStrategy } from '../../../packages/server/test/helpers.ts'
import { designerBesideServe, holdSnapshots, poll } from './monitor-tab.ts'

/** The directory with a billing group whose only agent, cy, is logged out: its callers wait. */
const WITH_BILLING = DIRECTORY.replace('groups:\n', 'groups:\n  billing: { title: Billing }\n').replace(
  'agents:\n',
  'agents:\n  cy: { groups: [billing], capacity: { voice: 1 } }\n',
)

const BILLING_STRATEGY = supportStrategy('billing').replace('{ group: support }', '{ group: billing }')

const text = (id: string) => beside.page.getByTestId(id).textContent()

async function post(url: string, body: unknown = {}) {
  const reply = await beside.routing.request('POST', url, body)
  expect(reply.status, JSON.stringify(reply.body)).toBeLessThan(300)
  return reply.body
}

const beside = designerBesideServe({
  files: { 'center.directory.yaml': DIRECTORY, 'support.strategy.yaml': supportStrategy() },
})
const { session } = beside

describe('Monitor view while serve’s directory changes', () => {
  it('shows a group a reload added from its first live event, and drops one a reload removed', async () => {
    await beside.page.getByTestId('monitor-connect').click()
    await poll(() => beside.page.getByTestId('monitor-status').getAttribute('data-state')).toBe('live')
    await poll(() => text('monitor-group-support-loggedOut')).toBe('2')
    expect(await beside.page.getByTestId('monitor-group-billing').count()).toBe(0)

    // a change that does not validate, beside a strategy saved as a FIFO: the view names both, path, code and fix
    const [broken, pipe] = ['broken', 'pipe'].map((id) =>
      path.join(beside.routing.workspace.dir, `${id}.strategy.yaml`),
    )
    beside.routing.workspace.write('broken.strategy.yaml', 'strategy: [')
    execFileSync('mkfifo', [pipe!])
    expect((await beside.routing.request('POST', '/v1/reload', {})).status).toBe(422)
    await poll(() => text('monitor-refusal-skipped')).toBe(
      'pipe.strategy.yaml RW091 not a regular file (a named pipe (FIFO)), skipped. Rename or remove it: only regular files are read.',
    )
    expect(await text('monitor-refusal-errors')).toContain('broken.strategy.yaml')
    rmSync(broken!)
    rmSync(pipe!)

    // from here serve's snapshots (periodic, and the one a deploy asks for) do not reach the view: only its events
    const release = await holdSnapshots(beside)
    beside.routing.workspace.write('center.directory.yaml', WITH_BILLING)
    beside.routing.workspace.write('billing.strategy.yaml', BILLING_STRATEGY)
    expect(await post('/v1/reload')).toMatchObject({ applied: true })
    // the version went live: the refusal is history
    await poll(() => beside.page.getByTestId('monitor-refusal').count()).toBe(0)
    await post('/v1/interactions', { id: 'b1', strategy: 'billing' })
    const billing = beside.page.getByTestId('monitor-group-billing')
    await poll(() => text('monitor-group-billing-waiting')).toBe('1')
    // its agents by state are the snapshot's: not counted yet, said so rather than shown as 0
    expect(await billing.getAttribute('data-pending')).toBe('true')
    expect(await text('monitor-group-billing-loggedOut')).toBe('–')
    expect(await billing.getAttribute('title')).toContain('next snapshot')
    // the table with the new row still fits a 1,280 px laptop's bottom panel without scrolling sideways
    await beside.page.setViewportSize({ width: 1280, height: 800 })
    const overflow = () =>
      beside.page.evaluate(() => {
        const panel = document.querySelector('.rw-mon__groups')!
        return panel.scrollWidth - panel.clientWidth
      })
    await poll(overflow).toBe(0)
    await session.screenshot('monitor-new-group-1280')
    await beside.page.setViewportSize({ width: 1440, height: 900 })

    // the snapshots come through: cy counts as logged out in billing
    await release()
    await poll(() => text('monitor-group-billing-loggedOut')).toBe('1')
    expect(await billing.getAttribute('data-pending')).toBeNull()
    expect(await text('monitor-group-billing-waiting')).toBe('1')

    // a reload drops billing again: b1 still waits for it (a queue row), but it is no group of serve's any more
    beside.routing.workspace.write('center.directory.yaml', DIRECTORY)
    rmSync(path.join(beside.routing.workspace.dir, 'billing.strategy.yaml'))
    expect(await post('/v1/reload')).toMatchObject({ applied: true })
    await poll(() => billing.count()).toBe(0)
    expect(await text('monitor-queue-group:billing-waiting')).toBe('1')
    // live events still carry b1's wait for group:billing: with the snapshots held again, they bring no row back
    const releaseAgain = await holdSnapshots(beside)
    await post('/v1/interactions', { id: 's1', strategy: 'support' })
    await poll(() => text('monitor-group-support-waiting')).toBe('1')
    expect(await text('monitor-queue-group:billing-waiting')).toBe('1')
    expect(await billing.count()).toBe(0)
    await releaseAgain()
    expect(session.pageErrors).toEqual([])
  })
})
