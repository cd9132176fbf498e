// A strategy too large to draw whole (1,601 nodes): Fit all shows it as the overview, drawn on the preview canvas
// with no node or edge mounted (mounting them all was the fit's long task), and zooming in past reading size mounts
// the nodes on screen again (speeds: bench/fit-all).
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { generateLargeStrategy } from '../bench/open-large.bench.ts'
import { designerForThisFile } from './designer-for-this-file.ts'
import { FITTED_CANVAS } from './harness.ts'
import { drawnPixels, viewportSettled } from './viewport.ts'

let page: Page

designerForThisFile({
  files: { 'overview.strategy.yaml': generateLargeStrategy(320) },
  blank: true,
  async ready(s) {
    page = s.page
    await page.goto(`${s.url}?file=overview.strategy.yaml`)
    await page.locator(FITTED_CANVAS).waitFor({ timeout: 60_000 })
  },
})

const mounted = () => page.locator('.react-flow__node').count()

describe('a 1,601-node strategy', () => {
  it('Fit all draws the overview on the preview with no node mounted; zoomed in, the nodes on screen mount', async () => {
    expect(await mounted()).toBeGreaterThan(0)
    await page.getByTestId('fit-view').click()
    await page.waitForFunction(() => performance.getEntriesByName('rw:fit-all-done').length > 0)
    await page.locator('[data-testid="canvas"][data-overview="true"][data-edges-routed="true"]').waitFor()
    expect(await mounted()).toBe(0)
    expect(await page.locator('.react-flow__edge').count()).toBe(0)
    expect(await page.locator('.rw-motion-preview').isVisible()).toBe(true)
    await expect.poll(() => drawnPixels(page)).toBeGreaterThan(1000)
    for (
      let i = 0;
      i < 12 && (await page.getByTestId('canvas').getAttribute('data-overview')) === 'true';
      i++
    ) {
      await page.locator('.react-flow__controls-zoomin').click()
      await viewportSettled(page)
    }
    await expect.poll(() => page.getByTestId('canvas').getAttribute('data-overview')).toBe(null)
    await expect.poll(mounted).toBeGreaterThan(0)
    expect(await mounted()).toBeLessThan(1601)
    await expect.poll(() => page.locator('.rw-motion-preview').isVisible()).toBe(false)
  })
})
