// The canvas as a new user meets it: build a strategy from an empty file with the palette, connect nodes, fill
// the inspector, watch a diagnostic come and go, undo and redo, copy and paste, in real Chromium.
import type { Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { storeText, waitForStoreText } from './code-helpers.ts'
import { designerForThisFile } from './designer-for-this-file.ts'
import { FITTED_CANVAS } from './harness.ts'
import { viewportSettled } from './viewport.ts'

let page: Page
const FILE = 'scratch.strategy.yaml'

const text = () => storeText(page)

const waitForText = (predicate: (t: string) => boolean, what: string) =>
  waitForStoreText(page, predicate, what)

async function dropFromPalette(type: string, x: number, y: number) {
  await page.getByTestId(`palette-${type}`).dragTo(page.getByTestId('canvas'), { targetPosition: { x, y } })
}

async function center(locator: Locator) {
  const box = await locator.boundingBox()
  if (!box) throw new Error('element is not visible')
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 }
}

/** Drags a connection from an output handle to a point, as a user does with the mouse. */
async function dragConnection(from: Locator, to: { x: number; y: number }) {
  const start = await center(from)
  await page.mouse.move(start.x, start.y)
  await page.mouse.down()
  await page.mouse.move((start.x + to.x) / 2, (start.y + to.y) / 2, { steps: 5 })
  await page.mouse.move(to.x, to.y, { steps: 5 })
  await page.mouse.up()
}

async function clickEmptyCanvas() {
  const pane = await page.locator('.react-flow__pane').boundingBox()
  if (!pane) throw new Error('no canvas pane')
  await page.mouse.click(pane.x + 40, pane.y + pane.height - 40)
}

const session = designerForThisFile({
  files: { [FILE]: '' },
  blank: true,
  async ready(s) {
    page = s.page
    await page.goto(`${s.url}?file=${FILE}`)
    await page.getByTestId('canvas-empty').waitFor({ timeout: 20_000 })
    // the file list loads beside the palette and pushes it down: a drag begun before that pressed on the node
    // below the one it found (a CI run dropped "Attach data" for "Target")
    await page.getByTestId(`file-${FILE}`).waitFor({ timeout: 20_000 })
    await page.getByTestId('view-canvas').click()
  },
})

describe('canvas', () => {
  it('builds a strategy from an empty file by dragging nodes from the palette', async () => {
    await dropFromPalette('target', 260, 220)
    await page.getByTestId('node-target').waitFor()
    // right of the target as the view fitted it (centred in the canvas, whose width follows the window), clear of
    // its output handles
    const target = await page.getByTestId('node-target').boundingBox()
    const canvas = await page.getByTestId('canvas').boundingBox()
    await dropFromPalette('end', target!.x + target!.width + 150 - canvas!.x, 260)
    await page.getByTestId('node-end').waitFor()
    await expect.poll(() => page.getByTestId('node-target').getByTestId('start-marker').count()).toBe(1)
    await waitForText((t) => /start: target/.test(t) && /\n {2}end:\n/.test(t), 'both nodes in the text')
    await session.screenshot('canvas-two-nodes')
  })

  it('connects an output to another node and writes the edge into the document', async () => {
    const handle = page.getByTestId('handle-target-next.timeout')
    const endNode = await center(page.getByTestId('node-end'))
    await dragConnection(handle, endNode)
    await waitForText((t) => /timeout: end/.test(t), 'the timeout output pointing at end')
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(1)
  })

  it('refuses to connect a node to itself, with a hint', async () => {
    const before = await text()
    await dragConnection(
      page.getByTestId('handle-target-next.error'),
      await center(page.getByTestId('node-target')),
    )
    await expect.poll(() => page.getByTestId('toast').textContent()).toContain('cannot connect to itself')
    expect(await text()).toBe(before)
  })

  it('fills the inspector and shows a diagnostic on the node until it is fixed', async () => {
    await page.getByTestId('node-target').click()
    await page.getByTestId('inspector').getByText('Target', { exact: true }).waitFor()
    const name = page.getByTestId('field-targets-0-name')
    await name.fill('nosuchgroup')
    await waitForText((t) => t.includes('group: nosuchgroup'), 'the group name in the text')
    const problem = page.getByTestId('problem').filter({ hasText: 'nosuchgroup' })
    await expect.poll(() => problem.count()).toBeGreaterThan(0)
    await expect.poll(() => page.getByTestId('node-badge-target').count()).toBe(1)
    expect(await page.getByTestId('node-badge-target').getAttribute('title')).toContain('nosuchgroup')
    await session.screenshot('canvas-diagnostic')

    await name.fill('vip_team')
    await waitForText((t) => t.includes('group: vip_team'), 'the fixed group in the text')
    await expect.poll(() => problem.count()).toBe(0)

    await page.getByTestId('field-wait').fill('45s')
    await waitForText((t) => /wait: 45s/.test(t), 'the wait duration in the text')
    await page.getByTestId('field-title').fill('VIP desk')
    await expect.poll(() => page.getByTestId('node-target').textContent()).toContain('VIP desk')
    await session.screenshot('canvas-inspector')
  })

  it('undoes and redoes edits with the keyboard', async () => {
    await clickEmptyCanvas()
    const before = await text()
    expect(before).toContain('title: VIP desk')
    await page.keyboard.press('Control+z')
    await waitForText((t) => !t.includes('title: VIP desk'), 'the title undone')
    await page.keyboard.press('Control+z')
    await waitForText((t) => !/wait: 45s/.test(t), 'the wait undone')
    await page.keyboard.press('Control+Shift+z')
    await page.keyboard.press('Control+y')
    await waitForText((t) => t === before, 'both edits redone')
  })

  it('re-renders only the node an edit touched', async () => {
    await page.getByTestId('node-end').click()
    await page.getByTestId('field-reason').waitFor()
    await page.evaluate(() => {
      ;(globalThis as { __rwNodeRenders?: Record<string, number> }).__rwNodeRenders = {}
    })
    await page.getByTestId('field-reason').fill('no agent')
    await waitForText((t) => t.includes('reason: no agent'), 'the reason in the text')
    const renders = await page.evaluate(
      () => (globalThis as { __rwNodeRenders?: Record<string, number> }).__rwNodeRenders ?? {},
    )
    expect(renders.end ?? 0).toBeGreaterThan(0)
    expect(renders.target ?? 0).toBe(0)
  })

  it('edits a CEL condition in a Monaco field with completion and live type errors', async () => {
    await dropFromPalette('switch', 420, 470)
    await page.getByTestId('node-switch').waitFor()
    await page.getByTestId('node-switch').click()
    const field = page.locator('[data-testid="field-cases-0-when"][data-monaco="true"]')
    await field.waitFor({ timeout: 60_000 })
    await field.click()
    await page.keyboard.press('Control+a')
    await page.keyboard.type('wai')
    await page.keyboard.press('Control+Space')
    const suggestion = page.locator('.suggest-widget .monaco-list-row').filter({ hasText: 'waited' })
    await expect.poll(() => suggestion.count(), { timeout: 10_000 }).toBeGreaterThan(0)
    await page.keyboard.press('Escape')
    await page.keyboard.press('Control+a')
    await page.keyboard.type('waited > "long"')
    await expect.poll(() => page.getByTestId('field-error-cases-0-when').count(), { timeout: 10_000 }).toBe(1)
    await expect
      .poll(() => page.locator('.rw-cel-editor .squiggly-error').count(), { timeout: 10_000 })
      .toBeGreaterThan(0)
    await session.screenshot('canvas-cel-error')
    await page.keyboard.press('Control+a')
    await page.keyboard.type('waited > 30')
    await waitForText((t) => t.includes('waited > 30'), 'the condition in the text')
    await expect.poll(() => page.getByTestId('field-error-cases-0-when').count()).toBe(0)
  })

  it('copies, pastes and deletes nodes', async () => {
    await page.getByTestId('node-end').click()
    await clickEmptyCanvas()
    await page.getByTestId('node-end').click()
    await page.keyboard.press('Control+c')
    await page.keyboard.press('Control+v')
    await page.getByTestId('node-end_2').waitFor()
    await waitForText((t) => /\n {2}end_2:\n/.test(t), 'the pasted node in the text')
    await page.keyboard.press('Delete')
    await expect.poll(() => page.getByTestId('node-end_2').count()).toBe(0)
    await waitForText((t) => !t.includes('end_2'), 'the pasted node deleted')
    await page.keyboard.press('Control+a')
    await session.screenshot('canvas-select-all')
    expect(session.pageErrors.filter((e) => !e.includes('Missing requestHandler'))).toEqual([])
  })

  it('selects the node of a clicked problem', async () => {
    await clickEmptyCanvas()
    await page.getByTestId('problem').filter({ hasText: 'nodes.target' }).first().click()
    await expect.poll(() => page.getByTestId('field-id').inputValue()).toBe('target')
    await expect.poll(() => page.locator('[data-testid="node-target"].is-selected').count()).toBe(1)
  })

  it('shows an example strategy with its code side by side', async () => {
    await page.goto(`${session.url}?file=main-inbound.strategy.yaml`)
    await page.getByTestId('view-split').click()
    await page.locator('.react-flow__node').first().waitFor()
    await page.locator('.monaco-editor').first().waitFor({ timeout: 60_000 })
    await page.locator(FITTED_CANVAS).waitFor({ timeout: 30_000 })
    await viewportSettled(page)
    await expect.poll(() => page.locator('[data-testid="start-marker"]').count()).toBe(1)
    await session.screenshot('canvas-example-split')
  })
})
