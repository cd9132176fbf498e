// Keyboard and accessibility in real Chromium: axe-core finds no serious or critical violation (light and dark),
// the palette is reachable and searchable from the keyboard, Tab leaves the code editor, arrow-key moves are saved,
// Delete on a focused node leaves the focus in the canvas, and the colours follow the system's dark setting.
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { storeText, waitForCodeView } from './code-helpers.ts'
import { designerForThisFile } from './designer-for-this-file.ts'

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

let page: Page

interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: Array<{ target: string[] }>
}

/** Serious and critical axe-core violations on the page as it is now, one line each. */
async function seriousViolations(): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.addScriptTag({ path: AXE })
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as { axe: { run(ctx: unknown, o: unknown): Promise<{ violations: unknown[] }> } }
    ).axe
    const result = await axe.run(document, { resultTypes: ['violations'] })
    return result.violations
  })
  return (violations as AxeViolation[])
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} (${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 5)
          .join(', ')})`,
    )
}

const text = () => storeText(page)

const session = designerForThisFile({
  viewport: { width: 1280, height: 800 },
  file: 'language-menu.strategy.yaml',
  ready: (s) => {
    page = s.page
  },
})

describe('accessibility', () => {
  it('has no serious or critical axe-core violations with a node open in the inspector', async () => {
    await page.getByTestId('node-menu').locator('.rw-node__title').click()
    await page.getByTestId('inspector').locator('[data-node="menu"]').waitFor()
    expect(await seriousViolations()).toEqual([])
  })

  it('has none on the strategy form, the test run tab and in dark mode either', async () => {
    await page.getByTestId('toggle-map').click()
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } })
    await page.getByTestId('declarations-variables').waitFor()
    await page.getByTestId('tab-testrun').click()
    expect(await seriousViolations()).toEqual([])
    await page.emulateMedia({ colorScheme: 'dark' })
    const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)
    expect(background).toBe('rgb(20, 24, 31)')
    await session.screenshot('dark-mode')
    expect(await seriousViolations()).toEqual([])
    await page.emulateMedia({ colorScheme: 'light' })
    await page.getByTestId('tab-problems').click()
  })
})

describe('keyboard', () => {
  it('reaches the palette, searches it and adds a node with Enter', async () => {
    await page.getByTestId('palette-search').focus()
    await page.keyboard.type('wait')
    await expect
      .poll(() => page.locator('[data-testid^="palette-"][draggable]').first().getAttribute('data-testid'))
      .toBe('palette-wait')
    await page.keyboard.press('Enter')
    await expect.poll(() => text()).toMatch(/\n {2}wait:\n {4}type: wait/)
    await page.getByTestId('palette-search').fill('')
    // a kind focused in the palette (its one Tab stop: e2e/keyboard-only.test.ts) adds with Enter too
    await page.getByTestId('palette-end').focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => text()).toMatch(/\n {2}end(_\d+)?:\n {4}type: end/)
  })

  it('moves the selected node with the arrow keys and saves the move in the layout', async () => {
    // both new nodes sit in the middle of the view: select the wait node with Find
    await page.getByTestId('find').click()
    await page.getByTestId('find-input').fill('wait')
    await page.getByTestId('find-input').press('Enter')
    await page.getByTestId('find-input').press('Escape')
    await expect
      .poll(() => page.locator('[data-testid="inspector"] [data-node]').getAttribute('data-node'))
      .toBe('wait')
    const before = /\n {2}wait: \[(-?\d+), (-?\d+)\]/.exec(await text())
    if (!before) throw new Error(`no layout line for wait in:\n${await text()}`)
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('Shift+ArrowDown')
    const x = Number(before[1]) + 20
    const y = Number(before[2]) + 50
    await expect.poll(() => text()).toContain(`  wait: [${x}, ${y}]`)
    await page.getByTestId('save-button').click()
    await expect.poll(() => page.getByTestId('save-status').getAttribute('data-state')).toMatch(/^saved/)
  })

  it('keeps the focus in the canvas when Delete removes the focused node, and Ctrl+Z brings the node back', async () => {
    const node = page.locator('.react-flow__node[data-id="wait"]')
    await node.focus()
    await page.keyboard.press('Enter')
    await expect
      .poll(() => page.locator('[data-testid="inspector"] [data-node]').getAttribute('data-node'))
      .toBe('wait')
    await page.keyboard.press('Delete')
    await expect.poll(() => text()).not.toMatch(/\n {2}wait:\n/)
    // before, the focus fell to the page's body and Tab started again at the header
    const focusIn = () =>
      page.evaluate(() => document.activeElement?.closest('[data-testid="canvas"]') !== null)
    await expect.poll(focusIn).toBe(true)
    await page.keyboard.press('Tab')
    await expect.poll(focusIn).toBe(true)
    await page.keyboard.press('Control+z')
    await expect.poll(() => text()).toMatch(/\n {2}wait:\n {4}type: wait/)
  })

  it('leaves the code editor with Tab instead of typing a tab', async () => {
    await waitForCodeView(page)
    const editor = page.getByTestId('code-view-editor').locator('.monaco-editor textarea')
    await editor.focus()
    const textBefore = await text()
    await page.keyboard.press('Tab')
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.closest('.monaco-editor') === null))
      .toBe(true)
    expect(await text()).toBe(textBefore)
    expect(session.pageErrors).toEqual([])
  })
})
