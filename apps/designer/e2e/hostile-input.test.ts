// The local server's hostile-input points as a user sees them in real Chromium (issue 10, section 6): a save over a
// file edited on disk since it was opened reports a conflict and keeps the outside edit; a file over the size limit
// is listed but not opened, with a message saying why.
import { open, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page, Response } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { MAX_FILE_BYTES } from '../src/api/protocol.ts'
import { editorText, lineOf, onCodeView, retypeLine, storeText } from './code-helpers.ts'
import { designerForThisFile } from './designer-for-this-file.ts'

const FILE = 'language-menu.strategy.yaml'
const HUGE = 'huge.strategy.yaml'

const onDisk = (path: string) => readFile(join(session.workspace, path), 'utf8')

/** The next answer of the file API to `method` for `path` (the page's own calls, as the user's actions make them). */
function fileCall(page: Page, method: 'GET' | 'PUT', path: string): Promise<Response> {
  return page.waitForResponse((response) => {
    const url = new URL(response.url())
    if (url.pathname !== '/api/file' || response.request().method() !== method) return false
    return method === 'PUT'
      ? response.request().postDataJSON()?.path === path
      : url.searchParams.get('path') === path
  })
}
const store = () =>
  session.page.evaluate(() => {
    const s = (globalThis as { __rwStore?: { getState(): { file?: string; text: string } } }).__rwStore
    return { file: s?.getState().file, text: s?.getState().text ?? '' }
  })

const session = designerForThisFile({
  blank: true,
  async ready(s) {
    // a sparse file just over the limit: listed from its stat, never read
    const huge = await open(join(s.workspace, HUGE), 'w')
    await huge.truncate(MAX_FILE_BYTES + 1024 * 1024)
    await huge.close()
    await s.page.goto(s.url)
    await onCodeView(FILE)(s)
  },
})

describe('hostile input, seen from the designer', () => {
  it('a save after an edit on disk reports a conflict and keeps the outside edit', async () => {
    const { page } = session
    const line = lineOf(await editorText(page), 'title:')
    await retypeLine(page, line, 'title: Mine, typed in the designer')
    await expect
      .poll(() => storeText(page), { timeout: 15_000 })
      .toContain('title: Mine, typed in the designer')
    // the outside edit lands between opening and saving. The save goes at once, but the watcher's news of the edit
    // may still come first (a loaded machine): its dialog then covers the save button, so the save is the shortcut,
    // which saves from anywhere; either way the server must refuse the stale version
    const theirs = `${await onDisk(FILE)}# edited outside the designer\n`
    const watcherRead = fileCall(page, 'GET', FILE)
    const firstSave = fileCall(page, 'PUT', FILE)
    await writeFile(join(session.workspace, FILE), theirs)
    await page.keyboard.press('Control+s')
    expect((await firstSave).status()).toBe(409)
    const dialog = page.getByTestId('conflict-dialog')
    await dialog.waitFor({ timeout: 10_000 })
    expect(await dialog.textContent()).toContain('changed on disk since you opened it')
    expect(await onDisk(FILE)).toBe(theirs)
    // the watcher's news has arrived too (it reads the new version), so no late dialog covers the next step
    expect((await watcherRead).status()).toBe(200)
    // keep editing and save again: the server still refuses the stale version, the outside edit stays
    await page.getByTestId('conflict-cancel').click()
    await expect.poll(() => dialog.count()).toBe(0)
    const secondSave = fileCall(page, 'PUT', FILE)
    await page.getByTestId('save-button').click()
    expect((await secondSave).status()).toBe(409)
    await dialog.waitFor({ timeout: 10_000 })
    expect(await onDisk(FILE)).toBe(theirs)
    expect(await page.getByTestId('save-status').getAttribute('data-state')).not.toBe('saved')
    await session.screenshot('hostile-save-conflict')
    // reloading takes the outside edit into the designer
    await page.getByTestId('conflict-reload').click()
    await expect.poll(() => storeText(page)).toBe(theirs)
  })

  it('a file deleted on disk while edited: the dialog names the choices it offers, and saving again writes the edits back', async () => {
    const { page } = session
    const line = lineOf(await editorText(page), 'title:')
    await retypeLine(page, line, 'title: Kept after the file was deleted')
    await expect
      .poll(() => storeText(page), { timeout: 15_000 })
      .toContain('title: Kept after the file was deleted')
    await rm(join(session.workspace, FILE))
    // the watcher's news or the save's refusal opens the dialog; the shortcut saves from anywhere
    await page.keyboard.press('Control+s')
    const dialog = page.getByTestId('conflict-dialog')
    await dialog.waitFor({ timeout: 10_000 })
    expect(await dialog.textContent()).toContain('was deleted on disk')
    // before, it said "Reload takes the version on disk", with no version on disk and no Reload button
    expect(await dialog.locator('p').textContent()).toBe(
      'Someone deleted or moved this file while you were editing it. Save my version again writes your text back to the file; Close the file drops your unsaved changes.',
    )
    await page.getByTestId('conflict-overwrite').click()
    await expect
      .poll(() => onDisk(FILE).catch(() => ''), { timeout: 15_000 })
      .toContain('title: Kept after the file was deleted')
  })

  it('lists a file over the size limit but does not open it, and says why', async () => {
    const { page } = session
    const entry = page.getByTestId(`file-${HUGE}`)
    await entry.waitFor()
    expect(await entry.textContent()).toContain('too large')
    expect(await entry.isDisabled()).toBe(true)
    const megabytes = ((MAX_FILE_BYTES + 1024 * 1024) / 1024 / 1024).toFixed(1)
    expect(await entry.getAttribute('title')).toBe(
      `${HUGE}: ${megabytes} MB, over the designer's 4 MB limit, so it does not open here. Split it into several ` +
        `strategies joined by subroutine calls. Until then, \`routewright validate ${HUGE}\` still reads it.`,
    )
    const before = await store()
    const asked: string[] = []
    const onRequest = (request: { url(): string }) => {
      if (request.url().includes(HUGE)) asked.push(request.url())
    }
    page.on('request', onRequest)
    await entry.click({ force: true })
    // a click handler runs when the click is dispatched, and any request it makes goes out within its tasks: a frame
    // and a task later, nothing has been asked for the file and nothing opened (no fixed wait)
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))))
    page.off('request', onRequest)
    expect(asked).toEqual([])
    expect(await store()).toEqual(before)
    // a link straight to it does not open it either, and the page says why
    await page.goto(`${session.url}?file=${HUGE}`)
    const error = page.getByTestId('workspace-error')
    await error.waitFor({ timeout: 10_000 })
    expect(await error.textContent()).toContain(
      `over the ${(MAX_FILE_BYTES / 1024 / 1024).toFixed(1)} MB limit`,
    )
    expect((await store()).file).not.toBe(HUGE)
    await session.screenshot('hostile-too-large')
  })
})
