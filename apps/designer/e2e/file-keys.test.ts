// The file list from the keyboard: one Tab stop, arrows/Home/End move, Enter opens, F2 renames, Delete asks first,
// Shift+F10 opens the file's action menu; ARIA listbox/option roles say so to a screen reader.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { designerForThisFile } from './designer-for-this-file.ts'

let page: Page

/** data-path of the focused file row, or the focused element's test id when it is not a row. */
function focused(): Promise<string | undefined> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null
    return el?.dataset.path ?? `not a row: ${el?.dataset.testid ?? el?.tagName}`
  })
}

function rowPaths(): Promise<string[]> {
  return page.evaluate(() =>
    [
      ...document.querySelectorAll<HTMLElement>('[data-testid="file-list"] [role="option"]:not(:disabled)'),
    ].map((row) => row.dataset.path ?? ''),
  )
}

function storeText(): Promise<string | undefined> {
  return page.evaluate(
    () => (globalThis as { __rwStore?: { getState(): { text: string } } }).__rwStore?.getState().text,
  )
}

function openFile(): Promise<string | undefined> {
  return page.evaluate(
    () => (globalThis as { __rwStore?: { getState(): { file?: string } } }).__rwStore?.getState().file,
  )
}

const session = designerForThisFile({
  viewport: { width: 1280, height: 800 },
  file: 'vip-routing.strategy.yaml',
  ready: (s) => {
    page = s.page
  },
})

describe('file list keyboard', () => {
  it('is one listbox and one Tab stop, on the open file', async () => {
    expect(await page.getByRole('listbox', { name: 'Workspace files' }).count()).toBe(1)
    const selected = page.getByTestId('file-list').getByRole('option', { selected: true })
    expect(await selected.getAttribute('data-path')).toBe('vip-routing.strategy.yaml')
    await page.getByTestId('workspace-new').focus()
    await page.keyboard.press('Tab')
    expect(await focused()).toBe('vip-routing.strategy.yaml')
    await page.keyboard.press('Tab')
    // the next Tab leaves the list: no other row and no row's action buttons on the way
    const after = await page.evaluate(() => {
      const el = document.activeElement
      return el?.closest('[data-testid="file-list"]') === null
    })
    expect(after).toBe(true)
  })

  it('moves with the arrow keys, Home and End, and opens with Enter', async () => {
    const paths = await rowPaths()
    expect(paths.length).toBeGreaterThan(3)
    const start = paths.indexOf('vip-routing.strategy.yaml')
    await page.getByTestId('file-vip-routing.strategy.yaml').focus()
    await page.keyboard.press('ArrowUp')
    expect(await focused()).toBe(paths[start - 1])
    await page.keyboard.press('Home')
    expect(await focused()).toBe(paths[0])
    await page.keyboard.press('End')
    expect(await focused()).toBe(paths.at(-1))
    await page.keyboard.press('Home')
    await page.keyboard.press('ArrowDown')
    expect(await focused()).toBe(paths[1])
    await page.keyboard.press('Enter')
    await expect.poll(openFile).toBe(paths[1])
    // the list's Tab stop follows the focused row
    const stops = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('[data-testid="file-list"] [tabindex="0"]')].map(
        (e) => e.dataset.path,
      ),
    )
    expect(stops).toEqual([paths[1]])
  })

  it('F2 asks for a new name and Delete asks to confirm; Escape gives focus back to the row', async () => {
    // a node selected on the canvas: the list's Delete and arrows must not reach the canvas's shortcuts
    await page.locator('.react-flow__node').first().click()
    await expect
      .poll(() =>
        page.evaluate(
          () =>
            (globalThis as { __rwStore?: { getState(): { selection: string[] } } }).__rwStore?.getState()
              .selection.length,
        ),
      )
      .toBe(1)
    const text = await storeText()
    const row = page.getByTestId('file-vip-routing.strategy.yaml')
    await row.focus()
    await page.keyboard.press('F2')
    await page.getByTestId('prompt-dialog').waitFor()
    expect(await page.getByTestId('prompt-dialog').textContent()).toContain('Rename')
    await page.keyboard.press('Escape')
    await expect.poll(() => page.getByTestId('prompt-dialog').count()).toBe(0)
    expect(await focused()).toBe('vip-routing.strategy.yaml')
    await page.keyboard.press('Delete')
    await page.getByTestId('confirm-dialog').waitFor()
    expect(await page.getByTestId('confirm-dialog').textContent()).toContain('Delete')
    await page.keyboard.press('Escape')
    await expect.poll(() => page.getByTestId('confirm-dialog').count()).toBe(0)
    expect(await focused()).toBe('vip-routing.strategy.yaml')
    await page.keyboard.press('ArrowDown')
    expect(await storeText()).toBe(text)
  })

  it('keeps Tab inside a dialog, and Escape still closes it after a click on its backdrop or its text', async () => {
    const inDialog = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement
        return el.closest('[role="dialog"]') ? 'in the dialog' : `out: ${el.dataset.testid ?? el.tagName}`
      })
    await page.getByTestId('file-vip-routing.strategy.yaml').focus()
    await page.keyboard.press('Delete')
    const dialog = page.getByTestId('confirm-dialog')
    await dialog.waitFor()
    // before, the third Tab reached the palette behind the modal, where Enter added a node to the strategy
    for (const key of ['Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
      await page.keyboard.press(key)
      expect(await inDialog()).toBe('in the dialog')
    }
    // a click on the backdrop, then one on the message: before, each dropped the focus to the page and Escape did nothing
    await page.mouse.click(5, 400)
    expect(await inDialog()).toBe('in the dialog')
    await dialog.locator('p').click()
    expect(await inDialog()).toBe('in the dialog')
    await page.keyboard.press('Escape')
    await expect.poll(() => dialog.count()).toBe(0)
    expect(await focused()).toBe('vip-routing.strategy.yaml')
  })

  it('Shift+F10 opens the action menu; arrows pick Duplicate and Enter asks for the copy name', async () => {
    await page.getByTestId('file-vip-routing.strategy.yaml').focus()
    await page.keyboard.press('Shift+F10')
    const menu = page.getByTestId('file-menu-vip-routing.strategy.yaml')
    await menu.waitFor()
    expect(await menu.getAttribute('role')).toBe('menu')
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.testid)).toBe(
      'file-menu-open',
    )
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.testid)).toBe(
      'file-menu-duplicate',
    )
    await page.keyboard.press('Enter')
    await page.getByTestId('prompt-dialog').waitFor()
    expect(await page.getByTestId('prompt-input').inputValue()).toBe('vip-routing-copy')
    await page.keyboard.press('Escape')
    await page.keyboard.press('Shift+F10')
    await menu.waitFor()
    await page.keyboard.press('Escape')
    await expect.poll(() => menu.count()).toBe(0)
    expect(await focused()).toBe('vip-routing.strategy.yaml')
    expect(session.pageErrors).toEqual([])
  })
})
