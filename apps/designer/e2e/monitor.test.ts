// The Monitor view against a real `routewright serve` (started as the server's own tests do): agents logged in and
// interactions posted over HTTP while the view follows the snapshot and the event stream in Chromium; then
// simulated traffic, with the canvas's live entries per node checked against serve's own, across a page reload.
import { describe, expect, it } from 'vitest'
import { DIRECTORY, serve, supportStrategy, triageStrategy } from '../../../packages/server/test/helpers.ts'
import { designerBesideServe, poll } from './monitor-tab.ts'

/** Rules evaluated every 250 ms, an operator's option (at 1 s the raise and the clear each waited up to 1 s). */
const ALARMS = `alarms: center
format: 1
monitor: { shortAbandon: 10s }
evaluateEvery: 250ms
rules:
  backlog:
    figure: waiting
    queue: group:support
    above: 1
    severity: critical
    message: More than one caller waits for support
`

/** What serve's workspace holds besides the directory and the support strategy. */
const SERVE_FILES = { 'alarms.yaml': ALARMS, 'triage.strategy.yaml': triageStrategy() }

const text = (id: string) => beside.page.getByTestId(id).textContent()

async function post(path: string, body: unknown = {}, method = 'POST') {
  const reply = await beside.routing.request(method, path, body)
  expect(reply.status, JSON.stringify(reply.body)).toBeLessThan(300)
  return reply.body
}

const beside = designerBesideServe({
  files: {
    'center.directory.yaml': DIRECTORY,
    'support.strategy.yaml': supportStrategy(),
    'triage.strategy.yaml': triageStrategy(),
  },
  serveFiles: SERVE_FILES,
})
const { session, openMonitor } = beside

describe('Monitor view', () => {
  it('connects to serve, then follows agents, waits, node entries and alarms as traffic runs', async () => {
    expect(await beside.page.getByTestId('monitor-url').inputValue()).toBe(beside.routing.server.url)
    // the idle hint names the command as code (its backticks showed as typed) and the field says what it takes
    expect(await beside.page.getByTestId('monitor-hint').locator('code').textContent()).toBe(
      'routewright serve',
    )
    expect(await text('monitor-hint')).not.toContain('`')
    const field = beside.page.getByRole('textbox', { name: 'Serve address' })
    // serve's address as it prints it, without http://, was refused as 'not a URL'
    await field.fill(beside.routing.server.url.replace(/^http:\/\//, ''))
    await beside.page.getByTestId('monitor-connect').click()
    await poll(() => beside.page.getByTestId('monitor-status').getAttribute('data-state')).toBe('live')
    expect(await text('monitor-status')).toBe('Live')
    expect(await text('monitor-alarms-empty')).toContain('No alarm raised')

    await post('/v1/agents/ann/state', { state: 'ready' }, 'PUT')
    await poll(() => text('monitor-group-support-ready')).toBe('1')
    await poll(() => beside.page.getByTestId('monitor-agent-ann').getAttribute('data-state')).toBe('ready')

    // ann takes the first call; two more wait for the support group
    for (const id of ['c1', 'c2', 'c3']) await post('/v1/interactions', { id, strategy: 'support' })
    await poll(() => text('monitor-queue-group:support-waiting')).toBe('2')
    await poll(() => text('monitor-group-support-waiting')).toBe('2')
    await poll(() => beside.page.getByTestId('monitor-events').getAttribute('data-count')).not.toBe('0')
    // the alarm rule fires on serve's clock and reaches the view as an alarm-raised event
    const alarm = beside.page.getByTestId('monitor-alarm-backlog/group:support')
    await poll(() => alarm.getAttribute('data-state')).toBe('active')
    expect(await alarm.textContent()).toContain('More than one caller waits for support')
    // the canvas tints the target node the three calls entered
    await poll(() => beside.page.getByTestId('monitor-node-marks').textContent()).toContain(
      '[data-id="pick"]',
    )
    await poll(() => beside.page.getByTestId('monitor-node-marks').textContent()).toContain('content:"3"')

    // ann answers, bob logs in and takes c2, the caller of c3 hangs up
    await post('/v1/interactions/c1/confirm')
    // still "ready" in her own words, but serve counts her busy: the grid shows and filters what the groups count
    await poll(() => beside.page.getByTestId('monitor-agent-ann').getAttribute('data-bucket')).toBe('busy')
    await poll(() => text('monitor-group-support-busy')).toBe('1')
    // one answered, two still waiting, all three offered: counted as they entered the queue, not as they end
    await poll(() => text('monitor-queue-group:support-offered')).toBe('3')
    expect(await text('monitor-queue-group:support-answered')).toBe('1')
    expect(await beside.page.getByTestId('monitor-queues-offered-rule').textContent()).toContain(
      'once per queue it waits in',
    )
    await beside.page.getByTestId('monitor-agents-bucket').selectOption('busy')
    expect(await beside.page.getByTestId('monitor-agents').getAttribute('data-count')).toBe('1')
    expect(await beside.page.getByTestId('monitor-agent-bob').count()).toBe(0)
    await beside.page.getByTestId('monitor-agents-bucket').selectOption('')
    await post('/v1/agents/bob/state', { state: 'ready' }, 'PUT')
    await poll(() => text('monitor-queue-group:support-waiting')).toBe('1')
    await post('/v1/interactions/c2/confirm')
    await post('/v1/interactions/c3/abandon', { reason: 'caller-hangup' })
    await poll(() => text('monitor-queue-group:support-waiting')).toBe('0')
    await poll(() => alarm.getAttribute('data-state')).toBe('cleared')
    // serve's alarm-cleared event says why; the list shows it
    expect(await alarm.getByTestId('monitor-alarm-cleared').textContent()).toBe('cleared (recovered)')
    await poll(() => text('monitor-queue-group:support-answered')).toBe('2')
    await poll(() => text('monitor-queue-group:support-abandoned')).toBe('1')
    await poll(() => text('monitor-queue-group:support-offered')).toBe('3')
    // each call entered the queue once and none left it for a later one (serve's entered and overflow out)
    expect(await text('monitor-queue-group:support-entered')).toBe('3')
    expect(await text('monitor-queue-group:support-overflowOut')).toBe('0')
    // the group's too (support is the group:support queue's only group here)
    await poll(() => text('monitor-group-support-entered')).toBe('3')
    expect(await text('monitor-group-support-overflowOut')).toBe('0')
    // at 1,280 px (a laptop's bottom panel, about 690 px) the queue and group tables fit without scrolling sideways:
    // every column shows, and the five-minute sparklines sit in a row under the queue's figures (they made it 818 px
    // wide)
    await beside.page.setViewportSize({ width: 1280, height: 800 })
    const fit = (panelClass: string, table: string) =>
      beside.page.evaluate(
        ([panelClass, table]) => {
          const panel = document.querySelector(panelClass)!
          const box = panel.getBoundingClientRect()
          const cells = [
            ...document.querySelectorAll(`[data-testid="${table}"] thead th, [data-testid="${table}"] svg`),
          ]
          return {
            overflow: panel.scrollWidth - panel.clientWidth,
            cut: cells
              .filter((c) => c.getBoundingClientRect().right > box.right + 1)
              .map((c) => c.outerHTML.slice(0, 40)),
          }
        },
        [panelClass, table] as const,
      )
    await poll(() => fit('.rw-mon__queues', 'monitor-queues')).toEqual({ overflow: 0, cut: [] })
    await poll(() => fit('.rw-mon__groups', 'monitor-groups')).toEqual({ overflow: 0, cut: [] })
    // both sparklines of the queue are there, under its row
    expect(await beside.page.getByTestId('monitor-queue-group:support-trend').locator('svg').count()).toBe(2)
    await session.screenshot('monitor-queues-1280')
    await beside.page.setViewportSize({ width: 1440, height: 900 })
    // the abandons table says why: the caller hung up
    await poll(() => text('monitor-abandons-group:support-abandonedCallerHangup')).toBe('1')
    expect(await text('monitor-abandons-group:support-abandonedNoReason')).toBe('0')
    // short abandons as serve counts them: the alarms file's S, not a fixed 5 s
    expect(await text('monitor-abandons-short-head')).toBe('Short (≤ 10 s)')
    // finished interactions now count through serve's node entries instead of the stream's
    await poll(() => beside.page.getByTestId('monitor-node-marks').textContent()).toContain('content:"3"')
    // live charts: one sample a second
    await poll(async () =>
      Number(await beside.page.getByTestId('monitor-spark-group:support').getAttribute('data-points')),
    ).toBeGreaterThan(3)
    expect(session.pageErrors).toEqual([])
    await session.screenshot('monitor-live')
  })

  it('shows the drop, reconnects and reloads the snapshot when serve restarted and events were missed', async () => {
    const port = beside.routing.server.port
    await beside.routing.stop()
    await poll(() => beside.page.getByTestId('monitor-status').getAttribute('data-state')).toBe(
      'reconnecting',
    )
    expect(await text('monitor-error')).toBeTruthy()
    // a new serve on the same port: its event ids start again, so the view must read the state afresh
    beside.routing = await serve({ port, allowOrigins: [beside.origin] }, SERVE_FILES)
    await post('/v1/agents/bob/state', { state: 'ready' }, 'PUT')
    await poll(() => beside.page.getByTestId('monitor-status').getAttribute('data-state')).toBe('live')
    // the old server's picture is gone: no queue figures yet, ann logged out, bob ready
    await poll(() => text('monitor-group-support-loggedOut')).toBe('1')
    await poll(() => text('monitor-group-support-ready')).toBe('1')
    expect(await beside.page.getByTestId('monitor-queues').locator('tbody tr').count()).toBe(0)
    expect(await text('monitor-events')).toMatch(/\d+ reconnects?$/)
    await post('/v1/interactions', { id: 'n1', strategy: 'support' })
    await poll(() => beside.page.getByTestId('monitor-node-marks').textContent()).toContain('content:"1"')
    // another tab and back: the view connects again to the same serve
    await beside.page.getByTestId('tab-problems').click()
    expect(await beside.page.getByTestId('monitor-node-marks').count()).toBe(0)
    await beside.page.getByTestId('tab-monitor').click()
    await poll(() => beside.page.getByTestId('monitor-status').getAttribute('data-state')).toBe('live')
    await poll(() => text('monitor-group-support-loggedOut')).toBe('1')
    // serve was down on purpose: the view's tries in the gap fail to load (more of them on a loaded machine), and
    // nothing else may go wrong; the next test starts from no error
    const refused = (e: string) => e.includes('net::ERR_CONNECTION_REFUSED')
    expect(session.pageErrors.filter((e) => !refused(e))).toEqual([])
    session.pageErrors.splice(0)
  })

  it('shows serve’s live entries per node on the canvas under simulated traffic, also after a reload mid-traffic', async () => {
    await openMonitor('triage.strategy.yaml')
    await beside.page.getByTestId('monitor-connect').click()
    await poll(() => beside.page.getByTestId('monitor-status').getAttribute('data-state')).toBe('live')

    // traffic runs for a number of calls, not a time: a loaded machine submits them slower, never fewer
    const first = startTraffic('a')
    await expect.poll(() => first.submitted(), { timeout: 60_000 }).toBeGreaterThanOrEqual(20)
    await first.stop()
    await expectCanvasEqualsServe(first.submitted())

    // the page reloads while calls keep coming: it connects mid-day, with calls already in the strategy
    const second = startTraffic('b')
    await expect.poll(() => second.submitted(), { timeout: 60_000 }).toBeGreaterThanOrEqual(10)
    await openMonitor('triage.strategy.yaml', true)
    await beside.page.getByTestId('monitor-connect').click()
    await poll(() => beside.page.getByTestId('monitor-status').getAttribute('data-state')).toBe('live')
    const atReconnect = second.submitted()
    await expect.poll(() => second.submitted(), { timeout: 60_000 }).toBeGreaterThanOrEqual(atReconnect + 10)
    await second.stop()
    await expectCanvasEqualsServe(first.submitted() + second.submitted())
    await expectAbandonsEqualServe(first, second)
    expect(session.pageErrors).toEqual([])
    await session.screenshot('monitor-traffic')
  })
})

/**
 * Simulated traffic through serve: a call every 25 ms (every 100 ms waited ~4 s in all), gold and plain tiers in
 * turn. An agent answers the call offered and completes it 3 ticks later, so with two agents callers queue; one still
 * waiting after 8 ticks hangs up. `stop` ends the arrivals and leaves the callers who wait, so open interactions are part of what is shown.
 */
const AGENTS = ['ann', 'bob']

function startTraffic(prefix: string) {
  let stopped = false
  let submitted = 0
  // the callers who hang up give the host's reasons in turn (none: an older host), counted as sent
  const sent = new Map<string, number>()
  const waiting = new Map<string, number>()
  const talking = new Map<string, number>()
  const loop = (async () => {
    for (const agent of AGENTS) await post(`/v1/agents/${agent}/state`, { state: 'ready' }, 'PUT')
    for (let tick = 0; !stopped; tick++) {
      const id = `${prefix}${tick}`
      await post('/v1/interactions', { id, strategy: 'triage', data: { tier: tick % 2 === 0 ? 'gold' : '' } })
      submitted++
      waiting.set(id, tick)
      for (const [call, since] of [...talking])
        if (tick - since >= 3) {
          await post(`/v1/interactions/${call}/complete`)
          talking.delete(call)
        }
      for (const [call, since] of [...waiting]) {
        if ((await beside.routing.request('POST', `/v1/interactions/${call}/confirm`)).status < 300) {
          talking.set(call, tick)
          waiting.delete(call)
        } else if (tick - since >= 8) {
          const reason = ABANDON_REASONS[[...sent.values()].reduce((a, b) => a + b, 0) % 4]!
          await post(`/v1/interactions/${call}/abandon`, reason === 'none' ? {} : { reason })
          sent.set(reason, (sent.get(reason) ?? 0) + 1)
          waiting.delete(call)
        }
      }
      // the ticks count, not the wall time (answers, hang-ups and stops are all in ticks), so a short one
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
  })()
  return {
    submitted: () => submitted,
    /** Abandons sent with each reason (`none`: without one). */
    abandons: (reason: string) => sent.get(reason) ?? 0,
    /** Ends the arrivals; the agents finish their calls and go not ready, so the callers waiting stay waiting. */
    async stop() {
      stopped = true
      await loop
      for (const agent of AGENTS) await post(`/v1/agents/${agent}/state`, { state: 'not-ready' }, 'PUT')
      for (const call of talking.keys()) await post(`/v1/interactions/${call}/complete`)
    },
  }
}

const ABANDON_REASONS = ['caller-hangup', 'queue-timeout', 'host', 'none'] as const

/** The view's abandons table against serve's queue row, and serve's counts against the abandons the traffic sent. */
async function expectAbandonsEqualServe(...runs: Array<ReturnType<typeof startTraffic>>) {
  const columns = {
    'caller-hangup': 'abandonedCallerHangup',
    'queue-timeout': 'abandonedQueueTimeout',
    host: 'abandonedHost',
    none: 'abandonedNoReason',
  } as const
  const read = async () => {
    const row = (await beside.routing.request('GET', '/v1/monitor')).body.queues.find(
      (q: { id: string }) => q.id === 'group:support',
    )
    const keys = ['abandoned', ...Object.values(columns), 'shortAbandoned'] as const
    const served = Object.fromEntries(keys.map((k) => [k, row?.[k] ?? 0]))
    const shown = Object.fromEntries(
      await Promise.all(
        keys.map(async (k) => {
          const cell = beside.page.getByTestId(`monitor-abandons-group:support-${k}`)
          return [k, (await cell.count()) === 0 ? 0 : Number(await cell.textContent())]
        }),
      ),
    )
    return { served, shown }
  }
  const sent = Object.fromEntries(
    ABANDON_REASONS.map((r) => [columns[r], runs.reduce((n, run) => n + run.abandons(r), 0)]),
  )
  // serve's records reach its window from the writer thread: wait until it counts every abandon sent
  await poll(async () => {
    const { served, shown } = await read()
    const counted = Object.fromEntries(Object.values(columns).map((k) => [k, served[k]]))
    const [a, b, c] = [JSON.stringify(shown), JSON.stringify(served), JSON.stringify(counted)]
    return a === b && c === JSON.stringify(sent)
      ? 'equal'
      : `view ${a}, serve ${b}, sent ${JSON.stringify(sent)}`
  }).toBe('equal')
  // two agents for a call every tick: callers give up, so the table has something to show
  expect((await read()).served.abandoned).toBeGreaterThan(0)
}

/** Entries per node of the triage strategy as the canvas shows them (each node's count badge), and as serve does. */
async function expectCanvasEqualsServe(submitted: number) {
  const nodes = ['by_tier', 'pick', 'voicemail']
  const read = async () => {
    const monitor = (await beside.routing.request('GET', '/v1/monitor')).body
    const served = Object.fromEntries(nodes.map((n) => [n, monitor.liveNodes[`triage/${n}`] ?? 0]))
    const shown = Object.fromEntries(
      await Promise.all(
        nodes.map(async (n) => {
          const badge = await beside.page
            .locator(`.react-flow__node[data-id="${n}"]`)
            .evaluate((el) => getComputedStyle(el, '::before').content)
          const count = /^"([\d,]+)"$/.exec(badge)?.[1]
          return [n, count === undefined ? 0 : Number(count.replace(/,/g, ''))]
        }),
      ),
    )
    return {
      served,
      shown,
      waiting: monitor.queues.find((q: { id: string }) => q.id === 'group:support')?.waiting,
    }
  }
  await poll(async () => {
    const { served, shown } = await read()
    const [a, b] = [JSON.stringify(shown), JSON.stringify(served)]
    return a === b ? 'equal' : `canvas ${a}, serve ${b}`
  }).toBe('equal')
  const { shown, waiting } = await read()
  // every call entered the switch (which raises no event) once, callers still waiting included
  expect(shown.by_tier).toBe(submitted)
  expect(shown.pick).toBe(submitted)
  expect(waiting).toBeGreaterThan(0)
}
