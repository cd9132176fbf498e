// Expanding a subroutine call in place (issue 10, section 5) in real Chromium: the called strategy's nodes drawn
// read-only inside the call's frame, the nodes beside it pushed aside without the file changing, a drag saved where
// the node is without the frame, undo keeping the view, and collapsing back to one node.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { designerForThisFile } from './designer-for-this-file.ts'
import { viewportSettled, viewportZoom } from './viewport.ts'

let page: Page

interface Store {
  __rwStore: { getState(): { text: string; dirty: boolean; selection: string[] }; undo(): void }
}

const state = () =>
  page.evaluate(() => {
    const s = (globalThis as unknown as Store).__rwStore.getState()
    return { text: s.text, dirty: s.dirty, selection: s.selection }
  })

/** Flow coordinates of every drawn node, from React Flow's transform on each node element. */
const positions = () =>
  page.evaluate(() => {
    const out: Record<string, [number, number]> = {}
    for (const el of document.querySelectorAll<HTMLElement>('.react-flow__node')) {
      const m = /translate\(([-\d.]+)px, ?([-\d.]+)px\)/.exec(el.style.transform)
      if (m) out[el.dataset.id!] = [Number(m[1]), Number(m[2])]
    }
    return out
  })

/** The `layout:` section of the text, as written by the designer (`  id: [x, y]`). */
function storedLayout(text: string): Record<string, [number, number]> {
  const section = text.split(/^layout:\n/m)[1] ?? ''
  const out: Record<string, [number, number]> = {}
  for (const m of section.matchAll(/^ {2}([\w-]+): \[(-?[\d.]+), (-?[\d.]+)\]$/gm))
    out[m[1]!] = [Number(m[2]), Number(m[3])]
  return out
}

const IDENTIFY_NODES = ['lookup', 'known', 'found', 'unknown']
/** Where the nodes are drawn before the call is expanded (the auto layout: the file stores no positions). */
let before: Record<string, [number, number]> = {}

const session = designerForThisFile({
  viewport: { width: 1280, height: 800 },
  file: 'vip-routing.strategy.yaml',
  async ready(s) {
    page = s.page
    // bring the call into view at a readable zoom (a zoomed-out node draws no buttons), then deselect it
    await page.getByTestId('find').click()
    await page.getByTestId('find-input').fill('identify')
    await page.getByTestId('find-input').press('Enter')
    await page.getByTestId('find-input').press('Escape')
  },
})

describe('expanding a subroutine call', () => {
  it('draws the called strategy inside the call, read-only, and pushes the neighbours aside', async () => {
    before = await positions()
    const expand = page.getByTestId('expand-call-identify')
    await expand.waitFor({ timeout: 10_000 }) // the button comes once the workspace's strategies are loaded
    await expand.click()

    const frame = page.getByTestId('node-identify')
    await expect.poll(() => frame.getAttribute('data-expanded')).toBe('true')
    // the whole strategy in view, frame and neighbours together
    await page.getByTestId('fit-view').click()
    await viewportSettled(page)
    expect(await frame.textContent()).toContain('identify-caller')
    const frameBox = (await frame.boundingBox())!
    for (const id of IDENTIFY_NODES) {
      const child = page.locator(`.react-flow__node[data-id="call:identify/${id}"]`)
      await child.waitFor()
      const box = (await child.boundingBox())!
      expect(box.x).toBeGreaterThanOrEqual(frameBox.x)
      expect(box.y).toBeGreaterThanOrEqual(frameBox.y)
      expect(box.x + box.width).toBeLessThanOrEqual(frameBox.x + frameBox.width + 1)
      expect(box.y + box.height).toBeLessThanOrEqual(frameBox.y + frameBox.height + 1)
      // read-only: React Flow marks nodes that can be selected or dragged with these classes
      expect(await child.getAttribute('class')).not.toMatch(/\b(selectable|draggable)\b/)
    }
    // the called strategy's edges are drawn between its nodes
    expect(await page.locator('.react-flow__edge.rw-call-edge').count()).toBeGreaterThan(2)

    const after = await positions()
    const moved = Object.keys(before).filter(
      (id) =>
        id !== 'identify' && after[id] && after[id]![0] + after[id]![1] !== before[id]![0] + before[id]![1],
    )
    expect(moved.length).toBeGreaterThan(0)
    // nothing is drawn over the frame
    for (const el of await page.locator('.react-flow__node:not([data-id^="call:"])').all()) {
      const id = await el.getAttribute('data-id')
      if (id === 'identify') continue
      const b = (await el.boundingBox())!
      const overlaps =
        b.x < frameBox.x + frameBox.width &&
        b.x + b.width > frameBox.x &&
        b.y < frameBox.y + frameBox.height &&
        b.y + b.height > frameBox.y
      expect(overlaps, `${id} overlaps the expanded call`).toBe(false)
    }
    // a view setting: the file is unchanged
    expect((await state()).dirty).toBe(false)

    // the called strategy's nodes take no pointer events: a click on one selects the call, nothing inside it
    const known = (await page.locator('.react-flow__node[data-id="call:identify/known"]').boundingBox())!
    await page.mouse.click(known.x + known.width / 2, known.y + known.height / 2)
    await expect.poll(async () => (await state()).selection).toEqual(['identify'])
    await session.screenshot('canvas-subroutine-expanded')
  })

  it('saves a drag where the nodes are without the frame, and undo keeps the call expanded', async () => {
    const expanded = await positions()
    const { text: original } = await state()
    const target = Object.keys(expanded).find(
      (id) => !id.startsWith('call:') && id !== 'identify' && expanded[id]![0] > expanded.identify![0],
    )
    expect(target, 'a node right of the expanded call').toBeDefined()
    const plain = before
    const node = page.locator(`.react-flow__node[data-id="${target}"] .rw-node__title`)
    const box = (await node.boundingBox())!
    const scale = await viewportZoom(page)
    await page.mouse.move(box.x + 10, box.y + box.height / 2)
    await page.mouse.down()
    await page.mouse.move(box.x + 40, box.y + box.height / 2 + 20, { steps: 5 })
    await page.mouse.move(box.x + 70, box.y + box.height / 2 + 40, { steps: 5 })
    await page.mouse.up()
    await expect.poll(async () => (await state()).text).not.toBe(original)

    const stored = storedLayout((await state()).text)
    for (const [id, [x, y]] of Object.entries(plain)) {
      if (id.startsWith('call:') || id === target) continue
      expect(stored[id], id).toEqual([Math.round(x), Math.round(y)])
    }
    const [tx, ty] = stored[target!]!
    // moved by the drag (less the few pixels before a drag starts), not by the frame's push
    expect(Math.abs(tx - (plain[target!]![0] + 60 / scale))).toBeLessThan(12 / scale)
    expect(Math.abs(ty - (plain[target!]![1] + 40 / scale))).toBeLessThan(12 / scale)

    await page.getByTestId('undo').click()
    await expect.poll(async () => (await state()).text).toBe(original)
    expect(await page.getByTestId('node-identify').getAttribute('data-expanded')).toBe('true')
    await page.getByTestId('redo').click()
    await expect.poll(async () => (await state()).text).not.toBe(original)
    expect(await page.getByTestId('node-identify').getAttribute('data-expanded')).toBe('true')
  })

  it('collapses back into one node', async () => {
    await page.getByTestId('collapse-call-identify').click()
    await expect.poll(() => page.locator('.react-flow__node[data-id^="call:"]').count()).toBe(0)
    expect(await page.locator('.react-flow__edge.rw-call-edge').count()).toBe(0)
    expect(await page.getByTestId('node-identify').getAttribute('data-expanded')).toBeNull()
    expect(session.pageErrors).toEqual([])
  })
})
