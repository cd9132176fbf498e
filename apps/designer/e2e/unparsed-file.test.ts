// A strategy that does not parse, opened on the canvas (the default view), leads the user to its text. Before, the
// canvas was empty under "Fix the text to edit here" with no text in sight, the inspector said "Open a strategy from
// the file list." about the file that was open, and clicking the YAML syntax error in Problems did nothing visible.

import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { cursor } from './code-helpers.ts'
import { designerForThisFile } from './designer-for-this-file.ts'

const FILE = 'broken.strategy.yaml'
// line 5: the "[" is never closed
const BROKEN = [
  'strategy: broken',
  'format: 1',
  'start: a',
  'nodes:',
  '  a: { type: route, destination: [voicemail',
  '',
].join('\n')

const session = designerForThisFile({
  viewport: { width: 1024, height: 768 },
  files: { [FILE]: BROKEN },
  blank: true,
})

/** Monaco loaded in the code view, which the page itself opened (code-helpers' waitForCodeView would click Split). */
const codeViewShown = (page: Page) =>
  page.getByTestId('code-view-editor').locator('.monaco-editor .view-lines').waitFor({ timeout: 30_000 })

async function openOnCanvas() {
  const { page } = session
  await page.goto(`${session.url}?file=${FILE}`)
  await page.getByTestId('canvas-stale').waitFor({ timeout: 20_000 })
  expect(await page.getByTestId('view-canvas').getAttribute('aria-selected')).toBe('true')
}

describe('a strategy that does not parse, opened on the canvas', () => {
  it('says why nothing is drawn and opens the text beside the canvas', async () => {
    const { page } = session
    await openOnCanvas()
    expect(await page.getByTestId('canvas-stale').textContent()).toContain('nothing to draw yet')
    expect(await page.getByTestId('inspector-empty').textContent()).toBe(
      'This file does not parse yet: fix the errors Problems lists, then its settings show here.',
    )
    await page.getByTestId('canvas-stale-show-text').click()
    await codeViewShown(page)
    expect(await page.getByTestId('view-split').getAttribute('aria-selected')).toBe('true')
    // the canvas still shows beside the text: the button is not offered again
    expect(await page.getByTestId('canvas-stale-show-text').count()).toBe(0)
    expect(session.pageErrors).toEqual([])
  })

  it('clicking the syntax error in Problems opens the text at its line', async () => {
    const { page } = session
    await openOnCanvas()
    await page.getByTestId('tab-problems').click()
    const problem = page.locator('[data-testid="problem"][data-code="RW001"]')
    await problem.click()
    await codeViewShown(page)
    expect(await page.getByTestId('view-split').getAttribute('aria-selected')).toBe('true')
    await expect.poll(async () => (await cursor(page))?.line).toContain('destination: [voicemail')
    expect(session.pageErrors).toEqual([])
  })
})
