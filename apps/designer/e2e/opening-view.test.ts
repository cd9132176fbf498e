// Each example opens so the designer sees the strategy: fitted whole at a readable zoom (the layout wraps its bands
// to the canvas's shape), with no "n of m nodes in view - Fit all" cue; large-strategy.test covers the cue.
import { readdirSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { designerForThisFile } from './designer-for-this-file.ts'
import { nodesOutsidePane, viewportSettled, viewportZoom } from './viewport.ts'

const EXAMPLES = readdirSync(resolve(import.meta.dirname, '../../../examples'))
  .filter((f) => f.endsWith('.strategy.yaml'))
  .sort()

let page: Page

const session = designerForThisFile({
  blank: true,
  ready: (s) => {
    page = s.page
  },
})

it('has the ten examples', () => {
  expect(EXAMPLES).toHaveLength(10)
})

it.each(EXAMPLES)('opens %s whole at a readable zoom', async (file) => {
  await session.openFile(file)
  await viewportSettled(page)
  await session.screenshot(`opening-view-${file.replace('.strategy.yaml', '')}`)
  expect(await nodesOutsidePane(page)).toEqual([])
  expect(await viewportZoom(page)).toBeGreaterThanOrEqual(0.5)
  expect(await page.getByTestId('nodes-in-view').count()).toBe(0)
})
