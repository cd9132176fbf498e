// Dropping a dragged node re-renders the edges it moved or rerouted, not every mounted edge: only an edge routing
// on its own reads the node boxes (canvas/edge-obstacles.ts). Before, the boxes reached every edge through one
// context, and each new list (a drop, nodes measured) re-rendered all of them. Read from the test build's
// __rwEdgeRenders.
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { generateLargeStrategy } from '../bench/open-large.bench.ts'
import { designerForThisFile } from './designer-for-this-file.ts'
import { FITTED_CANVAS } from './harness.ts'
import { paneSettled } from './viewport.ts'

let page: Page

designerForThisFile({
  files: { 'small.strategy.yaml': generateLargeStrategy(6) },
  blank: true,
  ready: async (s) => {
    page = s.page
    await page.goto(`${s.url}?file=small.strategy.yaml`)
    await page.locator(FITTED_CANVAS).waitFor({ timeout: 30_000 })
    await paneSettled(page)
  },
})

it('dropping a dragged node leaves the edges it did not move or reroute unrendered', async () => {
  const node = await page.getByTestId('node-n0').boundingBox()
  if (!node) throw new Error('no node n0')
  await page.evaluate(() => {
    globalThis.__rwEdgeRenders = {}
  })
  const x = node.x + node.width / 2
  const y = node.y + node.height / 2
  await page.mouse.move(x, y)
  await page.mouse.down()
  await page.mouse.move(x + 20, y + 30)
  await page.mouse.move(x + 40, y + 60)
  await page.mouse.up()
  await page.locator('[data-testid="canvas"][data-edges-routed="true"]').waitFor()
  await paneSettled(page)
  const edges = await page.locator('.react-flow__edge').count()
  const renders = await page.evaluate(() => globalThis.__rwEdgeRenders ?? {})
  const rendered = Object.keys(renders).length
  // the drag moved n0's edges and the new plan may reroute a few near it (before: every mounted edge rendered)
  expect(edges).toBeGreaterThan(20)
  expect(rendered, `edges rendered of ${edges}: ${Object.keys(renders).join(', ')}`).toBeLessThan(edges / 2)
})
