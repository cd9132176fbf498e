// Workspace and files in real Chromium against the real server: save and reload, byte-identical saves, the CLI
// accepts what the designer saved, conflicts with changes on disk, drafts across a reload, new and delete.
import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  editorText,
  lineOf,
  onCodeView,
  openFile,
  retypeLine,
  storeText,
  validateWithCli,
  waitForCodeView,
} from './code-helpers.ts'
import { designerForThisFile } from './designer-for-this-file.ts'

const FILE = 'business-hours.strategy.yaml'

const session = designerForThisFile({ ready: onCodeView(FILE) })

const status = () => session.page.getByTestId('save-status')
const onDisk = (path: string) => readFile(join(session.workspace, path), 'utf8')

/** Changes the strategy's title in the YAML, the way a user types it. */
async function retitle(title: string): Promise<void> {
  const { page } = session
  const line = lineOf(await editorText(page), 'title:')
  await retypeLine(page, line, `title: ${title}`)
  await expect.poll(() => storeText(page)).toContain(`title: ${title}`)
}

describe('workspace', () => {
  it('lists strategies, directories and tests', async () => {
    const { page } = session
    await page.getByTestId('file-vip-routing.strategy.yaml').waitFor()
    await page.getByTestId('file-contact-center.directory.yaml').waitFor()
    await page.getByTestId('file-vip-routing.test.yaml').waitFor()
    expect(await page.getByTestId(`file-${FILE}`).getAttribute('data-open')).toBe('true')
  })

  it('draws the file actions as icons that need no font (no glyph boxes)', async () => {
    const { page } = session
    await page.getByTestId(`file-${FILE}`).hover()
    for (const action of ['rename', 'duplicate', 'delete']) {
      const button = page.getByTestId(`file-${action}-${FILE}`)
      await expect.poll(() => button.isVisible()).toBe(true)
      // ⧉ and 🗑 showed as empty boxes where no installed font has them: the buttons now hold an SVG, no text
      expect(await button.locator('svg path').count()).toBe(1)
      expect((await button.textContent())?.trim()).toBe('')
    }
  })

  it('saving an unedited file writes the same bytes', async () => {
    const before = await onDisk(FILE)
    await session.page.getByTestId('save-button').click()
    await expect.poll(() => status().getAttribute('data-state')).toBe('saved')
    expect(await onDisk(FILE)).toBe(before)
  })

  it('marks unsaved changes, saves with Ctrl+S, and the CLI validates the saved file', async () => {
    const { page } = session
    // the view switch stays where it was whatever the status says; before, it moved 87 px left on the first edit
    const switchAt = async () => (await page.getByTestId('view-split').boundingBox())?.x
    const before = await switchAt()
    expect(await status().textContent()).toBe('Saved')
    await retitle('Opening hours, saved from the designer')
    await expect.poll(() => status().getAttribute('data-state')).toBe('dirty')
    expect(await switchAt()).toBe(before)
    expect(await page.getByTestId(`file-${FILE}`).getAttribute('data-dirty')).toBe('true')
    expect(await page.title()).toMatch(/^● /)
    await page.keyboard.press('Control+S')
    await expect.poll(() => status().getAttribute('data-state')).toBe('saved')
    expect(await switchAt()).toBe(before)
    expect(await page.title()).not.toMatch(/^● /)
    const saved = await onDisk(FILE)
    expect(saved).toContain('title: Opening hours, saved from the designer')
    expect(saved).toBe(await storeText(page))
    expect(await validateWithCli(join(session.workspace, FILE))).toContain('no problems')
    await session.screenshot('workspace-saved')
  })

  it('a reload of the page finds the same document', async () => {
    const { page } = session
    await page.reload()
    await waitForCodeView(page)
    await expect.poll(() => storeText(page)).toContain('title: Opening hours, saved from the designer')
    expect(await storeText(page)).toBe(await onDisk(FILE))
    await expect.poll(() => editorText(page)).toBe(await onDisk(FILE))
  })

  it('picks up a change on disk silently when there are no local edits', async () => {
    const { page } = session
    const text = (await onDisk(FILE)).replace('saved from the designer', 'changed by git pull')
    await writeFile(join(session.workspace, FILE), text)
    await expect.poll(() => storeText(page), { timeout: 10_000 }).toBe(text)
    expect(await page.getByTestId('conflict-dialog').count()).toBe(0)
  })

  it('asks before clobbering a change on disk made while there are local edits', async () => {
    const { page } = session
    await retitle('My local title')
    const theirs = (await onDisk(FILE)).replace('changed by git pull', 'changed again on disk')
    await writeFile(join(session.workspace, FILE), theirs)
    const dialog = page.getByTestId('conflict-dialog')
    await dialog.waitFor({ timeout: 10_000 })
    expect(await dialog.textContent()).toContain('changed on disk since you opened it')
    await session.screenshot('workspace-conflict')
    // keep editing, then save: the server refuses the stale base version and the dialog comes back
    await page.getByTestId('conflict-cancel').click()
    await page.getByTestId('save-button').click()
    await dialog.waitFor()
    expect(await onDisk(FILE)).toBe(theirs)
    await page.getByTestId('conflict-reload').click()
    await expect.poll(() => storeText(page)).toBe(theirs)
    await expect.poll(() => status().getAttribute('data-state')).not.toBe('dirty')
  })

  it('overwrite keeps the local version', async () => {
    const { page } = session
    await retitle('Mine wins')
    await writeFile(join(session.workspace, FILE), (await onDisk(FILE)).replace('again', 'once more'))
    await page.getByTestId('conflict-dialog').waitFor({ timeout: 10_000 })
    await page.getByTestId('conflict-overwrite').click()
    await expect.poll(() => status().getAttribute('data-state')).toBe('saved')
    expect(await onDisk(FILE)).toContain('title: Mine wins')
  })

  it('unsaved changes survive a reload as a draft, after asking first', async () => {
    const { page } = session
    await retitle('Draft only')
    let asked = false
    page.once('dialog', (dialog) => {
      asked = dialog.type() === 'beforeunload'
      void dialog.accept()
    })
    await page.reload()
    await waitForCodeView(page)
    expect(asked).toBe(true)
    await page.getByTestId('workspace-notice').waitFor()
    expect(await page.getByTestId('workspace-notice').textContent()).toContain('Restored unsaved changes')
    expect(await storeText(page)).toContain('title: Draft only')
    expect(await status().getAttribute('data-state')).toBe('dirty')
    expect(await onDisk(FILE)).not.toContain('Draft only')
    await page.keyboard.press('Control+S')
    await expect.poll(() => status().getAttribute('data-state')).toBe('saved')
  })

  it('an invalid strategy can be saved and says how many errors it has', async () => {
    const { page } = session
    const line = lineOf(await editorText(page), 'start:')
    await retypeLine(page, line, 'start: nowhere')
    await expect.poll(() => storeText(page)).toContain('start: nowhere')
    await page.getByTestId('save-button').click()
    await expect.poll(() => status().getAttribute('data-state')).toBe('saved-with-errors')
    expect(await status().textContent()).toMatch(/Saved with \d+ errors?/)
    expect(await onDisk(FILE)).toContain('start: nowhere')
  })

  it('creates a new strategy from an id, renames its file (the id stays), then deletes it after confirmation', async () => {
    const { page } = session
    await page.getByTestId('workspace-new').click()
    await page.getByTestId('prompt-input').fill('Bad Id')
    await page.getByTestId('prompt-ok').click()
    expect(await page.getByTestId('prompt-error').textContent()).toContain('lower-case')
    await page.getByTestId('prompt-input').fill('night-line')
    await page.getByTestId('prompt-ok').click()
    await page.getByTestId('file-night-line.strategy.yaml').waitFor()
    await expect.poll(() => storeText(page)).toContain('strategy: night-line')
    expect(await onDisk('night-line.strategy.yaml')).toContain('strategy: night-line')
    expect(await validateWithCli(join(session.workspace, 'night-line.strategy.yaml'))).toContain(
      'no problems',
    )
    // a rename changes the file's name only, and the dialog says so before it happens
    await page.getByTestId('file-night-line.strategy.yaml').hover()
    await page.getByTestId('file-rename-night-line.strategy.yaml').click()
    expect(await page.getByTestId('prompt-note').textContent()).toContain('keeps the id written in it')
    await page.getByTestId('prompt-input').fill('late-line')
    await page.getByTestId('prompt-ok').click()
    await page.getByTestId('file-late-line.strategy.yaml').waitFor()
    expect(await onDisk('late-line.strategy.yaml')).toContain('strategy: night-line')
    await page.getByTestId('file-late-line.strategy.yaml').hover()
    await page.getByTestId('file-delete-late-line.strategy.yaml').click()
    await page.getByTestId('confirm-dialog').waitFor()
    await session.screenshot('workspace-delete-confirm')
    await page.getByTestId('confirm-ok').click()
    await expect.poll(() => page.getByTestId('file-late-line.strategy.yaml').count()).toBe(0)
    expect(existsSync(join(session.workspace, 'late-line.strategy.yaml'))).toBe(false)
    expect(existsSync(join(session.workspace, 'night-line.strategy.yaml'))).toBe(false)
  })

  it('a reload opens the file opened last, not the one the address named first', async () => {
    const { page } = session
    const other = 'vip-routing.strategy.yaml'
    await page.goto(`${session.url}?file=${FILE}`)
    await page.locator(`[data-testid="file-${FILE}"][data-open="true"]`).waitFor()
    await openFile(page, other)
    // before, the address kept ?file= of the first file and the reload went back to it
    await expect.poll(() => new URL(page.url()).searchParams.get('file')).toBe(other)
    await page.reload()
    await page.locator(`[data-testid="file-${other}"][data-open="true"]`).waitFor()
    await expect.poll(() => storeText(page)).toBe(await onDisk(other))
  })
})
