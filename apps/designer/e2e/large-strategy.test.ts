// A 500-node strategy: it opens at reading size on its start node with its checks arriving after the first frame,
// "fit view" draws light nodes, and a pan draws them on one canvas until the move ends (speeds: bench/large-view);
// Alt+Right from a focused edge reaches a node that was not drawn (culled off screen).
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { generateLargeStrategy } from '../bench/open-large.bench.ts'
import { storedEdges } from '../src/core/laid-out-edges.test-helper.ts'
import { designerForThisFile } from './designer-for-this-file.ts'
import { FITTED_CANVAS } from './harness.ts'
import { drawnPixels } from './viewport.ts'

let page: Page

interface FocusingStore {
  __rwStore: { focusNode(id: string): void }
}

interface Store {
  __rwStore: { getState(): { checking: boolean; diagnostics: readonly { code: string }[] } }
}

designerForThisFile({
  files: { 'large.strategy.yaml': generateLargeStrategy(100) },
  blank: true,
  async ready(s) {
    page = s.page
    await page.goto(`${s.url}?file=large.strategy.yaml`)
    await page.locator(FITTED_CANVAS).waitFor({ timeout: 30_000 })
  },
})

const EDGES = storedEdges(generateLargeStrategy(100)).edges.length

/** What the edges were routed between, each time (test builds: route-plan.ts). */
const routings = () => page.evaluate(() => globalThis.__rwRoutings ?? [])

/** The edges of one routing: its ends, `;`-separated before the boxes. */
const edgesIn = (routing: string) => routing.split(' | ')[0]!.split(';').length

/** The ids of the edges of one routing (each `id x,y x,y`: the id before its two ends). */
const edgeIdsIn = (routing: string) =>
  routing
    .split(' | ')[0]!
    .split(';')
    .map((e) => e.split(' ').slice(0, -2).join(' '))

describe('a 500-node strategy', () => {
  it('opens readable on its start node and validates after the first frame', async () => {
    const start = await page.getByTestId('node-n0').boundingBox()
    const canvas = await page.getByTestId('canvas').boundingBox()
    if (!start || !canvas) throw new Error('the start node or the canvas is not on screen')
    // the start node at the left, the flow reading on to the right
    expect(start.x - canvas.x).toBeLessThan(100)
    expect(await page.locator('.rw-node.is-simple').count()).toBe(0)
    // only the nodes on screen are drawn, and the canvas says how many more there are
    expect(await page.locator('.react-flow__node').count()).toBeLessThan(100)
    await expect
      .poll(() => page.getByTestId('nodes-in-view').textContent())
      .toMatch(/^\d+ of \d{3,} nodes in view/)
    // the unconnected error outputs (RW107, two per block of five) are found once the deferred check has run
    await page.waitForFunction(() => !(globalThis as unknown as Store).__rwStore.getState().checking)
    const codes = await page.evaluate(() =>
      (globalThis as unknown as Store).__rwStore.getState().diagnostics.map((d) => d.code),
    )
    expect(codes.filter((c) => c === 'RW107')).toHaveLength(200)
    await expect.poll(() => page.getByTestId('problems-count').textContent()).toContain('200 warnings')
  })

  it('Alt+Right on a focused edge brings the node it goes to into view when it was not drawn, and focuses it', async () => {
    // n49 (the right end of the first row) goes on to n50, 14,700 units away at the left of the second row
    await page.evaluate(() => (globalThis as unknown as FocusingStore).__rwStore.focusNode('n49'))
    await page.getByTestId('node-n49').waitFor()
    await page.locator('.react-flow__node[data-id="n49"]').focus()
    await page.keyboard.press('e')
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe('n49 done to n50')
    expect(await page.locator('.react-flow__node[data-id="n50"]').count()).toBe(0)
    await page.keyboard.press('Alt+ArrowRight')
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-id'))).toBe('n50')
  })

  it('draws every node light after fit view, and a pan on one canvas until the move ends', async () => {
    const before = await routings()
    await page.getByTestId('fit-view').click()
    await expect.poll(() => page.locator('.rw-node.is-simple').count()).toBe(501)
    // the fit routed nothing itself (before: every edge, to frame their paths); the drawing plans the view's edges
    // a tile at a time, none with all of the strategy's edges
    await expect.poll(async () => (await routings()).length).toBeGreaterThan(before.length + 1)
    const made = (await routings()).slice(before.length)
    expect(Math.max(...made.map(edgesIn))).toBeLessThan(EDGES / 2)
    // the canvas says when the fitted view's edges are all planned (bench/fit-all waits for it): by then every
    // edge was routed in some tile
    await page.waitForFunction(() => performance.getEntriesByName('rw:fit-all-done').length > 0)
    await page.locator('[data-testid="canvas"][data-edges-routed="true"]').waitFor()
    const routed = new Set((await routings()).slice(before.length).flatMap(edgeIdsIn))
    expect(routed.size).toBe(EDGES)
    const pane = await page.locator('.react-flow__pane').boundingBox()
    if (!pane) throw new Error('no canvas pane')
    const x = pane.x + pane.width / 2
    const y = pane.y + pane.height / 2
    await page.mouse.move(x, y)
    await page.mouse.down()
    await page.mouse.move(x + 40, y + 20)
    await page.mouse.move(x + 80, y + 40)
    // on the move: the preview shows the graph, the DOM nodes are out of layout
    await expect(page.getByTestId('canvas').getAttribute('class')).resolves.toContain('is-moving')
    expect(await page.locator('.react-flow__nodes').isVisible()).toBe(false)
    await expect.poll(() => drawnPixels(page)).toBeGreaterThan(1000)
    await page.mouse.up()
    await expect.poll(() => page.getByTestId('canvas').getAttribute('class')).not.toContain('is-moving')
    expect(await page.locator('.rw-motion-preview').isVisible()).toBe(false)
    expect(await page.getByTestId('node-n0').isVisible()).toBe(true)
    // a node on screen can still be picked zoomed out
    const id = await page.getByTestId('canvas').evaluate((canvas) => {
      const area = canvas.getBoundingClientRect()
      for (const node of canvas.querySelectorAll<HTMLElement>('.react-flow__node')) {
        const r = node.getBoundingClientRect()
        const inside = r.left > area.left + 20 && r.right < area.right - 20 && r.top > area.top + 60
        if (inside && r.bottom < area.bottom - 60) return node.dataset.id
      }
      return undefined
    })
    if (!id) throw new Error('no node on screen')
    await page.getByTestId(`node-${id}`).click()
    await expect.poll(() => page.getByTestId('field-id').inputValue()).toBe(id)
  })
})
