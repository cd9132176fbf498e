// The canvas fits the strategy again when the split view (canvas beside the YAML) opens or closes, once the pane's
// size has settled: the graph is neither cut off in the narrower pane nor left small in the wider one. A view the
// user zoomed stays theirs.
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { designerForThisFile } from './designer-for-this-file.ts'
import { nodesOutsidePane, paneSettled, viewportSettled, viewportZoom } from './viewport.ts'

const FILE = 'skills-escalation.strategy.yaml'

let page: Page

const session = designerForThisFile({
  blank: true,
  ready: (s) => {
    page = s.page
  },
})

const paneWidth = () =>
  page.evaluate(() => document.querySelector('[data-testid="canvas"]')?.clientWidth ?? 0)

/** Opens the file and moves one node 40 px down: every place is then stored, and no resize lays the file out again. */
async function openPlacedByHand() {
  await session.openFile(FILE)
  await viewportSettled(page)
  const node = page.locator('.react-flow__node').first()
  const box = await node.boundingBox()
  if (!box) throw new Error('no node drawn')
  await page.mouse.move(box.x + box.width / 2, box.y + 12)
  await page.mouse.down()
  await page.mouse.move(box.x + box.width / 2, box.y + 52, { steps: 5 })
  await page.mouse.up()
  await page.getByTestId('fit-view').click()
  await viewportSettled(page)
}

/** Switches the middle area to a view and waits until the canvas pane has its new size and the view settled. */
async function switchTo(view: 'split' | 'canvas') {
  const before = await paneWidth()
  await page.getByTestId(`view-${view}`).click()
  await expect.poll(paneWidth).not.toBe(before)
  await paneSettled(page)
}

it('fits the strategy into the split view, and back to the whole canvas when it closes', async () => {
  await openPlacedByHand()
  const wide = await viewportZoom(page)
  expect(await nodesOutsidePane(page)).toEqual([])
  await switchTo('split')
  await session.screenshot('split-view-fit-split')
  expect(await nodesOutsidePane(page)).toEqual([]) // before: cut off at the right
  expect(await viewportZoom(page)).toBeLessThan(wide)
  await switchTo('canvas')
  expect(await nodesOutsidePane(page)).toEqual([])
  expect(await viewportZoom(page)).toBeCloseTo(wide, 2) // before: left at the split view's smaller zoom
})

it('fits a file laid out automatically into the split view too', async () => {
  await session.openFile(FILE)
  await viewportSettled(page)
  await switchTo('split')
  expect(await nodesOutsidePane(page)).toEqual([])
  await switchTo('canvas')
  expect(await nodesOutsidePane(page)).toEqual([])
})

it('leaves a view the user zoomed as it is when the split opens', async () => {
  await openPlacedByHand()
  await page.locator('.react-flow__controls-zoomin').click()
  await viewportSettled(page)
  const zoomed = await viewportZoom(page)
  await switchTo('split')
  expect(await viewportZoom(page)).toBeCloseTo(zoomed, 3)
})
