// A first visit on a laptop's screen (1,024 x 768 and 1,280 x 800): the canvas keeps most of the width, every bottom
// tab shows in its strip without scrolling it, and the Test run's and Simulation's main controls show without
// scrolling the bottom panel. Before, the canvas had half the window (512 and 640 px), the strip scrolled ("Where
// used" and "Find" cut off at 1,280, three tabs at 1,024) and Simulation's Run button was 300 px below the panel.
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { firstVisitAt } from './code-helpers.ts'
import { designerForThisFile } from './designer-for-this-file.ts'

const FILE = 'vip-routing.strategy.yaml'
/** The canvas's least share of a laptop window on a first visit. */
const CANVAS_SHARE = 0.55

// opens nothing: each test's first visit loads the page (a file opened first was loaded again at once)
const session = designerForThisFile({ blank: true, viewport: { width: 1280, height: 800 } })

const WINDOWS = [
  [1024, 768],
  [1280, 800],
] as const

/** Test ids of these elements not wholly inside the bottom panel's body as it is scrolled now (a pixel allowed). */
function hiddenInBottomPanel(page: Page, testIds: string[]): Promise<string[]> {
  return page.evaluate((testIds) => {
    const body = document.querySelector('.rw-bottom__body')!.getBoundingClientRect()
    return testIds.filter((id) => {
      const el = document.querySelector(`[data-testid="${id}"]`)
      if (el === null) return true
      const r = el.getBoundingClientRect()
      return (
        r.top < body.top - 1 ||
        r.bottom > body.bottom + 1 ||
        r.left < body.left - 1 ||
        r.right > body.right + 1
      )
    })
  }, testIds)
}

it.each(WINDOWS)('gives the canvas most of a %i x %i window', async (width, height) => {
  const { page } = session
  await firstVisitAt(session, FILE, width, height)
  const canvas = await page.getByTestId('canvas').boundingBox()
  expect(canvas?.width ?? 0).toBeGreaterThanOrEqual(width * CANVAS_SHARE)
  await page.screenshot({ path: `/tmp/laptop-screens-${width}.png` })
})

it.each(WINDOWS)(
  'shows every bottom tab in its strip at %i x %i, each opens with a click',
  async (width, height) => {
    const { page } = session
    await firstVisitAt(session, FILE, width, height)
    const strip = page.locator('.rw-bottom__tabs')
    // nothing to scroll to: the strip holds every tab (with the Problems count: vip-routing opens with none)
    expect(await strip.evaluate((s) => s.scrollWidth - s.clientWidth)).toBeLessThanOrEqual(0)
    const tabs = page.locator('.rw-bottom [role="tab"]')
    const stripBox = await strip.boundingBox()
    for (let i = 0; i < (await tabs.count()); i++) {
      const tab = tabs.nth(i)
      const box = await tab.boundingBox()
      expect(box!.x + box!.width, `${await tab.textContent()} ends inside the strip`).toBeLessThanOrEqual(
        stripBox!.x + stripBox!.width,
      )
      await tab.click()
      await expect.poll(() => tab.getAttribute('aria-selected')).toBe('true')
    }
  },
)

it.each(WINDOWS)(
  'shows the Test run and Simulation controls without scrolling at %i x %i',
  async (width, height) => {
    const { page } = session
    await firstVisitAt(session, FILE, width, height)
    await page.getByTestId('tab-testrun').click()
    await page.getByTestId('testrun-scenario-0').waitFor()
    const testRun = [
      'testrun-run-all',
      'testrun-clear',
      'testrun-scenario-0',
      'testrun-editor',
      'testrun-run',
    ]
    expect(await hiddenInBottomPanel(page, testRun)).toEqual([])
    await page.screenshot({ path: `/tmp/laptop-screens-${width}-testrun.png` })
    await page.getByTestId('tab-simulation').click()
    await page.getByTestId('sim-run').waitFor()
    expect(await hiddenInBottomPanel(page, ['sim-mode', 'sim-arrivals', 'sim-run', 'sim-cancel'])).toEqual([])
    await page.screenshot({ path: `/tmp/laptop-screens-${width}-simulation.png` })
    expect(session.pageErrors).toEqual([])
  },
)

/** What of the canvas toolbar and the bottom tab strip does not fit on one line inside its box now. */
function crampedBars(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const cramped: string[] = []
    const bars = [
      ['toolbar', document.querySelector('.rw-canvas-toolbar')!],
      ['tab strip', document.querySelector('.rw-bottom__tabs')!],
    ] as const
    for (const [name, bar] of bars) {
      const box = bar.getBoundingClientRect()
      const items = [...bar.querySelectorAll<HTMLElement>('button')]
      const top = Math.min(...items.map((b) => b.getBoundingClientRect().top))
      if (bar.scrollWidth > bar.clientWidth)
        cramped.push(`${name}: scrolls ${bar.scrollWidth - bar.clientWidth} px`)
      for (const item of items) {
        const r = item.getBoundingClientRect()
        // the long label is the button's name in either form
        const label = item.querySelector('.rw-label-long')?.textContent ?? item.textContent
        if (r.top > top + 1) cramped.push(`${name}: ${label} on a second line`)
        if (r.right > box.right + 1) cramped.push(`${name}: ${label} cut off`)
        if (!label?.trim()) cramped.push(`${name}: a button without a name`)
      }
    }
    return cramped
  })
}

it('fits the canvas toolbar and every bottom tab at 1,024 px with the code beside the canvas and the inspector open', async () => {
  const { page } = session
  await firstVisitAt(session, FILE, 1024, 768)
  expect(await crampedBars(page)).toEqual([])
  await page.getByTestId('node-has_tier').click()
  await page.getByTestId('view-split').click()
  await page.getByTestId('code-view-editor').waitFor()
  await page.screenshot({ path: '/tmp/laptop-screens-1024-split.png' })
  expect(await crampedBars(page)).toEqual([])
  // short labels (if any) keep the long ones as the buttons' names
  await page.getByRole('button', { name: 'Auto layout' }).waitFor()
  await page.getByRole('tab', { name: 'Where used' }).waitFor()
  // a three-digit count on the Problems tab: 120 routes nothing leads to
  await page.evaluate(() => {
    type Model = { getValue(): string; setValue(text: string): void }
    const editor = (globalThis as { __rwCodeEditor?: { getModel(): Model } }).__rwCodeEditor!
    const lost = Array.from(
      { length: 120 },
      (_, i) => `\n  lost_${i}:\n    type: route\n    destination: voicemail\n`,
    )
    editor.getModel().setValue(editor.getModel().getValue() + lost.join(''))
  })
  await expect.poll(() => page.locator('.rw-bottom__count').textContent()).toMatch(/^\d{3}$/)
  await page.screenshot({ path: '/tmp/laptop-screens-1024-problems.png' })
  expect(await crampedBars(page)).toEqual([])
})
