// The Reports view with the browser in New York and the report in Kolkata (+05:30): the period typed on Kolkata's
// clock, each interval labelled and filled on it, whatever the browser's zone (reports.test.ts runs in UTC).
import { join } from 'node:path'
import type { SimulationResult } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { recordMorning, recordNotReady, MORNING_START as START } from '../server/recorded-morning.ts'
import { designerWithRecordingFolder, fillReportForm } from './reports-tab.ts'

const MINUTE = 60_000
let result: SimulationResult

const session = designerWithRecordingFolder('rw-reports-zone-e2e-', async (folder) => {
  let store: string
  ;({ store, result } = await recordMorning(folder, { arrivalsPerHour: 50, ahtSeconds: 180, seed: 11 }))
  await recordNotReady(store)
  return {
    workspaceFixture: join(folder, 'workspace'),
    serverArgs: ['--store', store],
    timezoneId: 'America/New_York',
    file: 'pool.strategy.yaml',
  }
})

/** Runs the report of the form as it is and waits until the request of `tz` went out. */
async function run(): Promise<void> {
  const asked = session.page.waitForRequest((r) => r.url().includes('tz=Asia%2FKolkata'))
  await session.page.getByTestId('reports-run').click()
  await asked
}

describe('Reports view, the browser in New York and the report in Kolkata', () => {
  it('reads the period on Kolkata’s clock and puts the not-ready time in Kolkata’s hours', async () => {
    expect(await session.page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe(
      'America/New_York',
    )
    expect(await session.page.getByTestId('reports-tz').inputValue()).toBe('America/New_York')
    await session.page.getByTestId('reports-tz').fill('Asia/Kolkata')
    // Kolkata's 13:00 to 16:00 is the morning's start - 30 min to + 2 h 30 (08:00 UTC is 13:30 there)
    await fillReportForm(session.page, {
      from: '2026-01-05T13:00',
      to: '2026-01-05T16:00',
      interval: '1h',
      by: 'reason',
    })
    await run()
    const cell = (id: string) => session.page.getByTestId(id).textContent()
    const at = (minute: number) => START + minute * MINUTE
    // recorded-morning.ts's MORNING_NOT_READY, by hand on hours from minute -30: n1 lunch 20 to 80 gives 10 and
    // 50 min; n3 lunch from 100, open, counts up to --to (150): 50 min; n2 no-answer 30 to 32 in the second hour
    await expect.poll(() => cell(`reports-reason-row-${at(-30)}-lunch-host-time`)).toBe('0:10:00')
    expect(await cell(`reports-reason-row-${at(30)}-lunch-host-time`)).toBe('0:50:00')
    expect(await cell(`reports-reason-row-${at(90)}-lunch-host-time`)).toBe('0:50:00')
    expect(await cell(`reports-reason-row-${at(30)}-no-answer-timeout-time`)).toBe('0:02:00')
    expect(await cell(`reports-reason-row-${at(-30)}-lunch-host-count`)).toBe('1')
    expect(await cell(`reports-reason-row-${at(90)}-lunch-host-count`)).toBe('1')
    // and the simulation's log-out of its agents at its end (minute 120), listed after the not-ready rows
    expect(await cell(`reports-reason-row-${at(90)}-logged-out-(none)-host-state`)).toBe('Logged out')
    expect(await session.page.getByTestId('reports-reason-rows').locator('tbody tr').count()).toBe(5)
    expect(await cell('reports-reason-lunch-host-time')).toBe('1:50:00')
    // each interval labelled on Kolkata's clock, not New York's (02:30 there) nor UTC's (07:30)
    const label = (start: number, reason: string) =>
      session.page.getByTestId(`reports-reason-row-${start}-${reason}`).locator('td').first().textContent()
    expect(await label(at(-30), 'lunch-host')).toMatch(/^1\/5\/2026, 1:00:00\sPM GMT\+5:30$/)
    expect(await label(at(30), 'no-answer-timeout')).toMatch(/^1\/5\/2026, 2:00:00\sPM GMT\+5:30$/)
    expect(await label(at(90), 'lunch-host')).toMatch(/^1\/5\/2026, 3:00:00\sPM GMT\+5:30$/)
    expect(session.pageErrors).toEqual([])
  })

  it('reads a day as Kolkata’s day, from its midnight (18:30 UTC the day before)', async () => {
    await fillReportForm(session.page, {
      from: '2026-01-05T00:00',
      to: '2026-01-06T00:00',
      interval: 'day',
      by: 'reason',
    })
    await run()
    const day = Date.UTC(2026, 0, 4, 18, 30)
    const row = session.page.getByTestId(`reports-reason-row-${day}-lunch-host`)
    // n1's 60 min and n3's from minute 100 up to the day's end, Kolkata's midnight (minute 630): 590 min
    await expect
      .poll(() => row.getByTestId(`reports-reason-row-${day}-lunch-host-time`).textContent())
      .toBe('9:50:00')
    expect(await row.locator('td').first().textContent()).toMatch(/^1\/5\/2026, 12:00:00\sAM GMT\+5:30$/)
    // lunch, no-answer and the simulation's log-outs at its end
    expect(await session.page.getByTestId('reports-reason-rows').locator('tbody tr').count()).toBe(3)
    expect(session.pageErrors).toEqual([])
  })

  it('charts the morning’s hours on Kolkata’s clock with each hour’s calls, as the simulation counted them', async () => {
    // hours from Kolkata's 13:30, that is the simulation's own hours from 08:00 UTC
    await fillReportForm(session.page, {
      from: '2026-01-05T13:30',
      to: '2026-01-05T15:30',
      interval: '1h',
      by: 'strategy',
    })
    await run()
    await expect
      .poll(() => session.page.getByTestId('reports-total-pool-offered').textContent())
      .toBe(String(result.offered))
    expect(await session.page.getByTestId('reports-total-pool-answered').textContent()).toBe(
      String(result.answered),
    )
    const chart = session.page.getByTestId('report-chart-volume')
    expect(await chart.getAttribute('data-points')).toBe('2')
    // the axis on Kolkata's round times (New York's would fall on its own, 03:00 there being 13:30 here)
    expect(await chart.locator('[data-ticks]').getAttribute('data-ticks')).toBe(
      '13:30\n5 Jan|13:40|13:50|14:00|14:10|14:20|14:30',
    )
    // each point's legend: the interval's start on Kolkata's clock, then its offered and answered calls
    const over = chart.locator('.u-over')
    const box = await over.boundingBox()
    const legend = chart.locator('.u-legend .u-series')
    for (const [i, time] of [
      [0, '13:30'],
      [1, '14:30'],
    ] as const) {
      await over.hover({ position: { x: Math.min(i * (box?.width ?? 0) + 1, (box?.width ?? 2) - 1), y: 20 } })
      await expect
        .poll(() => legend.first().locator('.u-value').textContent())
        .toBe(`5 Jan, ${time} GMT+5:30`)
      expect(await legend.nth(1).locator('.u-value').textContent()).toBe(String(result.intervals[i]?.offered))
      expect(await legend.nth(2).locator('.u-value').textContent()).toBe(
        String(result.intervals[i]?.answered),
      )
    }
    expect(session.pageErrors).toEqual([])
  })
})
