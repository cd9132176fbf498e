// Each example opens so the designer sees the strategy: fitted whole at a readable zoom (the layout wraps its bands
// to the canvas's shape), with no "n of m nodes in view - Fit all" cue; large-strategy.test covers the cue.
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { designerForThisFile } from './designer-for-this-file.ts'
import { EXAMPLE_STRATEGIES } from './examples.ts'
import { nodesOutsidePane, viewportSettled, viewportZoom } from './viewport.ts'

let page: Page

const session = designerForThisFile({
  blank: true,
  ready: (s) => {
    page = s.page
  },
})

it('has the ten examples', () => {
  expect(EXAMPLE_STRATEGIES).toHaveLength(10)
})

it.each(EXAMPLE_STRATEGIES)('opens %s whole at a readable zoom', async (file) => {
  await session.openFile(file)
  await viewportSettled(page)
  await session.screenshot(`opening-view-${file.replace('.strategy.yaml', '')}`)
  expect(await nodesOutsidePane(page)).toEqual([])
  expect(await viewportZoom(page)).toBeGreaterThanOrEqual(0.5)
  expect(await page.getByTestId('nodes-in-view').count()).toBe(0)
})
