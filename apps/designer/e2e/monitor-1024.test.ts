// The Monitor at a 1,024 x 768 window, where the bottom panel is about 440 px wide: the queue and group tables
// scrolled sideways ("Service level" and the group caption cut). Now a queue's row reads without scrolling: queue,
// waiting, oldest wait, abandoned and service level stay, the lesser figures fold into the line under it, the
// tables' captions are whole. At 1,280 px every column shows as before.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { DIRECTORY, supportStrategy } from '../../../packages/server/test/helpers.ts'
import { designerBesideServe, poll } from './monitor-tab.ts'

const beside = designerBesideServe({
  files: { 'center.directory.yaml': DIRECTORY, 'support.strategy.yaml': supportStrategy() },
})

const text = (id: string) => beside.page.getByTestId(id).textContent()

/**
 * Of the table `table` in its panel `panelClass`: how far the panel scrolls sideways, the header texts shown, and
 * the shown cells, captions and folded lines whose text runs past their box or past the panel's right edge.
 */
function fit(page: Page, panelClass: string, table: string) {
  return page.evaluate(
    ([panelClass, table]) => {
      const panel = document.querySelector(panelClass)!
      const edge = panel.getBoundingClientRect().right
      const shown = (el: Element) => el.getClientRects().length > 0
      const all = [
        ...document.querySelectorAll(
          `[data-testid="${table}"] :is(caption, th, td, .rw-mon__folded > span, svg)`,
        ),
      ].filter(shown)
      return {
        overflow: panel.scrollWidth - panel.clientWidth,
        heads: [...document.querySelectorAll(`[data-testid="${table}"] thead th`)]
          .filter(shown)
          .map((th) => th.textContent),
        cut: all
          .filter(
            (el) =>
              el.getBoundingClientRect().right > edge + 1 ||
              (el.tagName !== 'svg' && el.scrollWidth > el.clientWidth + 1),
          )
          .map((el) => el.outerHTML.slice(0, 60)),
      }
    },
    [panelClass, table] as const,
  )
}

describe('Monitor view at 1,024 px', () => {
  it("reads a queue's row and the group table without scrolling sideways, and keeps every column at 1,280", async () => {
    const { page } = beside
    await page.getByTestId('monitor-connect').click()
    await poll(() => page.getByTestId('monitor-status').getAttribute('data-state')).toBe('live')
    // nobody is ready: two callers wait for support
    for (const id of ['c1', 'c2']) {
      const reply = await beside.routing.request('POST', '/v1/interactions', { id, strategy: 'support' })
      expect(reply.status, JSON.stringify(reply.body)).toBeLessThan(300)
    }
    await poll(() => text('monitor-queue-group:support-waiting')).toBe('2')

    await page.setViewportSize({ width: 1024, height: 768 })
    await poll(() => fit(page, '.rw-mon__queues', 'monitor-queues')).toEqual({
      overflow: 0,
      heads: ['Queue', 'Waiting', 'Oldest', 'Abandoned', 'Service level'],
      cut: [],
    })
    // the lesser figures are still there, under the queue's row
    const folded = page.getByTestId('monitor-queue-group:support-folded')
    expect(await folded.textContent()).toMatch(
      /^Offered \d+ · Answered 0 · ASA – · Entered \d+ · Overflow out 0$/,
    )
    const groups = await fit(page, '.rw-mon__groups', 'monitor-groups')
    expect(groups.overflow).toBe(0)
    expect(groups.cut).toEqual([])
    // the agents by state and the waiting keep their columns; entered and overflow out fold under the group's row
    expect(groups.heads).toEqual([
      'Group',
      'Ready',
      'Busy',
      'Reserved',
      'Not ready',
      'ACW',
      'Logged out',
      'Waiting',
    ])
    expect(await text('monitor-group-support-waiting')).toBe('2')
    expect(await text('monitor-group-support-folded')).toMatch(/^Entered \d+ · Overflow out 0$/)
    // the agent list takes the panel's width (it had half of it beside the alarms), the alarms under it
    const agents = await page.getByTestId('monitor-agents').boundingBox()
    const body = await page.locator('.rw-mon__body').boundingBox()
    expect(agents!.width).toBeGreaterThan(body!.width * 0.9)
    await beside.session.screenshot('monitor-1024')

    // a laptop's 1,280 px: every figure in its own column, nothing folded
    await page.setViewportSize({ width: 1280, height: 800 })
    await poll(async () => (await fit(page, '.rw-mon__queues', 'monitor-queues')).heads.length).toBe(10)
    expect(await folded.isVisible()).toBe(false)
    expect((await fit(page, '.rw-mon__groups', 'monitor-groups')).heads.length).toBe(10)
    expect(beside.session.pageErrors).toEqual([])
  })

  it('Connect with an empty address says so and puts focus in the address field', async () => {
    const { page } = beside
    const url = page.getByTestId('monitor-url')
    await url.fill('')
    await page.getByTestId('monitor-connect').click()
    await page.getByTestId('monitor-error').waitFor()
    expect(await url.evaluate((el) => el === document.activeElement)).toBe(true)
    expect(await url.getAttribute('aria-describedby')).toBe('rw-mon-url-problem')
  })
})
