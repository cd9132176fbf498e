// What the designer says about unsaved work matches the files (a UX review's findings): a rename's unsaved edit of
// the test file is what Run all runs and what the test file validates against, without a "Restored" banner for an
// edit made seconds ago; a valid test file's YAML view is not "Does not parse"; a toast is shown once, not again when
// the canvas comes back; the inspector is read-only, saying why, while the YAML does not parse; Find's results follow
// Save all.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import {
  cursor,
  goToLineEnd,
  lineOf,
  openFile,
  selectNode,
  storeText,
  waitForCodeView,
} from './code-helpers.ts'
import { designerForThisFile } from './designer-for-this-file.ts'
import { FITTED_CANVAS } from './harness.ts'

let page: Page

const session = designerForThisFile({
  viewport: { width: 1280, height: 800 },
  file: 'skills-escalation.strategy.yaml',
  ready: (s) => {
    page = s.page
  },
})

/** The open document's diagnostics as `code message`. */
const problems = () =>
  page.evaluate(() =>
    (
      globalThis as unknown as {
        __rwStore: { getState(): { diagnostics: { code: string; severity: string; message: string }[] } }
      }
    ).__rwStore
      .getState()
      .diagnostics.filter((d) => d.severity === 'error')
      .map((d) => `${d.code} ${d.message}`),
  )
const toasts = () => page.getByTestId('toast').count()

describe('unsaved work, as the designer tells it', () => {
  it('renames a node, in its test file too (unsaved), and the toast shows once', async () => {
    await selectNode(page, 'pause')
    await page.getByTestId('field-id').fill('hold_on')
    await page.getByTestId('field-id').press('Enter')
    await expect
      .poll(() => page.getByTestId('toast').textContent())
      .toContain('in skills-escalation.test.yaml too (unsaved)')
    // once it has gone, YAML -> Canvas does not bring it back
    await expect.poll(toasts, { timeout: 20_000 }).toBe(0)
    await page.getByTestId('view-code').click()
    await page.getByTestId('code-view-editor').waitFor()
    await page.getByTestId('view-canvas').click()
    await page.locator(FITTED_CANVAS).waitFor()
    await page.getByTestId('node-hold_on').waitFor()
    expect(await toasts()).toBe(0)
  })

  it('runs the test file as renamed (its unsaved text), every scenario passing', async () => {
    await page.getByTestId('tab-testrun').click()
    await page.getByTestId('testrun-scenario-0').waitFor()
    await page.getByTestId('testrun-run-all').click()
    const rows = page.locator('[data-testid^="testrun-report-"]')
    await expect.poll(() => rows.count()).toBeGreaterThan(0)
    const passed = await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-passed')))
    expect(passed).toEqual(passed.map(() => 'true'))
  })

  it('opens the renamed test file without RW464 or a "Restored" banner, its YAML view saying it is fine', async () => {
    await openFile(page, 'skills-escalation.test.yaml')
    await expect.poll(() => storeText(page)).toContain('hold_on')
    await waitForCodeView(page)
    const status = page.getByTestId('code-view-status')
    await expect.poll(() => status.textContent()).toContain('no problems')
    expect(await status.getAttribute('data-state')).toBe('ok')
    expect(await status.textContent()).not.toContain('Does not parse')
    expect(await problems()).toEqual([])
    expect(await page.getByTestId('workspace-notice').count()).toBe(0)
  })

  it('makes the inspector read-only while the YAML does not parse, with a way to the error', async () => {
    await openFile(page, 'vip-routing.strategy.yaml')
    await waitForCodeView(page)
    const good = await storeText(page)
    await selectNode(page, 'vip_desk')
    const title = page.getByTestId('field-title')
    expect(await title.isDisabled()).toBe(false)
    await goToLineEnd(page, lineOf(good, 'title: VIP routing'))
    await page.keyboard.type(': [broken')
    await expect.poll(() => page.getByTestId('code-view-status').getAttribute('data-state')).toBe('broken')
    await page.getByTestId('inspector-read-only').waitFor()
    expect(await title.isDisabled()).toBe(true)
    await page.getByTestId('inspector-show-error').click()
    // the caret goes to the error in the text, as a click in Problems takes it
    await expect.poll(async () => (await cursor(page))?.line).toContain('[broken')
    await goToLineEnd(page, lineOf(good, 'title: VIP routing'))
    for (let i = 0; i < 6 && (await storeText(page)) !== good; i++) await page.keyboard.press('Control+Z')
    await expect.poll(() => storeText(page)).toBe(good)
    await expect.poll(() => title.isDisabled()).toBe(false)
    expect(await page.getByTestId('inspector-read-only').count()).toBe(0)
  })

  it('says the replaced files are saved once Save all has saved them', async () => {
    await page.keyboard.press('Control+Shift+F')
    await page.getByTestId('find-all-input').fill('support_en')
    await page.getByTestId('find-all-input').press('Enter')
    await expect.poll(() => page.getByTestId('find-all-match').count()).toBeGreaterThan(0)
    await page.getByTestId('find-all-replace-input').fill('support_english')
    await page.getByTestId('find-all-replace-all').click()
    const status = page.getByTestId('find-all-status')
    await expect.poll(() => status.textContent()).toContain('unsaved until you save')
    // what each changed file's row says at its end (its first error's place, else whether it is saved)
    const said = () =>
      page
        .getByTestId('find-all-check')
        .evaluateAll((els) => els.map((el) => el.querySelector('.rw-problem__where')?.textContent))
    await expect.poll(said).toContain('unsaved')
    await page.getByTestId('save-all-button').click()
    await expect.poll(() => status.textContent()).toMatch(/: saved\.$/)
    expect(new Set(await said())).toEqual(new Set(['saved']))
    expect(session.pageErrors).toEqual([])
  })
})
