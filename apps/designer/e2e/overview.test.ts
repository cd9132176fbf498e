// A strategy too large to draw whole (1,601 nodes): Fit all shows it as the overview, drawn on the preview canvas
// with no node or edge mounted (mounting them all was the fit's long task), and zooming in past reading size mounts
// the nodes on screen again (speeds: bench/fit-all).
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { generateLargeStrategy } from '../bench/open-large.bench.ts'
import { designerForThisFile } from './designer-for-this-file.ts'
import { FITTED_CANVAS } from './harness.ts'
import { drawnPixels, viewportSettled, viewportZoom } from './viewport.ts'

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

/** Where on the page a flow point is drawn, from the viewport's transform. */
async function onPage(x: number, y: number): Promise<{ x: number; y: number }> {
  return page.evaluate(
    ([x, y]) => {
      const pane = document.querySelector('.react-flow')!.getBoundingClientRect()
      const m = new DOMMatrix(getComputedStyle(document.querySelector('.react-flow__viewport')!).transform)
      return { x: pane.left + m.e + x * m.a, y: pane.top + m.f + y * m.a }
    },
    [x, y] as const,
  )
}

/** Presses `key` until `selector` matches the focused element (the keyboard alone). */
async function pressUntil(key: string, selector: string, most = 40): Promise<void> {
  for (let presses = 1; presses <= most; presses++) {
    await page.keyboard.press(key)
    if (await page.evaluate((s) => document.activeElement?.matches(s) === true, selector)) return
  }
  const focused = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120))
  throw new Error(`${selector} not reached after ${most} presses of ${key} (focus on ${focused})`)
}

/** The node title the overview's keyboard cursor reads out, undefined while it is on none. */
async function cursorTitle(): Promise<string | undefined> {
  const text = await page.getByTestId('overview-cursor').textContent()
  return /^(.*?)(?:\. Enter| selected\.)/.exec(text ?? '')?.[1]
}

async function enterOverview(): Promise<void> {
  await page.evaluate(() => performance.clearMarks('rw:fit-all-done'))
  await page.getByTestId('fit-view').click()
  await page.waitForFunction(() => performance.getEntriesByName('rw:fit-all-done').length > 0)
  await page.locator('[data-testid="canvas"][data-overview="true"][data-edges-routed="true"]').waitFor()
  await viewportSettled(page)
}

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

  it('the overview map draws the nodes, and a node of the overview is hovered, selected and opened as a mounted one', async () => {
    await enterOverview()
    expect(await mounted()).toBe(0)
    // the map is on for a strategy this large; React Flow's own leaves out the overview's hidden nodes
    const mapNodes = page.getByTestId('minimap').locator('.react-flow__minimap-node')
    await expect.poll(() => mapNodes.count()).toBeGreaterThan(0)
    const drawn = await mapNodes.first().evaluate((el) => {
      const { width, height } = (el as SVGGraphicsElement).getBBox()
      return { width, height }
    })
    expect(drawn.width).toBeGreaterThan(0)
    expect(drawn.height).toBeGreaterThan(0)
    // n775 (block 155: column 5, row 15 of the generated layout) sits at flow (7500, 3300)
    const point = await onPage(7500 + 40, 3300 + 30)
    await page.mouse.move(point.x, point.y)
    await expect.poll(() => page.getByTestId('overview-tooltip').allTextContents()).toEqual(['n775'])
    await page.mouse.click(point.x, point.y)
    await page.getByTestId('inspector').locator('[data-node="n775"]').waitFor()
    // empty canvas between two rows is no node: the tooltip goes
    const between = await onPage(7500 + 40, 3300 + 200)
    await page.mouse.move(between.x, between.y)
    await expect.poll(() => page.getByTestId('overview-tooltip').count()).toBe(0)
    await page.mouse.dblclick(point.x, point.y)
    await viewportSettled(page)
    await expect.poll(() => page.getByTestId('canvas').getAttribute('data-overview')).toBe(null)
    expect(await viewportZoom(page)).toBeGreaterThanOrEqual(0.5)
    await expect.poll(() => page.locator('.react-flow__node[data-id="n775"].selected').isVisible()).toBe(true)
  })

  it('from the keyboard alone the overview is a Tab stop: the arrows move a cursor over its nodes, read out; Enter selects one, Enter again zooms to it and focuses it', async () => {
    // a fresh page: nothing selected or focused
    await page.reload()
    await page.locator(FITTED_CANVAS).waitFor({ timeout: 60_000 })
    await page.evaluate(() => performance.clearMarks('rw:fit-all-done'))
    // Fit all from the canvas toolbar (one Tab stop: Home, then the arrows)
    await pressUntil('Tab', '.rw-canvas-toolbar [role="button"], .rw-canvas-toolbar button')
    await page.keyboard.press('Home')
    await pressUntil('ArrowRight', '[data-testid="fit-view"]', 8)
    await page.keyboard.press('Enter')
    await page.waitForFunction(() => performance.getEntriesByName('rw:fit-all-done').length > 0)
    await page.locator('[data-testid="canvas"][data-overview="true"][data-edges-routed="true"]').waitFor()
    await viewportSettled(page)
    expect(await mounted()).toBe(0)
    // no node is mounted to Tab to: the canvas itself is the stop
    await pressUntil('Tab', '[data-testid="canvas"]', 12)
    await page.keyboard.press('ArrowDown')
    await expect.poll(cursorTitle).toMatch(/^n\d+$/)
    const first = (await cursorTitle())!
    await page.keyboard.press('ArrowRight')
    await expect.poll(cursorTitle).not.toBe(first)
    await page.keyboard.press('ArrowLeft')
    await expect.poll(cursorTitle).toBe(first)
    // the arrows moved the cursor, not a selected node: the view is still the overview, nothing mounted
    expect(await page.getByTestId('canvas').getAttribute('data-overview')).toBe('true')
    await page.keyboard.press('Enter')
    await page.getByTestId('inspector').locator(`[data-node="${first}"]`).waitFor()
    await expect.poll(() => page.getByTestId('overview-cursor').textContent()).toContain('selected')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByTestId('canvas').getAttribute('data-overview')).toBe(null)
    await viewportSettled(page)
    expect(await viewportZoom(page)).toBeGreaterThanOrEqual(0.5)
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.matches('.react-flow__node.selected') ?? false))
      .toBe(true)
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-id'))).toBe(first)
  })
})
