// A node card is drawn as tall as the layout estimated it (graph.ts nodeViewHeight: summary and notes clamped to
// the lines it counted, at a set line height), so the handles the DOM measures are where the estimates put them and
// the edges drawn on the first frame stay: no set of node boxes is routed twice. Before, every card was 6 px shorter
// than its estimate (a summary that wrapped 8 px taller), and once the handles were measured every edge was routed
// again and moved by 3-8 px.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { designerForThisFile } from './designer-for-this-file.ts'
import { FITTED_CANVAS } from './harness.ts'
import { paneSettled } from './viewport.ts'

const EXAMPLES = resolve(import.meta.dirname, '../../../examples')

// notes of one and of two lines, which no example has
const notes = readFileSync(resolve(EXAMPLES, 'identify-caller.strategy.yaml'), 'utf8')
  .replace('strategy: identify-caller', 'strategy: noted-caller')
  .replace('    title: Known tier?\n', '    title: Known tier?\n    notes: Tiers come from the CRM\n')
  .replace(
    '  found:\n    type: end\n',
    '  found:\n    type: end\n    notes: Returns the tier the CRM holds for this caller, as the calling strategy expects\n',
  )

let page: Page

const session = designerForThisFile({
  files: { 'noted-caller.strategy.yaml': notes },
  blank: true,
  viewport: { width: 1024, height: 768 },
  ready: (s) => {
    page = s.page
  },
})

/** The node boxes of each routing (what follows ' | ' in __rwRoutings' keys). */
const routedBoxes = async () =>
  (await page.evaluate(() => globalThis.__rwRoutings ?? [])).map((key) => key.split(' | ')[1])

it.each([
  'noted-caller',
  'callback-offer',
  'inbound-call',
  'language-menu',
  'main-inbound',
  'site-overflow',
  'vip-routing',
])('%s draws its edges from the handles it estimated', async (name) => {
  await page.goto(`${session.url}?file=${name}.strategy.yaml`)
  await page.locator(FITTED_CANVAS).waitFor({ timeout: 30_000 })
  await paneSettled(page)
  await page.waitForTimeout(200)
  const boxes = await routedBoxes()
  expect(boxes.length).toBeGreaterThan(0)
  expect(
    boxes.length - new Set(boxes).size,
    'routings of the same boxes (handles measured off the estimate)',
  ).toBe(0)
})
