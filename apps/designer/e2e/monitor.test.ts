// The Monitor view against a real `routewright serve` (started as the server's own tests do): agents logged in and
// interactions posted over HTTP while the view follows the snapshot and the event stream in Chromium.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIRECTORY, serve, supportStrategy, type TestServer } from '../../../packages/server/test/helpers.ts'
import { type DesignerSession, startDesigner } from './harness.ts'

const ALARMS = `alarms: center
format: 1
evaluateEvery: 1s
rules:
  backlog:
    figure: waiting
    queue: group:support
    above: 1
    severity: critical
    message: More than one caller waits for support
`

let fixture: string
let session: DesignerSession
let page: Page
let routing: TestServer

const text = (id: string) => page.getByTestId(id).textContent()
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 15_000 })

async function post(path: string, body: unknown = {}, method = 'POST') {
  const reply = await routing.request(method, path, body)
  expect(reply.status, JSON.stringify(reply.body)).toBeLessThan(300)
  return reply.body
}

beforeAll(async () => {
  // the designer shows the same workspace serve runs, so the canvas is the strategy that takes the traffic
  fixture = await mkdtemp(join(tmpdir(), 'rw-monitor-'))
  await writeFile(join(fixture, 'center.directory.yaml'), DIRECTORY)
  await writeFile(join(fixture, 'support.strategy.yaml'), supportStrategy())
  session = await startDesigner({ workspaceFixture: fixture, open: false })
  page = session.page
  routing = await serve({ allowOrigins: [session.url.replace(/\/$/, '')] }, { 'alarms.yaml': ALARMS })
  await page.goto(`${session.url}?file=support.strategy.yaml&serve=${encodeURIComponent(routing.server.url)}`)
  await page.locator('[data-testid="canvas"][data-fitted="true"]').waitFor({ timeout: 20_000 })
  await page.getByTestId('splitter-bottom').focus()
  for (let i = 0; i < 18; i++) await page.keyboard.press('ArrowUp')
  await page.getByTestId('tab-monitor').click()
})

afterAll(async () => {
  await routing?.stop()
  await session?.close()
  await rm(fixture, { recursive: true, force: true })
})

describe('Monitor view', () => {
  it('connects to serve, then follows agents, waits, node entries and alarms as traffic runs', async () => {
    expect(await page.getByTestId('monitor-url').inputValue()).toBe(routing.server.url)
    await page.getByTestId('monitor-connect').click()
    await poll(() => page.getByTestId('monitor-status').getAttribute('data-state')).toBe('live')
    expect(await text('monitor-status')).toBe('Live')

    await post('/v1/agents/ann/state', { state: 'ready' }, 'PUT')
    await poll(() => text('monitor-group-support-ready')).toBe('1')
    await poll(() => page.getByTestId('monitor-agent-ann').getAttribute('data-state')).toBe('ready')

    // ann takes the first call; two more wait for the support group
    for (const id of ['c1', 'c2', 'c3']) await post('/v1/interactions', { id, strategy: 'support' })
    await poll(() => text('monitor-queue-group:support-waiting')).toBe('2')
    await poll(() => text('monitor-group-support-waiting')).toBe('2')
    await poll(() => page.getByTestId('monitor-events').getAttribute('data-count')).not.toBe('0')
    // the alarm rule fires on serve's clock and reaches the view as an alarm-raised event
    const alarm = page.getByTestId('monitor-alarm-backlog/group:support')
    await poll(() => alarm.getAttribute('data-state')).toBe('active')
    expect(await alarm.textContent()).toContain('More than one caller waits for support')
    // the canvas tints the target node the three calls entered
    await poll(() => page.getByTestId('monitor-node-marks').textContent()).toContain('[data-id="pick"]')
    await poll(() => page.getByTestId('monitor-node-marks').textContent()).toContain('content:"3"')

    // ann answers, bob logs in and takes c2, the caller of c3 hangs up
    await post('/v1/interactions/c1/confirm')
    await post('/v1/agents/bob/state', { state: 'ready' }, 'PUT')
    await poll(() => text('monitor-queue-group:support-waiting')).toBe('1')
    await post('/v1/interactions/c2/confirm')
    await post('/v1/interactions/c3/abandon')
    await poll(() => text('monitor-queue-group:support-waiting')).toBe('0')
    await poll(() => alarm.getAttribute('data-state')).toBe('cleared')
    await poll(() => text('monitor-queue-group:support-answered')).toBe('2')
    await poll(() => text('monitor-queue-group:support-abandoned')).toBe('1')
    await poll(() => text('monitor-queue-group:support-offered')).toBe('3')
    // finished interactions now count through serve's node entries instead of the stream's
    await poll(() => page.getByTestId('monitor-node-marks').textContent()).toContain('content:"3"')
    // live charts: one sample a second
    await poll(async () =>
      Number(await page.getByTestId('monitor-spark-group:support').getAttribute('data-points')),
    ).toBeGreaterThan(3)
    expect(session.pageErrors).toEqual([])
    await session.screenshot('monitor-live')
  })

  it('shows the drop, reconnects and reloads the snapshot when serve restarted and events were missed', async () => {
    const port = routing.server.port
    await routing.stop()
    await poll(() => page.getByTestId('monitor-status').getAttribute('data-state')).toBe('reconnecting')
    expect(await text('monitor-error')).toBeTruthy()
    // a new serve on the same port: its event ids start again, so the view must read the state afresh
    routing = await serve({ port, allowOrigins: [session.url.replace(/\/$/, '')] }, { 'alarms.yaml': ALARMS })
    await post('/v1/agents/bob/state', { state: 'ready' }, 'PUT')
    await poll(() => page.getByTestId('monitor-status').getAttribute('data-state')).toBe('live')
    // the old server's picture is gone: no queue figures yet, ann logged out, bob ready
    await poll(() => text('monitor-group-support-loggedOut')).toBe('1')
    await poll(() => text('monitor-group-support-ready')).toBe('1')
    expect(await page.getByTestId('monitor-queues').locator('tbody tr').count()).toBe(0)
    expect(await text('monitor-events')).toMatch(/\d+ reconnects?$/)
    await post('/v1/interactions', { id: 'n1', strategy: 'support' })
    await poll(() => page.getByTestId('monitor-node-marks').textContent()).toContain('content:"1"')
    // another tab and back: the view connects again to the same serve
    await page.getByTestId('tab-problems').click()
    expect(await page.getByTestId('monitor-node-marks').count()).toBe(0)
    await page.getByTestId('tab-monitor').click()
    await poll(() => page.getByTestId('monitor-status').getAttribute('data-state')).toBe('live')
    await poll(() => text('monitor-group-support-loggedOut')).toBe('1')
    expect(session.pageErrors).toEqual([])
  })
})
