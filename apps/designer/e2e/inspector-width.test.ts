// The inspector at a 1,024 px laptop: dragging its splitter (or the arrow keys on it) widens it and the CEL field
// with it, the width survives a reload, and however far it is dragged the canvas keeps room to work in.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { designerForThisFile } from './designer-for-this-file.ts'
import { FITTED_CANVAS } from './harness.ts'
import { paneSettled } from './viewport.ts'

let page: Page

async function width(testId: string): Promise<number> {
  const box = await page.locator(`[data-testid="${testId}"]`).first().boundingBox()
  if (!box) throw new Error(`${testId} is not visible`)
  return Math.round(box.width)
}

const CEL_FIELD = 'field-cases-0-when'

async function selectByTier() {
  await page.locator(FITTED_CANVAS).waitFor({ timeout: 20_000 })
  // a click while the view still moves (the restored inspector width re-fits the canvas) can land on the pane
  await paneSettled(page, 20_000)
  // its top-left corner: after the reload the wider inspector covers the node's right half (and its centre, where a
  // plain click lands) at this window's width, the left half still on the canvas
  await page.getByTestId('node-by_tier').click({ position: { x: 12, y: 12 } })
  // Monaco loads its editor code on first use: on a loaded 2-core host that alone took over 20 s once
  await page.locator(`[data-testid="${CEL_FIELD}"][data-monaco="true"]`).waitFor({ timeout: 60_000 })
}

async function drag(testId: string, dx: number) {
  const box = await page.getByTestId(testId).boundingBox()
  if (!box) throw new Error(`no ${testId}`)
  await page.mouse.move(box.x + box.width / 2, box.y + 200)
  await page.mouse.down()
  await page.mouse.move(box.x + box.width / 2 + dx, box.y + 200, { steps: 4 })
  await page.mouse.up()
}

const session = designerForThisFile({
  viewport: { width: 1024, height: 768 },
  blank: true,
  async ready(s) {
    page = s.page
    await page.goto(`${s.url}?file=vip-routing.strategy.yaml`)
    await selectByTier()
  },
})

describe('inspector width', () => {
  it('widens by dragging its splitter, and the CEL field widens with it', async () => {
    const panel = await width('panel-right')
    const field = await width(CEL_FIELD)
    await drag('splitter-right', -160)
    await expect.poll(() => width('panel-right')).toBeGreaterThan(panel + 140)
    await expect.poll(() => width(CEL_FIELD)).toBeGreaterThan(field + 120)
  })

  it('widens from the keyboard (ArrowLeft on the splitter)', async () => {
    const splitter = page.getByTestId('splitter-right')
    const before = Number(await splitter.getAttribute('aria-valuenow'))
    await splitter.focus()
    await page.keyboard.press('ArrowLeft')
    await expect.poll(async () => Number(await splitter.getAttribute('aria-valuenow'))).toBe(before + 16)
    // the key was the splitter's: the selected node (by_tier) stayed put, so the file has no unsaved change (it moved
    // 10 px once, and the reload below then restored that as a draft)
    expect(await page.getByTestId('save-status').textContent()).not.toMatch(/Unsaved/)
  })

  it('keeps the width after a reload', async () => {
    const resized = await width('panel-right')
    await page.reload()
    await selectByTier()
    expect(await width('panel-right')).toBe(resized)
  })

  it('leaves the canvas room however far it is dragged', async () => {
    await drag('splitter-right', -600)
    await expect
      .poll(async () => Number(await page.getByTestId('splitter-right').getAttribute('aria-valuenow')))
      .toBe(720)
    expect(await width('canvas')).toBeGreaterThanOrEqual(340)
    expect(session.pageErrors).toEqual([])
  })
})
