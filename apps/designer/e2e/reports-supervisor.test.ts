// The Reports view's not-ready time by reason names the supervisor who set it, and lists her forced log-out, from
// records a real flow wrote: a `routewright serve` with a SQLite store, a supervisor's state changes through its API
// (PUT /v1/agents/{id}/state with `by: "supervisor"` and her name), then the designer started with --store on that
// file.
import { join } from 'node:path'
import { eventually } from '@routewright/node-support/testing'
import { describe, expect, it } from 'vitest'
import { serve } from '../../../packages/server/test/helpers.ts'
import { datetimeLocal, designerWithRecordingFolder, fillReportForm } from './reports-tab.ts'

/** When the supervisor set ann not ready (serve's clock: the report's period is around it). */
let forcedAt = 0

/** A datetime-local value for `ms` in the browser's own zone. */
const local = (ms: number) => datetimeLocal(session.page, ms)

/**
 * Serve records ann ready, then a supervisor's coaching (named), a host's ready and the supervisor's log-out; stopped
 * once all are written.
 */
async function recordSupervisorDay(store: string): Promise<void> {
  const t = await serve({ history: { store } })
  try {
    await t.ok('PUT', '/v1/agents/ann/state', { state: 'ready' })
    forcedAt = Date.now()
    await t.ok('PUT', '/v1/agents/ann/state', {
      state: 'not-ready',
      reason: 'coaching',
      by: 'supervisor',
      supervisor: 'Maria Lopez',
    })
    await t.ok('PUT', '/v1/agents/ann/state', { state: 'ready' })
    await t.ok('PUT', '/v1/agents/ann/state', {
      state: 'logged-out',
      by: 'supervisor',
      supervisor: 'Maria Lopez',
    })
    const written = async () =>
      ((await t.request('GET', '/healthz')).body.history as { written: number }).written
    await eventually(async () => ((await written()) === 4 ? true : undefined))
  } finally {
    await t.stop()
  }
}

const session = designerWithRecordingFolder('rw-reports-supervisor-e2e-', async (folder) => {
  const store = `sqlite:${join(folder, 'history.db')}`
  await recordSupervisorDay(store)
  return {
    serverArgs: ['--store', store],
    file: 'inbound-call.strategy.yaml',
  }
})

describe('Reports view, not-ready time by reason', () => {
  it("shows the supervisor who set an agent not ready beside the Supervisor setter, from serve's records", async () => {
    await fillReportForm(session.page, {
      from: await local(forcedAt - 60 * 60_000),
      to: await local(forcedAt + 60 * 60_000),
      interval: '1h',
      by: 'reason',
    })
    await session.page.getByTestId('reports-run').click()
    const total = session.page.getByTestId('reports-reason-coaching-supervisor-Maria Lopez')
    await total.waitFor()
    expect(await total.getByRole('rowheader').textContent()).toBe('coaching')
    const cell = (name: string) =>
      session.page.getByTestId(`reports-reason-coaching-supervisor-Maria Lopez-${name}`).textContent()
    expect(await cell('by')).toBe('Supervisor (Maria Lopez)')
    expect(await cell('supervisor')).toBe('Maria Lopez')
    expect(await cell('state')).toBe('Not ready')
    expect(await cell('agents')).toBe('1')
    expect(await cell('count')).toBe('1')
    // the host's own states are no not-ready time: the supervisor's coaching and her log-out are the only rows
    expect(await session.page.getByTestId('reports-reasons').locator('tbody tr').count()).toBe(2)
    expect(session.pageErrors).toEqual([])
  })

  it('lists the log-out the supervisor forced, with its state, her name and no time', async () => {
    // the report the test above ran
    const key = 'reports-reason-logged-out-(none)-supervisor-Maria Lopez'
    const total = session.page.getByTestId(key)
    await total.waitFor()
    expect(await total.getByRole('rowheader').textContent()).toBe('(none)')
    const cell = (name: string) => session.page.getByTestId(`${key}-${name}`).textContent()
    expect(await cell('state')).toBe('Logged out')
    expect(await cell('by')).toBe('Supervisor (Maria Lopez)')
    expect(await cell('agents')).toBe('1')
    expect(await cell('count')).toBe('1')
    expect(await cell('time')).toBe('–')
    // after the not-ready rows
    const rows = session.page.getByTestId('reports-reasons').locator('tbody tr')
    expect(await rows.nth(1).getAttribute('data-testid')).toBe(key)
    expect(session.pageErrors).toEqual([])
  })
})
