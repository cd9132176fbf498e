// A palette node dropped on a connection, as the UX review met it: it landed on the canvas unconnected, the old
// connection untouched, on top of the cards. Now it goes between the connection's ends (the output leads to it, it
// leads to the old target), in a column of its own: the target and the nodes right of it move right to make room.
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { storeText } from './code-helpers.ts'
import { designerForThisFile } from './designer-for-this-file.ts'

const EDGE = '.react-flow__edge[aria-label="use_attached next to by_tier"]'

let page: Page
const session = designerForThisFile({
  file: 'vip-routing.strategy.yaml',
  ready: (s) => {
    page = s.page
  },
})

it('inserts a node dropped on a connection between its two ends', async () => {
  const canvas = page.getByTestId('canvas')
  const box = await canvas.boundingBox()
  const point = await page.locator(`${EDGE} path.react-flow__edge-path`).evaluate((path) => {
    const line = path as SVGPathElement
    const at = line.getPointAtLength(line.getTotalLength() / 2)
    const screen = new DOMPoint(at.x, at.y).matrixTransform(line.getScreenCTM() ?? undefined)
    return { x: screen.x, y: screen.y }
  })
  await page
    .getByTestId('palette-wait')
    .dragTo(canvas, { targetPosition: { x: point.x - (box?.x ?? 0), y: point.y - (box?.y ?? 0) } })
  await expect.poll(() => storeText(page)).toMatch(/\n {2}wait:\n(?: {4}.*\n)*? {4}next: by_tier\n/)
  const text = await storeText(page)
  expect(text).toMatch(/\n {2}use_attached:\n(?: {4}.*\n)*? {4}next: wait\n/)
  await expect
    .poll(() => page.locator('.react-flow__edge[aria-label="use_attached next to wait"]').count())
    .toBe(1)
  await expect
    .poll(() => page.locator('.react-flow__edge[aria-label="wait next to by_tier"]').count())
    .toBe(1)
  expect(await page.locator(EDGE).count()).toBe(0)
  // between the cards, not on them: the new card overlaps none
  const overlapping = await page.locator('.react-flow__node').evaluateAll((cards) => {
    const box = (el: Element) => el.getBoundingClientRect()
    const added = cards.find((c) => c.getAttribute('data-id') === 'wait')
    if (!added) return ['no wait card']
    const a = box(added)
    return cards
      .filter((c) => c !== added)
      .filter((c) => {
        const b = box(c)
        return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom
      })
      .map((c) => c.getAttribute('data-id'))
  })
  expect(overlapping).toEqual([])
  await session.screenshot('drop-on-edge')
})
