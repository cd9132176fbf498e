// A route tile re-renders only the edges it planned: each edge reads its own route (canvas/edge-route-store.ts).
// Before, the plan reached the edges through one context, and each tile of a zoom out or Fit all re-rendered every
// mounted edge (~50 ms a tile at 3,600 edges). A 1,001-node strategy (all edges drawn zoomed out, no overview),
// zoomed out by one wheel step from its opening view. Read from the test build's __rwEdgeRenders and __rwRoutings.
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { generateLargeStrategy } from '../bench/open-large.bench.ts'
import { designerForThisFile } from './designer-for-this-file.ts'
import { FITTED_CANVAS } from './harness.ts'
import { paneSettled } from './viewport.ts'

let page: Page

designerForThisFile({
  files: { 'large.strategy.yaml': generateLargeStrategy(200) },
  blank: true,
  ready: async (s) => {
    page = s.page
    await page.goto(`${s.url}?file=large.strategy.yaml`)
    await page.locator(FITTED_CANVAS).waitFor({ timeout: 30_000 })
    await paneSettled(page)
  },
})

it('a zoom out planned in tiles re-renders an edge when its tile is planned, not once a tile', async () => {
  const before = await page.evaluate(() => {
    globalThis.__rwEdgeRenders = {}
    return (globalThis.__rwRoutings ?? []).length
  })
  const pane = await page.locator('.react-flow__pane').boundingBox()
  if (!pane) throw new Error('no canvas pane')
  await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height / 2)
  await page.mouse.wheel(0, 800)
  await page.locator('[data-testid="canvas"][data-edges-routed="true"]').waitFor()
  await paneSettled(page)
  const tiles = (await page.evaluate(() => globalThis.__rwRoutings ?? [])).length - before
  const renders = Object.values(await page.evaluate(() => globalThis.__rwEdgeRenders ?? {}))
  // the zoom needs several tiles for the check to mean anything
  expect(tiles).toBeGreaterThan(3)
  // an edge renders when mounted and when its tile plans it (before: every mounted edge once more per tile)
  const median = [...renders].sort((a, b) => a - b)[Math.floor(renders.length / 2)]!
  // one plan for every edge rendered each edge tiles + 1 times (its mount, then each later tile); its own route: 4
  expect(median, `renders of the median edge over ${tiles} tiles`).toBeLessThanOrEqual(tiles)
})
