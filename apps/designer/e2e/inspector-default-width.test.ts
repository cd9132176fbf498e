// The inspector's first-visit width follows the window (layout/panel-sizes.ts): at 1,280 px it leaves the canvas
// 60 % of the window and a switch's long CEL condition wraps whole onto a second line; from 1,760 px up it opens at
// the reading width where that condition reads on one line. Before, it took 432 px at 1,280 and the canvas half.
import type { Locator } from 'playwright-core'
import { expect, it } from 'vitest'
import { firstCaseFieldAt } from './code-helpers.ts'
import { designerForThisFile } from './designer-for-this-file.ts'

const FILE = 'site-overflow.strategy.yaml'
const CONDITION = 'stat("queue:sales_ny", "ExpectedWaitTime") <= 120.0'

const session = designerForThisFile({ viewport: { width: 1280, height: 800 }, file: FILE })

/** Opens the switch in the inspector on a first visit at this window size; its first case's CEL field. */
const firstCaseAt = (width: number, height: number) =>
  firstCaseFieldAt(session, FILE, 'choose_site', { width, height })

/** The field's drawn lines, joined: Monaco draws spaces as no-break spaces. */
function shownText(field: Locator): Promise<string> {
  return field.locator('.view-line').evaluateAll((lines) => lines.map((l) => l.textContent ?? '').join(''))
}

it('wraps a long CEL condition whole at 1,280 px and keeps 60 % of the window for the canvas', async () => {
  const field = await firstCaseAt(1280, 800)
  await expect.poll(() => field.locator('.view-line').count()).toBe(2)
  expect((await shownText(field)).replace(/\s/g, '')).toBe(CONDITION.replace(/\s/g, ''))
  const canvas = await session.page.getByTestId('canvas').boundingBox()
  expect(canvas?.width ?? 0).toBeGreaterThanOrEqual(1280 * 0.6)
  await session.screenshot('inspector-default-width-1280')
})

it('shows the condition on one line at 1,920 px', async () => {
  const field = await firstCaseAt(1920, 1080)
  await expect.poll(() => field.locator('.view-line').count()).toBe(1)
  await expect
    .poll(() => session.page.locator('[data-testid="field-cases-2-when"] .view-line').count())
    .toBe(1)
})
