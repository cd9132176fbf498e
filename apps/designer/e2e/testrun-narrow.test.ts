// The Test run tab's three columns (scenarios, scenario text, output) fit the bottom panel of a 1,280 x 800 window
// (about 630 px wide beside the inspector) and of a 1,024 x 768 one. Before, their minimum widths added up to 676 px
// and the output column ran off the panel's right border, its text cut ("Run a scenario to step through it her").
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { designerForThisFile } from './designer-for-this-file.ts'

let page: Page

// opens nothing: each test opens the file at its window size (a file opened first was loaded again at once)
const session = designerForThisFile({
  blank: true,
  viewport: { width: 1280, height: 800 },
  ready: (s) => {
    page = s.page
  },
})

const right = (selector: string) =>
  page.locator(selector).evaluate((el) => Math.round(el.getBoundingClientRect().right))

it.each([
  [1280, 800],
  [1024, 768],
])('shows every Test run column inside the bottom panel at %i x %i', async (width, height) => {
  await page.setViewportSize({ width, height })
  await session.openFile('vip-routing.strategy.yaml')
  await page.getByRole('tab', { name: 'Test run' }).click()
  await page.getByTestId('testrun-panel').waitFor()
  expect(await right('.rw-testrun__output')).toBeLessThanOrEqual(await right('[data-testid="testrun-panel"]'))
  await session.screenshot(`testrun-narrow-${width}`)
})
