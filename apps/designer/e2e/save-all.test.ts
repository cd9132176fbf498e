// Save all in real Chromium: replace in several files, one of them changed on disk behind the designer's back,
// then Ctrl+Alt+S writes the others through the server and names the one left alone; no unsaved marks remain
// for the saved files, and the button shows only while more than one file is unsaved.
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page, Route } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { contrastRatio } from '../src/simulation/heat.ts'
import { designerForThisFile } from './designer-for-this-file.ts'
import { original, TIER_FILES } from './examples.ts'

const CHANGED_BEHIND = 'identify-caller.test.yaml'

let page: Page
/** What the other editor wrote to CHANGED_BEHIND. */
let behind = ''

const onDisk = (path: string) => readFile(join(session.workspace, path), 'utf8')
const replaced = async (path: string) => (await original(path)).replace(/\btier\b/g, 'segment')
const dirty = (path: string) => page.getByTestId(`file-${path}`).getAttribute('data-dirty')

/** `rgb(r, g, b)` as computed styles give it. */
function rgbOf(colour: string): [number, number, number] {
  const [r = 0, g = 0, b = 0] = (colour.match(/\d+/g) ?? []).map(Number)
  return [r, g, b]
}

const session = designerForThisFile({
  viewport: { width: 1280, height: 800 },
  file: 'vip-routing.strategy.yaml',
  ready: (s) => {
    page = s.page
  },
})

describe('save all', () => {
  it('replaces in six files, which all show as unsaved with a Save all (6) button', async () => {
    expect(await page.getByTestId('save-all-button').count()).toBe(0)
    await page.keyboard.press('Control+Shift+F')
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('find-all-input')
    await page.keyboard.type('tier')
    await page.getByTestId('find-all-word').click()
    await page.getByTestId('find-all-case').click()
    await page.getByTestId('find-all-input').press('Enter')
    await page.getByTestId('find-all-replace-input').fill('segment')
    await page.getByTestId('find-all-replace-all').click()
    await expect.poll(() => dirty('vip-routing.test.yaml')).toBe('true')
    for (const file of TIER_FILES) expect([file, await dirty(file)]).toEqual([file, 'true'])
    expect(await page.getByTestId('save-all-button').textContent()).toBe('Save all (6)')
  })

  // before, it had no class: the header's near-white text on Chromium's near-white button face (1.1:1)
  it('reads on the dark header: its text and face contrast at least 4.5:1', async () => {
    const colours = await page.getByTestId('save-all-button').evaluate((button) => {
      const style = getComputedStyle(button)
      return { text: style.color, face: style.backgroundColor }
    })
    expect(contrastRatio(rgbOf(colours.text), rgbOf(colours.face))).toBeGreaterThanOrEqual(4.5)
  })

  it('saves the others on Ctrl+Alt+S and names the file changed on disk, which it leaves alone', async () => {
    behind = `${await original(CHANGED_BEHIND)}# edited in another editor\n`
    await writeFile(join(session.workspace, CHANGED_BEHIND), behind)
    await page.keyboard.press('Control+Alt+S')
    await expect.poll(() => page.getByTestId('save-all-summary').getAttribute('data-skipped')).toBe('1')
    expect(await page.getByTestId('save-all-summary').textContent()).toBe(
      `Saved 5 files. Not saved: ${CHANGED_BEHIND} (changed on disk since you edited it: open it to choose).`,
    )
    for (const file of TIER_FILES.filter((f) => f !== CHANGED_BEHIND)) {
      expect([file, await onDisk(file)]).toEqual([file, await replaced(file)])
      expect([file, await dirty(file)]).toEqual([file, 'false'])
    }
    expect(await onDisk(CHANGED_BEHIND)).toBe(behind)
    expect(await dirty(CHANGED_BEHIND)).toBe('true')
    // one unsaved file left: Save all is gone, Save is the way
    expect(await page.getByTestId('save-all-button').count()).toBe(0)
  })

  it('opens the skipped file on its draft and Save meets the conflict dialog, not a silent overwrite', async () => {
    await page.getByTestId(`file-${CHANGED_BEHIND}`).click()
    await expect.poll(() => page.getByTestId('workspace-notice').textContent()).toContain('changed on disk')
    await page.keyboard.press('Control+S')
    await page.getByTestId('conflict-dialog').waitFor()
    expect(await onDisk(CHANGED_BEHIND)).toBe(behind)
    // the server's 409 answers to the refused writes are the only console noise
    expect(session.pageErrors.filter((e) => !e.includes('409 (Conflict)'))).toEqual([])
  })

  it('drops the summary once the skipped file is reloaded from disk', async () => {
    // the summary stayed while the file was open on its draft: it is still unsaved
    expect(await page.getByTestId('save-all-summary').count()).toBe(1)
    await page.getByTestId('conflict-reload').click()
    await expect.poll(() => page.getByTestId('save-all-summary').count()).toBe(0)
    expect(await dirty(CHANGED_BEHIND)).toBe('false')
  })

  it('closes the summary on Escape and with its close button', async () => {
    await replaceEverywhere('segment', 'tier')
    await page.keyboard.press('Control+Alt+S')
    await expect.poll(() => page.getByTestId('save-all-summary').textContent()).toMatch(/^Saved \d+ files\.$/)
    await page.getByTestId('file-vip-routing.strategy.yaml').focus()
    await page.keyboard.press('Escape')
    await expect.poll(() => page.getByTestId('save-all-summary').count()).toBe(0)

    await replaceEverywhere('tier', 'segment')
    await page.getByTestId('save-all-button').click()
    await expect.poll(() => page.getByTestId('save-all-summary').count()).toBe(1)
    await page.getByTestId('save-all-dismiss').click()
    await expect.poll(() => page.getByTestId('save-all-summary').count()).toBe(0)
    expect(await onDisk('vip-routing.strategy.yaml')).toBe(await replaced('vip-routing.strategy.yaml'))
  })

  it('replaces nothing from the older list while the search for new text still reads the files', async () => {
    await page.keyboard.press('Control+Shift+F')
    await page.getByTestId('find-all-input').fill('segment')
    await page.getByTestId('find-all-input').press('Enter')
    await expect.poll(() => page.getByTestId('find-all-count').textContent()).toBe('32 matches in 6 files')
    // the file reads of the searches below wait, as they do behind a Save all's writes on a busy server
    const held: Route[] = []
    let holding = true
    const isRead = (url: URL) => url.pathname === '/api/file'
    await page.route(isRead, (route) =>
      holding && route.request().method() === 'GET' ? void held.push(route) : route.continue(),
    )
    await page.getByTestId('find-all-replace-input').fill('tier')
    await page.getByTestId('find-all-replace-all').click()
    await page.getByTestId('find-all-input').fill('tier')
    await page.getByTestId('find-all-input').press('Enter')
    await page.getByTestId('find-all-replace-input').fill('segment')
    await expect.poll(() => held.length).toBeGreaterThan(0)
    // the list still shows the segment matches as they were before the replace: nothing there to replace now
    expect(await page.getByTestId('find-all-count').textContent()).toBe('Searching...')
    expect(await page.getByTestId('find-all-replace-all').isDisabled()).toBe(true)
    expect(await page.getByTestId('find-all-replace-file').first().isDisabled()).toBe(true)

    holding = false
    for (const route of held.splice(0)) await route.continue()
    await page.unroute(isRead)
    await expect.poll(() => page.getByTestId('find-all-count').textContent()).toBe('32 matches in 6 files')
    await page.getByTestId('find-all-replace-all').click()
    await expect
      .poll(() => page.getByTestId('find-all-status').textContent())
      .toMatch(/^Replaced 32 matches in 6 files: /)
  })
})

/**
 * Find's replace all, whole word and case sensitive (the options stay set from the first test). The click waits
 * for the button: it stays disabled until the list answers this search.
 */
async function replaceEverywhere(find: string, replacement: string): Promise<void> {
  await page.keyboard.press('Control+Shift+F')
  await page.getByTestId('find-all-input').fill(find)
  await page.getByTestId('find-all-input').press('Enter')
  await page.getByTestId('find-all-replace-input').fill(replacement)
  await page.getByTestId('find-all-replace-all').click()
  await expect.poll(() => page.getByTestId('save-all-button').count()).toBe(1)
}
