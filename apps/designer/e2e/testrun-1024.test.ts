// The Test run tab at a 1,024 x 700 window, as the UX review met it: each scenario name wrapped into four or five
// lines (two scenarios filled the 154 px panel) and the scenario text was a 160 x 70 px box under its label with
// ▶ Run below it. Now a name takes one line (two at 1,024 px), cut with its whole text as the title, ▶ Run sits on the
// label's row and the text takes the rest of its column; at 1,280 x 800 the same holds.
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { designerForThisFile } from './designer-for-this-file.ts'

let page: Page

// opens nothing: each test opens the file at its window size (a file opened first was loaded again at once)
const session = designerForThisFile({
  blank: true,
  viewport: { width: 1024, height: 700 },
  ready: (s) => {
    page = s.page
  },
})

type Box = { left: number; top: number; right: number; bottom: number; height: number; width: number }

const boxOf = (selector: string): Promise<Box> =>
  page.locator(selector).evaluate((el) => {
    const { left, top, right, bottom, height, width } = el.getBoundingClientRect()
    return { left, top, right, bottom, height, width }
  })

const inside = (inner: Box, outer: Box) =>
  inner.left >= outer.left - 0.5 &&
  inner.right <= outer.right + 0.5 &&
  inner.top >= outer.top - 0.5 &&
  inner.bottom <= outer.bottom + 0.5

const apart = (a: Box, b: Box) =>
  a.right <= b.left + 0.5 || b.right <= a.left + 0.5 || a.bottom <= b.top + 0.5 || b.bottom <= a.top + 0.5

it.each([
  [1024, 700],
  [1280, 800],
])('keeps scenario names to 1-2 lines and gives the scenario text room at %i x %i', async (width, height) => {
  await page.setViewportSize({ width, height })
  await session.openFile('vip-routing.strategy.yaml')
  await page.getByRole('tab', { name: 'Test run' }).click()
  await page.getByTestId('testrun-scenario-0').waitFor()

  const scenarios = page.locator('[data-testid^="testrun-scenario-"]')
  expect(await scenarios.count()).toBeGreaterThan(3)
  const lines = await scenarios.evaluateAll((buttons) =>
    buttons.map((b) => {
      const style = getComputedStyle(b)
      const line = Number.parseFloat(style.lineHeight) || Number.parseFloat(style.fontSize) * 1.2
      const padding = Number.parseFloat(style.paddingTop) + Number.parseFloat(style.paddingBottom)
      return {
        lines: Math.round((b.clientHeight - padding) / line),
        title: b.getAttribute('title'),
        text: b.textContent,
      }
    }),
  )
  for (const name of lines) {
    // the 1,024 px panel's 128 px name column gives a name two lines (window-1024-readable.test.ts)
    expect(name.lines, name.text ?? '').toBeLessThanOrEqual(width === 1024 ? 2 : 1)
    expect(name.title).toBe(name.text)
  }
  // the first name is longer than its column: cut, and whole in its title
  const first = page.getByTestId('testrun-scenario-0')
  expect(await first.getAttribute('title')).toBe(
    'gold tier attached goes to the VIP desk, longest idle agent first',
  )

  const panel = await boxOf('[data-testid="testrun-panel"]')
  const text = await boxOf('[data-testid="testrun-editor"]')
  const run = await boxOf('[data-testid="testrun-run"]')
  const label = await boxOf('.rw-testrun__editor label')
  const list = await boxOf('.rw-testrun__scenarios')
  const output = await boxOf('.rw-testrun__output')
  // five lines of 12 px text at least (the panel's first-visit height), and 28 characters of it across
  expect(text.height).toBeGreaterThanOrEqual(5 * 12 * 1.4)
  expect(text.width).toBeGreaterThanOrEqual(200)
  // the label reads whole, not "Scenario (interaction, a…" with the rest on hover only
  const labelCut = await page
    .locator('.rw-testrun__editor label')
    .evaluate((el) => ({ text: el.textContent, cut: el.scrollWidth > el.clientWidth }))
  expect(labelCut).toEqual({ text: 'Scenario YAML', cut: false })
  for (const box of [text, run, label, list, output]) expect(inside(box, panel)).toBe(true)
  expect(apart(run, text)).toBe(true)
  expect(apart(label, run)).toBe(true)
  expect(apart(list, text)).toBe(true)
  expect(apart(text, output)).toBe(true)
  await session.screenshot(`testrun-window-${width}`)
  expect(session.pageErrors).toEqual([])
})
