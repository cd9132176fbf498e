// The Reports view on a real SQLite store filled by a recorded simulation (`recordSimulation`, as `simulate` writes
// records): the designer server started with --store, figures and charts per interval, and the node overlay.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { SimulationResult } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import {
  DISPOSITIONS_START,
  HOUR,
  recordAbandons,
  recordDispositions,
  recordMorning,
  recordNotReady,
  recordTransfers,
  MORNING_START as START,
  TRANSFERS_START,
} from '../server/recorded-morning.ts'
import { datetimeLocal, designerWithRecordingFolder, fillReportForm } from './reports-tab.ts'

let folder = ''
let result: SimulationResult

/** A datetime-local value for `ms` in the browser's own zone. */
const local = (ms: number) => datetimeLocal(session.page, ms)

const session = designerWithRecordingFolder('rw-reports-e2e-', async (recordIn) => {
  folder = recordIn
  let store: string
  ;({ store, result } = await recordMorning(folder, { arrivalsPerHour: 50, ahtSeconds: 180, seed: 11 }))
  await recordNotReady(store)
  await recordAbandons(store, true)
  await recordTransfers(store)
  await recordDispositions(store)
  return {
    workspaceFixture: join(folder, 'workspace'),
    serverArgs: ['--store', store],
    file: 'pool.strategy.yaml',
  }
})

describe('Reports view', () => {
  it('says what is wrong with the period before asking the store', async () => {
    await expect
      .poll(() => session.page.getByTestId('reports-store').textContent())
      .toBe(`Store: sqlite:${join(folder, 'day.db')}`)
    await fillReportForm(session.page, { from: await local(START + HOUR), to: await local(START) })
    expect(await session.page.getByTestId('reports-error').textContent()).toBe(
      'The period must end after it starts.',
    )
    expect(await session.page.getByTestId('reports-run').isDisabled()).toBe(true)
  })

  it('reports the simulated morning per interval with the simulation’s figures, and charts it', async () => {
    expect(result.problems).toEqual([])
    expect(result.answered).toBeGreaterThan(60)
    await fillReportForm(session.page, {
      from: await local(START),
      to: await local(START + 2 * HOUR),
      interval: '30m',
      by: 'strategy',
    })
    await session.page.getByTestId('reports-run').click()
    const cell = (figure: string) => session.page.getByTestId(`reports-total-pool-${figure}`).textContent()
    await expect.poll(() => cell('offered')).toBe(String(result.offered))
    expect(await cell('answered')).toBe(String(result.answered))
    expect(await cell('serviceLevel')).toBe(`${(result.serviceLevel * 100).toFixed(1)}%`)
    expect(await cell('asa')).toBe(`${result.asa.toFixed(1)} s`)
    expect(await session.page.getByTestId('report-chart-volume').getAttribute('data-points')).toBe('4')
    expect(await session.page.getByTestId('report-chart-service-level').locator('canvas').count()).toBe(1)

    await session.page.getByTestId('reports-by').selectOption('queue')
    await session.page.getByTestId('reports-run').click()
    await expect
      .poll(() => session.page.getByTestId('reports-total-group:pool-offered').textContent())
      .toBe(String(result.offered))
    // one queue, no queue in turn: every caller entered it and none went on to another
    expect(await session.page.getByTestId('reports-total-group:pool-entered').textContent()).toBe(
      String(result.offered),
    )
    expect(await session.page.getByTestId('reports-total-group:pool-overflowOut').textContent()).toBe('0')
    expect(session.pageErrors).toEqual([])
  })

  it('shows the chosen key by interval, exports the report shown as CSV, and keeps its tables in their own boxes at 1,024 px', async () => {
    const page = session.page
    // the queue report of the test before: the morning's two hours by 30 minutes
    await expect.poll(() => page.getByTestId('reports-interval-row').count()).toBe(4)
    const offered = await page.getByTestId('reports-interval-row-offered').allTextContents()
    expect(offered.reduce((sum, n) => sum + Number(n), 0)).toBe(result.offered)
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('reports-export').click(),
    ])
    expect(download.suggestedFilename()).toBe('report.csv')
    const csv = await readFile(await download.path(), 'utf8')
    const lines = csv.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^interval,key,offered,answered,/)
    // four intervals and the totals line of the one queue
    expect(lines).toHaveLength(1 + 4 + 1)
    expect(lines.at(-1)).toMatch(new RegExp(`^total,group:pool,${result.offered},${result.answered},`))

    await page.setViewportSize({ width: 1024, height: 1000 })
    try {
      // the bottom panel never scrolls sideways: the totals scroll in their own box
      const panel = page.locator('.rw-bottom__body')
      await expect.poll(() => panel.evaluate((e) => e.scrollWidth - e.clientWidth)).toBe(0)
      // a figure and its unit on one line (before, ASA read "7.5" over "s")
      const lineBoxes = (testId: string) =>
        page.getByTestId(testId).evaluate((cell) => {
          const range = document.createRange()
          range.selectNodeContents(cell)
          return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size
        })
      expect(await lineBoxes('reports-total-group:pool-asa')).toBe(1)
      expect(await lineBoxes('reports-total-group:pool-aht')).toBe(1)
    } finally {
      await page.setViewportSize({ width: 1440, height: 1000 })
    }
    expect(session.pageErrors).toEqual([])
  })

  it('says which now it counted up to only when the period is not over yet', async () => {
    // the recorded morning is past: no "as of" line (the last test's report); a period ending tomorrow has one
    expect(await session.page.getByTestId('reports-as-of').count()).toBe(0)
    const now = Date.now()
    await fillReportForm(session.page, {
      from: await local(now - HOUR),
      to: await local(now + HOUR),
      by: 'agent',
    })
    await session.page.getByTestId('reports-run').click()
    await expect
      .poll(() => session.page.getByTestId('reports-as-of').textContent())
      .toMatch(/^As of .+: states still open counted up to then$/)
    expect(session.pageErrors).toEqual([])
  })

  it('shows not-ready time by reason, and each agent’s ready and not-ready time', async () => {
    await fillReportForm(session.page, {
      from: await local(START),
      to: await local(START + 2 * HOUR),
      interval: '1h',
      by: 'reason',
    })
    await session.page.getByTestId('reports-run').click()
    const cell = (id: string) => session.page.getByTestId(id).textContent()
    // recorded-morning.ts's MORNING_NOT_READY, hand-computed: lunch 40 + 20 + 20 min, no-answer 2 min
    await expect.poll(() => cell('reports-reason-lunch-host-time')).toBe('1:20:00')
    expect(await cell('reports-reason-lunch-host-agents')).toBe('2')
    expect(await cell('reports-reason-lunch-host-count')).toBe('2')
    expect(await cell('reports-reason-lunch-host-by')).toBe('Host')
    // the no-answer was the router's, after an offer nobody answered: told apart from the host's own
    expect(await cell('reports-reason-no-answer-timeout-time')).toBe('0:02:00')
    expect(await cell('reports-reason-no-answer-timeout-by')).toBe('Router (offer not answered)')
    expect(await cell(`reports-reason-row-${START + HOUR}-lunch-host-time`)).toBe('0:40:00')
    expect(await session.page.getByTestId('report-chart-volume').count()).toBe(0)
    // by reason has no service level: no T field; the media field is there (state times)
    expect(await session.page.getByTestId('reports-sl').count()).toBe(0)
    expect(await session.page.getByTestId('reports-media').count()).toBe(1)

    await session.page.getByTestId('reports-by').selectOption('agent')
    expect(await session.page.getByTestId('reports-sl').count()).toBe(1)
    await session.page.getByTestId('reports-run').click()
    await expect.poll(() => cell('reports-total-n1-notReady')).toBe('1:00:00')
    expect(await cell('reports-total-n1-ready')).toBe('1:00:00')
    // an abandoned interaction has no agent: no abandons table in an agent report
    expect(await session.page.getByTestId('reports-abandons').count()).toBe(0)
    expect(await cell('reports-total-n2-notReady')).toBe('0:02:00')
    // where the rest of n3's logged-in time went: an offer ringing 1 min, wrap-up 5 min
    expect(await cell('reports-total-n3-reserved')).toBe('0:01:00')
    expect(await cell('reports-total-n3-wrapUp')).toBe('0:05:00')
    // logged-in time, read first by supervisors: every agent was logged in the whole two hours
    for (const agent of ['n1', 'n2', 'n3'])
      expect(await cell(`reports-total-${agent}-loggedIn`)).toBe('2:00:00')
    // one media's state times: the morning's rows are agent-wide, so they stand for chat too
    await session.page.getByTestId('reports-media').fill('chat')
    const asked = session.page.waitForRequest(
      (r) => r.url().includes('by=agent') && r.url().includes('media=chat'),
    )
    await session.page.getByTestId('reports-run').click()
    await asked
    await expect.poll(() => cell('reports-total-n1-notReady')).toBe('1:00:00')
    await session.page.getByTestId('reports-media').fill('')
    await session.page.getByTestId('reports-by').selectOption('queue')
    expect(await session.page.getByTestId('reports-media').count()).toBe(0)
    expect(session.pageErrors).toEqual([])
  })

  it('lists where the transfers went, by agent and destination', async () => {
    await fillReportForm(session.page, {
      from: await local(TRANSFERS_START),
      to: await local(TRANSFERS_START + HOUR),
      by: 'agent',
    })
    await session.page.getByTestId('reports-run').click()
    const cell = (id: string) => session.page.getByTestId(id).textContent()
    // recorded-morning.ts's TRANSFERS, hand-computed
    await expect.poll(() => cell('reports-transfer-n1-queue:billing-count')).toBe('2')
    expect(await cell('reports-transfer-n1-(unknown)-count')).toBe('1')
    expect(await session.page.getByTestId('reports-transfers').locator('tbody tr').count()).toBe(2)
    // a period without transfers has no such table
    await fillReportForm(session.page, { from: await local(START), to: await local(START + 2 * HOUR) })
    await session.page.getByTestId('reports-run').click()
    await expect.poll(() => session.page.getByTestId('reports-transfers').count()).toBe(0)
    await session.page.getByTestId('reports-by').selectOption('queue')
    expect(session.pageErrors).toEqual([])
  })

  it('lays the period’s traffic per node on the canvas', async () => {
    await session.page.getByTestId('reports-overlay').check()
    const marks = session.page.getByTestId('reports-node-marks')
    await expect
      .poll(() => marks.textContent())
      .toContain(`content:"${result.offered.toLocaleString('en-US')} · 100%"`)
    expect(await marks.textContent()).toContain('.react-flow__node[data-id="pick"]')
    expect(await marks.textContent()).toContain('.react-flow__node[data-id="tag"]')
    expect(await session.page.getByTestId('reports-overlay-info').textContent()).toBe(
      `${result.offered} interactions of pool in the period.`,
    )
    await session.screenshot('reports-view')
  })

  it('breaks the abandons down by the host’s reason, with the short abandons within S', async () => {
    // MORNING_ABANDONS are in the hour after the morning
    await fillReportForm(session.page, {
      from: await local(START + 2 * HOUR),
      to: await local(START + 3 * HOUR),
      by: 'queue',
    })
    await session.page.getByTestId('reports-run').click()
    const cell = (figure: string) =>
      session.page.getByTestId(`reports-abandon-queue:front-${figure}`).textContent()
    // recorded-morning.ts's MORNING_ABANDONS, hand-computed
    await expect.poll(() => cell('abandoned')).toBe('5')
    expect(await cell('callerHangup')).toBe('2')
    expect(await cell('queueTimeout')).toBe('1')
    expect(await cell('host')).toBe('1')
    expect(await cell('noReason')).toBe('1')
    expect(await cell('short')).toBe('2')
    expect(await session.page.getByTestId('reports-abandons').locator('caption').textContent()).toContain(
      'within 5 s',
    )
    // another S: the server is asked for it and the short abandons follow
    await session.page.getByTestId('reports-short').fill('10')
    const asked = session.page.waitForRequest((r) => r.url().includes('short=10'))
    await session.page.getByTestId('reports-run').click()
    await asked
    await expect.poll(() => cell('short')).toBe('3')
    expect(await cell('abandoned')).toBe('5')
    // a wrong S is said before asking the store
    await session.page.getByTestId('reports-short').fill('soon')
    expect(await session.page.getByTestId('reports-error').textContent()).toBe(
      'S of the short abandons must be a number of seconds >= 0.',
    )
    expect(await session.page.getByTestId('reports-run').isDisabled()).toBe(true)
    await session.page.getByTestId('reports-short').fill('5')
    // abandons within T counted as met, the short ones (3 s, 4 s) left out: 2 of 3 met, 3 offered
    const total = (figure: string) =>
      session.page.getByTestId(`reports-total-queue:front-${figure}`).textContent()
    expect(await total('serviceLevel')).toBe('0.0%')
    await session.page.getByTestId('reports-sl-abandons').selectOption('for')
    await session.page.getByTestId('reports-exclude-short').check()
    const treated = session.page.waitForRequest((r) => r.url().includes('slAbandons=for&excludeShort=1'))
    await session.page.getByTestId('reports-run').click()
    await treated
    await expect.poll(() => total('serviceLevel')).toBe('66.7%')
    expect(await total('offered')).toBe('3')
    expect(await cell('abandoned')).toBe('3')
    expect(await session.page.getByTestId('reports-totals').locator('caption').textContent()).toContain(
      'abandons within T count as met, short abandons (within 5 s) left out',
    )
    await session.page.getByTestId('reports-sl-abandons').selectOption('against')
    await session.page.getByTestId('reports-exclude-short').uncheck()
    // the service level's basis, as simulate's default: asked for and named in the caption
    await session.page.getByTestId('reports-sl-basis').selectOption('offered')
    const offered = session.page.waitForRequest((r) => r.url().includes('slBasis=offered'))
    await session.page.getByTestId('reports-run').click()
    await offered
    await expect
      .poll(() => session.page.getByTestId('reports-totals').locator('caption').textContent())
      .toContain('service level T = 20 s of offered, abandons within T count against')
    await session.page.getByTestId('reports-sl-basis').selectOption('handled')
    // not-ready time by reason counts no abandons: no S field there
    await session.page.getByTestId('reports-by').selectOption('reason')
    expect(await session.page.getByTestId('reports-short').count()).toBe(0)
    expect(await session.page.getByTestId('reports-sl-abandons').count()).toBe(0)
    expect(await session.page.getByTestId('reports-exclude-short').count()).toBe(0)
    expect(await session.page.getByTestId('reports-sl-basis').count()).toBe(0)
    await session.page.getByTestId('reports-by').selectOption('queue')
    expect(session.pageErrors).toEqual([])
  })

  it('reads the period and the intervals on the clock of the time zone chosen', async () => {
    const browserZone = await session.page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)
    expect(await session.page.getByTestId('reports-tz').inputValue()).toBe(browserZone)
    await session.page.getByTestId('reports-tz').fill('Asia/Kolkta')
    expect(await session.page.getByTestId('reports-error').textContent()).toBe(
      '"Asia/Kolkta" is not a time zone: give one such as Europe/London or UTC.',
    )
    expect(await session.page.getByTestId('reports-run').isDisabled()).toBe(true)
    await session.page.getByTestId('reports-tz').fill('Asia/Kolkata')
    // the morning's two hours on Kolkata's clock (+05:30), whatever the browser's zone
    const kolkata = (ms: number) => new Date(ms + 5.5 * HOUR).toISOString().slice(0, 16)
    await fillReportForm(session.page, {
      from: kolkata(START),
      to: kolkata(START + 2 * HOUR),
      interval: '30m',
      by: 'strategy',
    })
    const asked = session.page.waitForRequest((r) => r.url().includes('tz=Asia%2FKolkata'))
    await session.page.getByTestId('reports-run').click()
    await asked
    const cell = (figure: string) => session.page.getByTestId(`reports-total-pool-${figure}`).textContent()
    await expect.poll(() => cell('offered')).toBe(String(result.offered))
    expect(await session.page.getByTestId('report-chart-volume').getAttribute('data-points')).toBe('4')
    await session.page.getByTestId('reports-tz').fill(browserZone)
    expect(session.pageErrors).toEqual([])
  })

  it('labels the chart’s axis and points on the chosen zone’s clock: London’s 25 hours on 25 October', async () => {
    await fillReportForm(session.page, {
      tz: 'Europe/London',
      from: '2026-10-25T00:00',
      to: '2026-10-26T00:00',
      interval: '1h',
      by: 'strategy',
    })
    await session.page.getByTestId('reports-run').click()
    await expect.poll(() => session.page.getByTestId('reports-total-front-abandoned').textContent()).toBe('1')
    const chart = session.page.getByTestId('report-chart-volume')
    expect(await chart.getAttribute('data-points')).toBe('25')
    // the axis: London's midnight and every 4 hours after it on London's clock (04:00 is GMT, the change between)
    expect(await chart.locator('[data-ticks]').getAttribute('data-ticks')).toBe(
      '00:00\n25 Oct|04:00|08:00|12:00|16:00|20:00',
    )
    // each point's legend: the repeated 01:00 reads BST, then GMT, whatever the browser's zone
    const over = chart.locator('.u-over')
    const box = await over.boundingBox()
    const legend = chart.locator('.u-legend .u-series').first().locator('.u-value')
    const points: Array<[number, string]> = [
      [0, '25 Oct, 00:00 BST'],
      [1, '25 Oct, 01:00 BST'],
      [2, '25 Oct, 01:00 GMT'],
      [3, '25 Oct, 02:00 GMT'],
      [24, '25 Oct, 23:00 GMT'],
    ]
    for (const [i, label] of points) {
      await over.hover({
        position: { x: Math.min((i / 24) * (box?.width ?? 0) + 1, (box?.width ?? 2) - 1), y: 20 },
      })
      await expect.poll(() => legend.textContent()).toBe(label)
    }
    await session.page
      .getByTestId('reports-tz')
      .fill(await session.page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone))
    expect(session.pageErrors).toEqual([])
  })

  it('breaks the handlings down by wrap-up code, and exports them as the CLI’s CSV', async () => {
    const page = session.page
    await fillReportForm(page, {
      from: await local(DISPOSITIONS_START),
      to: await local(DISPOSITIONS_START + HOUR),
      by: 'disposition',
    })
    // handlings by wrap-up code count no waits nor abandons: no T nor S asked for, the media asked for
    expect(await page.getByTestId('reports-sl').count()).toBe(0)
    expect(await page.getByTestId('reports-short').count()).toBe(0)
    expect(await page.getByTestId('reports-media').count()).toBe(1)
    const asked = page.waitForRequest((r) => r.url().includes('by=disposition'))
    await page.getByTestId('reports-run').click()
    expect((await asked).url()).not.toContain('sl=')
    const cell = (id: string) => page.getByTestId(`reports-disposition-${id}`).textContent()
    // recorded-morning.ts's DISPOSITIONS, hand-computed, most handlings first
    await expect.poll(() => cell('sale-handled')).toBe('2')
    expect(await cell('sale-aht')).toBe('150.0 s')
    expect(await cell('(none)-handled')).toBe('1')
    expect(await cell('(none)-aht')).toBe('30.0 s')
    expect(await cell('callback-needed-aht')).toBe('60.0 s')
    expect(await page.getByTestId('reports-dispositions').locator('tbody th').allTextContents()).toEqual([
      'sale',
      '(none)',
      'callback-needed',
    ])
    // a figures report's tables and charts are not shown under it
    expect(await page.getByTestId('reports-totals').count()).toBe(0)
    expect(await page.getByTestId('report-chart-volume').count()).toBe(0)
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('reports-export').click(),
    ])
    const csv = await readFile(await download.path(), 'utf8')
    expect(csv.trimEnd().split('\n')).toEqual([
      'disposition,handled,aht_s',
      'sale,2,150',
      '(none),1,30',
      'callback-needed,1,60',
    ])
    await page.getByTestId('reports-by').selectOption('queue')
    expect(session.pageErrors).toEqual([])
  })
})
