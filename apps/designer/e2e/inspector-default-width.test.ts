// A first visit on a 1,280 px window: the inspector opens wide enough that a switch's CEL conditions read on one
// line, and the canvas keeps at least half the window.
import { expect, it } from 'vitest'
import { designerForThisFile } from './designer-for-this-file.ts'

const session = designerForThisFile({
  viewport: { width: 1280, height: 800 },
  file: 'site-overflow.strategy.yaml',
})

it('shows a typical CEL condition unwrapped without halving the canvas', async () => {
  const { page } = session
  await page.getByTestId('node-choose_site').click()
  const field = page.locator('[data-testid="field-cases-0-when"][data-monaco="true"]')
  await field.waitFor({ timeout: 20_000 })
  // stat("queue:sales_ny", "ExpectedWaitTime") <= 120.0: one line of Monaco, not wrapped
  await expect.poll(() => field.locator('.view-line').count()).toBe(1)
  await expect.poll(() => page.locator('[data-testid="field-cases-2-when"] .view-line').count()).toBe(1)
  const canvas = await page.getByTestId('canvas').boundingBox()
  expect(canvas?.width ?? 0).toBeGreaterThanOrEqual(640)
  await session.screenshot('inspector-default-width-1280')
})
