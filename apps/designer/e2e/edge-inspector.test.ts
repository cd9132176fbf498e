// A connection clicked on the canvas, as the UX review met it: the inspector went on showing the strategy's form as if
// nothing were selected. Now it says what the connection is (from node, output, to node) and offers what makes sense
// for it: go to either end, delete the connection.
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { storeText } from './code-helpers.ts'
import { designerForThisFile } from './designer-for-this-file.ts'

const EDGE = '.react-flow__edge[aria-label="by_tier gold to pop_gold"]'

let page: Page
const session = designerForThisFile({
  file: 'vip-routing.strategy.yaml',
  ready: (s) => {
    page = s.page
  },
})

/** Clicks the middle of the edge's drawn path, as a user clicks the line itself. */
async function clickEdge(selector: string) {
  const point = await page.locator(`${selector} path.react-flow__edge-path`).evaluate((path) => {
    const line = path as SVGPathElement
    const at = line.getPointAtLength(line.getTotalLength() / 2)
    const screen = new DOMPoint(at.x, at.y).matrixTransform(line.getScreenCTM() ?? undefined)
    return { x: screen.x, y: screen.y }
  })
  await page.mouse.click(point.x, point.y)
}

it('shows a clicked connection: its ends and output, go to either end, delete it', async () => {
  await clickEdge(EDGE)
  const form = page.getByTestId('inspector-connection')
  await form.waitFor()
  expect(await page.getByTestId('connection-from').textContent()).toContain('by_tier')
  expect(await page.getByTestId('connection-output').textContent()).toBe('gold')
  expect(await page.getByTestId('connection-to').textContent()).toContain('pop_gold')
  await session.screenshot('edge-inspector')

  await page.getByTestId('connection-go-to').click()
  await expect.poll(() => page.getByTestId('field-id').inputValue()).toBe('pop_gold')

  await clickEdge(EDGE)
  await form.waitFor()
  await page.getByTestId('connection-delete').click()
  await expect.poll(() => storeText(page)).not.toContain('next: pop_gold')
  expect(await page.locator(EDGE).count()).toBe(0)
  await form.waitFor({ state: 'detached' })
})
