// The code view in real Chromium: YAML edits reach the canvas, broken YAML keeps the canvas and shows a marker,
// canvas edits reach Monaco without moving the caret.
import { describe, expect, it } from 'vitest'
import { cursor, editorText, goToLineEnd, lineOf, onCodeView, retypeLine, storeText } from './code-helpers.ts'
import { designerForThisFile } from './designer-for-this-file.ts'
import { viewportSettled } from './viewport.ts'

const FILE = 'vip-routing.strategy.yaml'

const session = designerForThisFile({ ready: onCodeView(FILE) })

describe('code view', () => {
  it('shows the open document as YAML', async () => {
    const { page } = session
    await expect.poll(() => editorText(page)).toContain('strategy: vip-routing')
    expect(await editorText(page)).toBe(await storeText(page))
    await session.screenshot('code-view-split')
  })

  it('a YAML edit reaches the canvas after a pause', async () => {
    const { page } = session
    const line = lineOf(await editorText(page), 'title: VIP desk')
    await retypeLine(page, line, 'title: Gold desk')
    const title = page.getByTestId('node-vip_desk').locator('.rw-node__title')
    await expect.poll(() => title.textContent()).toBe('Gold desk')
    expect(await storeText(page)).toContain('title: Gold desk')
    await session.screenshot('code-view-edit-follows')
  })

  it('a syntax error keeps the canvas at the last good state and marks the line', async () => {
    const { page } = session
    const good = await editorText(page)
    const line = lineOf(good, 'title: Gold desk')
    await goToLineEnd(page, line)
    await page.keyboard.type(': [broken')
    const status = page.getByTestId('code-view-status')
    await expect.poll(() => status.getAttribute('data-state')).toBe('broken')
    // the canvas keeps the last document that parsed
    expect(await page.getByTestId('node-vip_desk').locator('.rw-node__title').textContent()).toBe('Gold desk')
    await page.getByTestId('code-view-editor').locator('.squiggly-error').first().waitFor({ timeout: 15_000 })
    await session.screenshot('code-view-syntax-error')
    // undo in Monaco (word by word) takes the typing back and the canvas is live again
    for (let i = 0; i < 6 && (await editorText(page)) !== good; i++) await page.keyboard.press('Control+Z')
    expect(await editorText(page)).toBe(good)
    await expect.poll(() => status.getAttribute('data-state')).toBe('ok')
  })

  it('a canvas edit reaches Monaco as a minimal edit that keeps the caret', async () => {
    const { page } = session
    const text = await editorText(page)
    const line = lineOf(text, 'title: VIP routing')
    await goToLineEnd(page, line)
    const before = await cursor(page)
    // the same path the inspector takes: a new document through the store
    await page.evaluate(() => {
      const store = (
        globalThis as {
          __rwStore?: {
            getState(): { document?: { nodes: Record<string, { title?: string }> } }
            applyDocument(doc: unknown): void
          }
        }
      ).__rwStore
      const doc = store?.getState().document
      if (!store || !doc) throw new Error('no document')
      const boost = doc.nodes.boost
      store.applyDocument({ ...doc, nodes: { ...doc.nodes, boost: { ...boost, title: 'Silver boost' } } })
    })
    await expect.poll(() => editorText(page)).toContain('title: Silver boost')
    expect(await editorText(page)).toBe(await storeText(page))
    // the caret stays on the line the user left it on, at the same column
    expect(before?.line).toContain('title: VIP routing')
    expect(await cursor(page)).toEqual(before)
  })

  it('completes keys from the JSON Schema of strategies', async () => {
    const { page } = session
    const before = await editorText(page)
    await goToLineEnd(page, lineOf(before, 'format: 1'))
    await page.keyboard.press('Enter')
    await page.keyboard.type('descr')
    await page.keyboard.press('Control+Space')
    const suggest = page.getByTestId('code-view-editor').locator('.suggest-widget')
    await suggest.getByText('description').first().waitFor({ timeout: 10_000 })
    await page.keyboard.press('Escape')
    // inside a node, the keys of that node's kind (the schema's oneOf picked by `type: target`)
    await goToLineEnd(page, lineOf(await editorText(page), 'pick: longest-idle'))
    await page.keyboard.press('Enter')
    await page.keyboard.type('note')
    await page.keyboard.press('Control+Space')
    await suggest.getByText('notes').first().waitFor({ timeout: 10_000 })
    await session.screenshot('code-view-completion')
    await page.keyboard.press('Escape')
    for (let i = 0; i < 6 && (await editorText(page)) !== before; i++) await page.keyboard.press('Control+Z')
    expect(await editorText(page)).toBe(before)
  })

  it('clicking a problem reveals its line in the code view', async () => {
    const { page } = session
    const before = await editorText(page)
    const line = lineOf(before, 'default: general')
    await retypeLine(page, line, 'default: genral')
    await page.getByTestId('tab-problems').click()
    const problem = page.getByTestId('problem').filter({ hasText: 'genral' }).first()
    await problem.waitFor({ timeout: 15_000 })
    // move the caret away first, so the reveal is what brings it back
    await goToLineEnd(page, 1)
    await problem.click()
    await expect
      .poll(() =>
        page.evaluate(() => {
          const editor = (
            globalThis as { __rwCodeEditor?: { getSelection(): { startLineNumber: number } | null } }
          ).__rwCodeEditor
          return editor?.getSelection()?.startLineNumber
        }),
      )
      .toBe(line)
    await session.screenshot('code-view-reveal-problem')
    // its quick fix writes the node meant where the problem points: the text is the one before the typo
    await page
      .getByRole('region', { name: 'Problems', exact: true })
      .getByTestId('quick-fix')
      .filter({ hasText: 'Change "genral" to "general"' })
      .click()
    await expect.poll(() => editorText(page)).toBe(before)
    await expect.poll(() => page.getByTestId('problem').filter({ hasText: 'genral' }).count()).toBe(0)
  })

  it('offers the name meant as a quick fix in the code view (Ctrl+.), one undo step in Monaco', async () => {
    const { page } = session
    const before = await editorText(page)
    const line = lineOf(before, 'default: general')
    await retypeLine(page, line, 'default: genral')
    await page.getByTestId('tab-problems').click()
    await page.getByTestId('problem').filter({ hasText: 'genral' }).first().waitFor({ timeout: 15_000 })
    // the caret inside the marked name, then the editor's own quick fix menu
    await goToLineEnd(page, line)
    await page.keyboard.press('ArrowLeft')
    await page.keyboard.press('Control+.')
    await page
      .locator('.action-widget')
      .getByText('Change "genral" to "general"')
      .waitFor({ timeout: 10_000 })
    await page.keyboard.press('Enter')
    await expect.poll(() => editorText(page)).toBe(before)
    await expect.poll(() => page.getByTestId('problem').filter({ hasText: 'genral' }).count()).toBe(0)
    await page.keyboard.press('Control+Z')
    await expect.poll(() => editorText(page)).toBe(before.replace('default: general', 'default: genral'))
    for (let i = 0; i < 6 && (await editorText(page)) !== before; i++) await page.keyboard.press('Control+Z')
    expect(await editorText(page)).toBe(before)
  })

  it('a node clicked on the canvas stays selected through the code view and back, the canvas intact', async () => {
    const { page } = session
    await page.getByTestId('view-canvas').click()
    // the problem clicked before zoomed to by_tier: show every node, as a user looking for one would
    await page.getByTestId('fit-view').click()
    await viewportSettled(page)
    await page.getByTestId('node-vip_desk').click()
    await expect.poll(() => page.getByTestId('field-id').inputValue()).toBe('vip_desk')
    await page.getByTestId('view-code').click()
    await page.getByTestId('code-view-editor').waitFor()
    await page.getByTestId('view-canvas').click()
    // the canvas's selection used to echo back and forth with the store until React stopped: a blank page
    await page.getByTestId('node-vip_desk').waitFor()
    await expect.poll(() => page.getByTestId('field-id').inputValue()).toBe('vip_desk')
    expect(session.pageErrors).toEqual([])
  })
})
