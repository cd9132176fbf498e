// Unsaved work as a user can lose it: a reload right after a keystroke in the code view, and two tabs editing one
// file, each reloaded or saved while the other still has unsaved changes. Drafts must bring each tab its own work.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { storeText, waitForCodeView } from './code-helpers.ts'
import { designerForThisFile } from './designer-for-this-file.ts'

const onDisk = (file: string) => readFile(join(session.workspace, file), 'utf8')

function fileOpen(page: Page, file: string) {
  return page.waitForFunction((p) => {
    const store = (globalThis as { __rwStore?: { getState(): { file?: string } } }).__rwStore
    return store?.getState().file === p
  }, file)
}

/** A new tab (its own drafts) with `file` open. */
async function newTab(file: string): Promise<Page> {
  const page = await session.context.newPage()
  await page.goto(`${session.url}?file=${file}`)
  await fileOpen(page, file)
  return page
}

/** Reloads the page, answering the unsaved-changes prompt with Leave; whether it was asked. */
async function reloadLeaving(page: Page, file: string, reload: () => Promise<unknown>): Promise<boolean> {
  let asked = false
  const onDialog = (dialog: { type(): string; accept(): Promise<void> }) => {
    asked ||= dialog.type() === 'beforeunload'
    void dialog.accept()
  }
  page.on('dialog', onDialog)
  await reload()
  await fileOpen(page, file)
  page.off('dialog', onDialog)
  return asked
}

async function boxOf(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = await locator.boundingBox()
  if (!box) throw new Error('not shown')
  return box
}

const session = designerForThisFile({ blank: true })

describe('unsaved work', () => {
  it('a reload at once after typing in the code view asks first and keeps the typing', async () => {
    const file = 'language-menu.strategy.yaml'
    const page = await newTab(file)
    await waitForCodeView(page)
    await page.getByTestId('code-view-editor').locator('.view-lines').click()
    // the keystroke and the reload in one task: the code view's pause before it tells the store cannot pass first
    const asked = await reloadLeaving(page, file, () =>
      Promise.all([
        page.waitForEvent('load'),
        page.evaluate(() => {
          const editor = (
            globalThis as {
              __rwCodeEditor?: { setPosition(p: object): void; trigger(...a: unknown[]): void }
            }
          ).__rwCodeEditor
          editor?.setPosition({ lineNumber: 1, column: 1 })
          editor?.trigger('keyboard', 'type', { text: '# typed just before the reload\n' })
          location.reload()
        }),
      ]),
    )
    expect(asked).toBe(true)
    await expect.poll(() => storeText(page)).toContain('# typed just before the reload')
    expect(await page.getByTestId('workspace-notice').textContent()).toContain('Restored unsaved changes')
    expect(await onDisk(file)).not.toContain('# typed just before the reload')
    // the notice hangs under the header, in dark text: wrapped into the header it pushed Save off its top, and its
    // light header-coloured words were cut at the header's bottom edge
    const header = await boxOf(page.locator('.rw-header'))
    const save = await boxOf(page.getByTestId('save-button'))
    expect(save.y).toBeGreaterThanOrEqual(header.y)
    expect(save.y + save.height).toBeLessThanOrEqual(header.y + header.height)
    expect((await boxOf(page.getByTestId('workspace-notice'))).y).toBeGreaterThanOrEqual(
      header.y + header.height,
    )
    expect(await page.getByTestId('workspace-notice').evaluate((e) => getComputedStyle(e).color)).toBe(
      'rgb(28, 35, 48)',
    )
  })

  it('two tabs on one file each get their own unsaved changes back, and a save in one keeps the other', async () => {
    const file = 'vip-routing.strategy.yaml'
    const a = await newTab(file)
    const b = await newTab(file)
    await a.getByTestId('field-strategy-title').fill('Title typed in tab A')
    await expect.poll(() => storeText(a)).toContain('title: Title typed in tab A')
    await b.getByTestId('field-strategy-description').fill('Description typed in tab B')
    await expect.poll(() => storeText(b)).toContain('description: Description typed in tab B')

    expect(await reloadLeaving(a, file, () => a.reload())).toBe(true)
    await expect.poll(() => storeText(a)).toContain('title: Title typed in tab A')
    expect(await storeText(a)).not.toContain('Description typed in tab B')

    // B saves its own work; A, reloaded again, still has its own, now over a file that moved on
    await b.keyboard.press('Control+s')
    await expect.poll(() => onDisk(file)).toContain('description: Description typed in tab B')
    await a.getByTestId('conflict-dialog').waitFor({ timeout: 10_000 })
    expect(await reloadLeaving(a, file, () => a.reload())).toBe(true)
    await expect.poll(() => storeText(a)).toContain('title: Title typed in tab A')
    expect(await a.getByTestId('workspace-notice').textContent()).toContain('changed on disk since')
    expect(await onDisk(file)).not.toContain('Title typed in tab A')
  })
})
