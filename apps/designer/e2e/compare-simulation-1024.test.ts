// The version compare and the simulation's figures at a 1,024 x 700 window, as a review met them: a git revision's
// select ("hash · date · author · subject") ran past the compare panel under the inspector, and the differences
// scrolled the panel's body, bar and all; the simulation table of two versions ran past its panel (Erlang C cut at
// its edge) with each measure's name one or two words a line.
import { execFileSync } from 'node:child_process'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { raiseBottomPanel } from './bottom-panel.ts'
import { designerForThisFile } from './designer-for-this-file.ts'

let page: Page

function git(...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Ann Lee', '-c', 'user.email=ann@example.com', ...args], {
    cwd: session.workspace,
    encoding: 'utf8',
  }).trim()
}

const session = designerForThisFile({
  viewport: { width: 1024, height: 700 },
  blank: true,
  async ready(s) {
    page = s.page
    git('init', '-q', '-b', 'main')
    git('add', '-A')
    git(
      'commit',
      '-q',
      '-m',
      'Examples as first imported, before the VIP desk and the general queue were retuned',
    )
    await session.openFile('vip-routing.strategy.yaml')
  },
})

type Box = { left: number; top: number; right: number; bottom: number }

const boxOf = (selector: string): Promise<Box> =>
  page
    .locator(selector)
    .first()
    .evaluate((el) => {
      const { left, top, right, bottom } = el.getBoundingClientRect()
      return { left, top, right, bottom }
    })

const inside = (inner: Box, outer: Box) =>
  inner.left >= outer.left - 0.5 &&
  inner.right <= outer.right + 0.5 &&
  inner.top >= outer.top - 0.5 &&
  inner.bottom <= outer.bottom + 0.5

const apart = (a: Box, b: Box) =>
  a.right <= b.left + 0.5 || b.right <= a.left + 0.5 || a.bottom <= b.top + 0.5 || b.bottom <= a.top + 0.5

/** How many lines the element's text takes. */
const lineCount = (selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((cell) => {
      const range = document.createRange()
      range.selectNodeContents(cell)
      return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size
    })

/** How far the bottom panel's body scrolls each way (0: what it shows fits it). */
const bodyOverflow = () =>
  page
    .locator('.rw-bottom__body')
    .evaluate((e) => ({ x: e.scrollWidth - e.clientWidth, y: e.scrollHeight - e.clientHeight }))

describe('at 1,024 x 700', () => {
  it('keeps the compare bar inside its panel and scrolls the differences in their own box', async () => {
    await page.getByTestId('node-general').dispatchEvent('click')
    await page.getByTestId('field-wait').fill('20s')
    await page.getByTestId('tab-compare').click()
    await page.getByTestId('compare-source').selectOption('git')
    await expect.poll(() => page.getByTestId('compare-summary').textContent()).toMatch(/1 node changed$/)
    const panel = await boxOf('[data-testid="compare-panel"]')
    // the panel beside the inspector, not under it, and wide enough to read a line
    expect(apart(panel, await boxOf('.rw-right'))).toBe(true)
    expect(panel.right - panel.left).toBeGreaterThan(500)
    // the revision's select cuts its subject inside the panel (its whole subject on hover)
    expect(inside(await boxOf('[data-testid="compare-rev"]'), panel)).toBe(true)
    expect(await page.getByTestId('compare-rev').getAttribute('title')).toMatch(/^Examples as first imported/)
    expect(await lineCount('[data-testid="compare-summary"]')).toBe(1)
    await session.screenshot('compare-git-1024')

    // another strategy: two dozen differences, more than the panel shows
    await page.getByTestId('compare-source').selectOption('file')
    await page.getByTestId('compare-file').selectOption('skills-escalation.strategy.yaml')
    await expect.poll(() => page.getByTestId('compare-summary').textContent()).toMatch(/nodes added/)
    const list = page.locator('.rw-compare__lines')
    expect(await list.evaluate((e) => e.scrollHeight > e.clientHeight)).toBe(true)
    // three lines at least are in view, and the body never scrolls the bar away
    expect(await list.evaluate((e) => e.clientHeight)).toBeGreaterThanOrEqual(45)
    expect(await bodyOverflow()).toEqual({ x: 0, y: 0 })
    await list.evaluate((e) => e.scrollTo(0, e.scrollHeight))
    const bar = await boxOf('.rw-compare__bar')
    expect(inside(bar, await boxOf('.rw-bottom__body'))).toBe(true)
    expect(apart(bar, await boxOf('.rw-compare__lines'))).toBe(true)
    await session.screenshot('compare-1024')
    expect(session.pageErrors).toEqual([])
  })

  it('shows the figures of two versions on one line each, the table scrolling in its own box', async () => {
    await page.getByTestId('tab-simulation').click()
    await page.getByTestId('sim-mode').selectOption('constant')
    await page.getByTestId('sim-duration').fill('2')
    await page.getByTestId('sim-report').fill('15')
    await page.getByTestId('sim-compare').selectOption('saved')
    await page.getByTestId('sim-run').click()
    await expect
      .poll(() => page.getByTestId('sim-status').getAttribute('data-state'), { timeout: 60_000 })
      .toBe('done')
    // the panel's body does not scroll sideways: the table does, in its own box
    await expect.poll(async () => (await bodyOverflow()).x).toBe(0)
    for (const row of ['service-level', 'service-level-handled', 'asa', 'abandon-rate'])
      for (const column of ['0', '1', 'erlang-c'])
        expect(await lineCount(`[data-testid="sim-kpi-${row}-${column}"]`)).toBe(1)

    // the longest measure's name reads in a few lines, not a word or two a line
    const longest = page.getByRole('rowheader', { name: /of answered \+ abandoned in a queue/ })
    expect(
      await longest.evaluate((cell) => {
        const range = document.createRange()
        range.selectNodeContents(cell)
        return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size
      }),
    ).toBeLessThanOrEqual(4)
    await session.screenshot('simulation-1024')
    await raiseBottomPanel(page)
    // scrolled sideways, each figure still beside its measure's name
    await page.locator('.rw-sim__kpis-box').evaluate((e) => e.scrollTo(e.scrollWidth, 0))
    const name = await boxOf('[data-testid="sim-kpis"] tbody th')
    expect(name.left).toBeGreaterThanOrEqual((await boxOf('.rw-sim__kpis-box')).left - 0.5)
    expect(apart(name, await boxOf('[data-testid="sim-kpi-asa-erlang-a"]'))).toBe(true)
    await session.screenshot('simulation-1024-raised')
    expect(session.pageErrors).toEqual([])
  })
})
