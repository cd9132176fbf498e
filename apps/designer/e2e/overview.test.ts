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
let url: string

/**
 * The same strategy with one error, near its middle (on screen when fitted): n826 sets a variable from an unknown
 * name. Each block's target and treatment nodes (n2, n4) have a warning, their error output not connected.
 */
const withError = generateLargeStrategy(320).replace(
  'n826: { type: assign, set: { attempts: attempts + 1 }',
  'n826: { type: assign, set: { attempts: nosuch + 1 }',
)

designerForThisFile({
  files: { 'overview.strategy.yaml': generateLargeStrategy(320), 'problems.strategy.yaml': withError },
  blank: true,
  async ready(s) {
    page = s.page
    url = s.url
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
  return /^(.*?)(?: \(has |\. Enter| selected\.)/.exec(text ?? '')?.[1]
}

async function enterOverview(): Promise<void> {
  await page.evaluate(() => performance.clearMarks('rw:fit-all-done'))
  await page.getByTestId('fit-view').click()
  await page.waitForFunction(() => performance.getEntriesByName('rw:fit-all-done').length > 0)
  await page.locator('[data-testid="canvas"][data-overview="true"][data-edges-routed="true"]').waitFor()
  await viewportSettled(page)
}

describe('a 1,601-node strategy', () => {
  it('from the keyboard alone the overview is a Tab stop: the arrows move a cursor over its nodes, read out; Enter selects one, Enter again zooms to it and focuses it', async () => {
    // first, on the page as opened: nothing selected or focused (a reload for it cost a second opening of 1,601 nodes)
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

  it('Fit all draws the overview on the preview with no node mounted; zoomed in, the nodes on screen mount', async () => {
    expect(await mounted()).toBeGreaterThan(0)
    // the keyboard test's Fit all left its mark
    await page.evaluate(() => performance.clearMarks('rw:fit-all-done'))
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

  it('Home, End, PageUp and PageDown move the cursor; its read-out follows a click selecting it and says its error; the preview and the map mark the problems', async () => {
    await page.goto(`${url}?file=problems.strategy.yaml`)
    await page.locator(FITTED_CANVAS).waitFor({ timeout: 60_000 })
    await enterOverview()
    const status = page.getByTestId('overview-cursor')
    // no cursor yet: the status counts the problems, which no card is mounted to show
    await expect.poll(() => status.textContent()).toMatch(/^1 node with errors, \d+ nodes with warnings\.$/)
    // the map draws the one node with an error apart, in the error colour
    expect(await page.getByTestId('overview-map-errors').count()).toBe(1)
    // the preview marks it in screen pixels (a dot and an outline) whatever the zoom: opaque pixels of --rw-error
    const errorPixels = () =>
      page.locator('.rw-motion-preview canvas').evaluate((el) => {
        const canvas = el as HTMLCanvasElement
        const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? []
        let marked = 0
        for (let i = 0; i < data.length; i += 4) {
          const [r, g, b, a] = [data[i] ?? 0, data[i + 1] ?? 0, data[i + 2] ?? 0, data[i + 3] ?? 0]
          if (a === 255 && Math.abs(r - 0xd3) < 12 && Math.abs(g - 0x3a) < 12 && Math.abs(b - 0x2c) < 12)
            marked++
        }
        return marked
      })
    await expect.poll(errorPixels).toBeGreaterThan(20)
    await page.getByTestId('canvas').focus()
    await page.keyboard.press('End')
    await expect.poll(cursorTitle).toBe('finish')
    // the generated layout: block k / 5 in row (k / 5) / 10; finish below the last row
    const row = (title: string | undefined) =>
      title === 'finish' ? 32 : Math.floor(Math.floor(Number(title?.slice(1)) / 5) / 10)
    await page.keyboard.press('PageUp')
    await expect.poll(cursorTitle).not.toBe('finish')
    const up = row(await cursorTitle())
    expect(up).toBeLessThan(32)
    await page.keyboard.press('PageDown')
    await expect.poll(async () => row(await cursorTitle())).toBeGreaterThan(up)
    await page.keyboard.press('Home')
    await expect.poll(() => status.textContent()).toBe('n0. Enter selects it, Space zooms to it.')
    // off screen, the cursor brought the view to it
    await viewportSettled(page)
    // selected by a click, not by Enter: the read-out says so
    const n0 = await onPage(116, 30)
    await page.mouse.click(n0.x, n0.y)
    await page.getByTestId('inspector').locator('[data-node="n0"]').waitFor()
    await expect.poll(() => status.textContent()).toBe('n0 selected. Enter or Space zooms to it.')
    // the node with the error, selected by a click: the first arrow starts on it, and the read-out says its error
    await page.getByTestId('canvas').focus()
    await page.keyboard.press('Escape')
    await expect.poll(() => status.textContent()).not.toContain('n0')
    await enterOverview()
    const n826 = await onPage(7800 + 116, 3610 + 30)
    await page.mouse.click(n826.x, n826.y)
    await page.getByTestId('inspector').locator('[data-node="n826"]').waitFor()
    await page.getByTestId('canvas').focus()
    await page.keyboard.press('ArrowDown')
    await expect
      .poll(() => status.textContent())
      .toBe('n826 (has an error) selected. Enter or Space zooms to it.')
  })
})
