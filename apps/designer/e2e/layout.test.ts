// The shell at a laptop's 1,280 px: the canvas gets most of the screen, panels resize and collapse, the layout survives
// a reload, and the bottom panel's tabs switch from the keyboard.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { openFromList } from './code-helpers.ts'
import { designerForThisFile } from './designer-for-this-file.ts'
import { FITTED_CANVAS } from './harness.ts'
import { nodesOutsidePane, viewportSettled, viewportZoom } from './viewport.ts'

let page: Page

async function width(testId: string): Promise<number> {
  const box = await page.getByTestId(testId).boundingBox()
  if (!box) throw new Error(`${testId} is not visible`)
  return box.width
}

const session = designerForThisFile({
  viewport: { width: 1280, height: 800 },
  file: 'vip-routing.strategy.yaml',
  ready: (s) => {
    page = s.page
  },
})

describe('shell layout', () => {
  // the inspector opens wide enough for a CEL condition on one line (inspector-default-width.test.ts): the canvas
  // keeps half the width and a third of the screen
  it('gives the canvas half the width by default', async () => {
    const canvas = await page.getByTestId('canvas').boundingBox()
    if (!canvas) throw new Error('no canvas')
    expect(canvas.width * canvas.height).toBeGreaterThan(0.33 * 1280 * 800)
    expect(canvas.width).toBeGreaterThanOrEqual(1280 / 2)
    await session.screenshot('layout-1280')
  })

  it('collapses and reopens the inspector, and the canvas takes the room', async () => {
    const before = await width('canvas')
    await page.getByTestId('toggle-right').click()
    await expect.poll(() => page.getByTestId('inspector').count()).toBe(0)
    await expect.poll(() => width('canvas')).toBeGreaterThan(before + 200)
    await page.getByTestId('toggle-right').click()
    await page.getByTestId('inspector').waitFor()
    await expect.poll(() => width('canvas')).toBe(before)
  })

  it('resizes the left panel by dragging its splitter and keeps the size after a reload', async () => {
    const box = await page.getByTestId('splitter-left').boundingBox()
    if (!box) throw new Error('no splitter')
    const before = await width('panel-left')
    await page.mouse.move(box.x + box.width / 2, box.y + 200)
    await page.mouse.down()
    await page.mouse.move(box.x + 100, box.y + 200, { steps: 4 })
    await page.mouse.up()
    await expect.poll(() => width('panel-left')).toBeGreaterThan(before + 80)
    const resized = await width('panel-left')
    await page.reload()
    await page.locator(FITTED_CANVAS).waitFor({ timeout: 20_000 })
    expect(await width('panel-left')).toBe(resized)
  })

  it('resizes the bottom panel from the keyboard and switches tabs with the arrow keys', async () => {
    const splitter = page.getByTestId('splitter-bottom')
    const before = Number(await splitter.getAttribute('aria-valuenow'))
    await splitter.focus()
    await page.keyboard.press('ArrowUp')
    await page.keyboard.press('ArrowUp')
    await expect.poll(async () => Number(await splitter.getAttribute('aria-valuenow'))).toBe(before + 32)
    await page.getByTestId('tab-problems').focus()
    await page.keyboard.press('ArrowRight')
    await expect.poll(() => page.getByTestId('tab-testrun').getAttribute('aria-selected')).toBe('true')
    expect(session.pageErrors).toEqual([])
  })

  it.each(['identify-caller', 'site-overflow'])(
    "opens %s picked from the file list with every node in view (not at the last file's view)",
    async (name) => {
      // the file is open before its canvas is waited on: until then the previous file's canvas is the fitted one
      await openFromList(page, `${name}.strategy.yaml`)
      await viewportSettled(page)
      expect(await nodesOutsidePane(page)).toEqual([])
      // fitted at a readable size (READABLE_ZOOM, canvas/initial-viewport.ts), not at the previous file's zoom
      expect(await viewportZoom(page)).toBeGreaterThanOrEqual(0.5)
    },
  )

  it('deleting a node of a file without stored positions leaves the other nodes where they were', async () => {
    await openFromList(page, 'skills-escalation.strategy.yaml')
    await viewportSettled(page)
    const start = page.getByTestId('node-experts')
    const before = await start.boundingBox()
    await page.getByTestId('node-count_attempt').click()
    await page.keyboard.press('Delete')
    await expect.poll(() => page.getByTestId('node-count_attempt').count()).toBe(0)
    // the whole strategy used to be laid out again on every edit: the start node jumped out of view
    expect(await start.boundingBox()).toEqual(before)
    // the unsaved file's row keeps one line: its dot and hidden actions used to wrap "skills-escalation" in two
    const row = async (name: string) =>
      (await page.getByTestId(`file-${name}.strategy.yaml`).boundingBox())?.height
    await expect.poll(() => page.locator('.rw-file .rw-dirty-dot').count()).toBe(1)
    expect(await row('skills-escalation')).toBe(await row('vip-routing'))
    await page.getByTestId('undo').click()
    await page.getByTestId('node-count_attempt').waitFor()
  })

  it('keeps the canvas toolbar inside its pane beside the code view at 1,024 px', async () => {
    await page.setViewportSize({ width: 1024, height: 768 })
    try {
      await page.getByTestId('view-split').click()
      await page.getByTestId('code-view-editor').waitFor({ timeout: 30_000 })
      const toolbar = await page.getByRole('toolbar', { name: 'Canvas' }).boundingBox()
      const code = await page.getByTestId('code-view-editor').boundingBox()
      if (!toolbar || !code) throw new Error('toolbar or code view not visible')
      // it used to run on under the code pane, its Map button over the file name, "Auto layout" on two lines
      expect(toolbar.x + toolbar.width).toBeLessThanOrEqual(code.x)
      const undo = await page.getByTestId('undo').boundingBox()
      expect((await page.getByTestId('auto-layout').boundingBox())?.height).toBe(undo?.height)
    } finally {
      await page.getByTestId('view-canvas').click()
      await page.setViewportSize({ width: 1280, height: 800 })
    }
  })
})
