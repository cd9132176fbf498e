// Find and replace across the workspace in real Chromium: Ctrl+Shift+F, a data key found in several files with
// its nodes, replace all as unsaved valid changes, undo in one file, save another and read the disk; a bad
// pattern answered inline and a catastrophic-backtracking pattern on a long line answered at once (RE2).
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { designerForThisFile } from './designer-for-this-file.ts'
import { original, TIER_FILES } from './examples.ts'

let page: Page

const onDisk = (path: string) => readFile(join(session.workspace, path), 'utf8')
const attr = (testId: string, name: string) =>
  page.getByTestId(testId).evaluateAll((els, n) => els.map((el) => el.getAttribute(n)), name)
const dirty = (path: string) => page.getByTestId(`file-${path}`).getAttribute('data-dirty')
const openFile = () =>
  page.evaluate(
    () =>
      (globalThis as unknown as { __rwStore: { getState(): { file: string } } }).__rwStore.getState().file,
  )

const session = designerForThisFile({
  viewport: { width: 1280, height: 800 },
  file: 'vip-routing.strategy.yaml',
  ready: (s) => {
    page = s.page
  },
})

describe('find and replace in every file', () => {
  it('opens on Ctrl+Shift+F and finds a data key in every file, with line:col and node', async () => {
    await page.getByTestId('node-use_attached').click()
    await page.keyboard.press('Control+Shift+F')
    await expect.poll(() => page.getByTestId('tab-find-all').getAttribute('aria-selected')).toBe('true')
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('find-all-input')
    // Ctrl+F alone is still the canvas's find box, not this tab
    expect(await page.getByTestId('find-input').count()).toBe(0)
    await page.keyboard.type('tier')
    await page.getByTestId('find-all-word').click()
    await page.getByTestId('find-all-case').click()
    await page.getByTestId('find-all-input').press('Enter')
    await expect.poll(() => attr('find-all-file', 'data-file')).toEqual(TIER_FILES)
    const vip = page.locator('[data-testid="find-all-match"][data-file="vip-routing.strategy.yaml"]')
    const rows = await vip.evaluateAll((els) =>
      els.map((el) => [...el.children].map((part) => part.textContent).join(' | ')),
    )
    expect(rows).toContain('35:12 | use_attached | set: { tier: data.customer_tier }')
    // whole word: has_tier, by_tier and customer_tier are other names
    expect(rows.some((row) => /has_tier|by_tier \|/.test(row.split(' | ')[2] ?? ''))).toBe(false)
    await vip.filter({ hasText: '35:12' }).click()
    await expect.poll(openFile).toBe('vip-routing.strategy.yaml')
  })

  it('lays the Find tab out inside the bottom panel with ordinary bordered buttons', async () => {
    // the canvas's floating find box has its own class, so none of its placement reaches the tab
    const layout = await page.getByRole('region', { name: 'Find in the workspace' }).evaluate((section) => {
      const panel = section.closest('.rw-bottom')?.getBoundingClientRect()
      const box = section.getBoundingClientRect()
      const word = section.querySelector('[data-testid="find-all-word"]')
      return {
        position: getComputedStyle(section).position,
        inside: panel !== undefined && box.top >= panel.top && box.bottom <= panel.bottom + 0.5,
        border: word ? getComputedStyle(word).borderTopWidth : 'missing',
      }
    })
    expect(layout).toEqual({ position: 'static', inside: true, border: '1px' })
  })

  it('replaces all as unsaved changes, each file checked and still valid, nothing written', async () => {
    await page.getByTestId('find-all-replace-input').fill('segment')
    await page.getByTestId('find-all-replace-all').click()
    await expect.poll(() => attr('find-all-check', 'data-file')).toEqual(TIER_FILES)
    expect(await attr('find-all-check', 'data-errors')).toEqual(TIER_FILES.map(() => '0'))
    await expect.poll(() => page.getByTestId('find-all-count').textContent()).toBe('0 matches in 0 files')
    for (const file of TIER_FILES) expect([file, await dirty(file)]).toEqual([file, 'true'])
    for (const file of TIER_FILES) expect(await onDisk(file)).toBe(await original(file))
    // the open file took the edit in place: its canvas shows the renamed variable
    await expect.poll(() => page.getByTestId('node-use_attached').textContent()).toContain('segment')
  })

  it('undoes the replacement in one file and saves another with its comments and layout kept', async () => {
    await page.getByTestId('file-callback-offer.strategy.yaml').click()
    await expect.poll(openFile).toBe('callback-offer.strategy.yaml')
    await page.getByTestId('undo').click()
    await expect.poll(() => dirty('callback-offer.strategy.yaml')).toBe('false')

    await page.getByTestId('file-vip-routing.strategy.yaml').click()
    await expect.poll(openFile).toBe('vip-routing.strategy.yaml')
    await page.keyboard.press('Control+S')
    await expect.poll(() => dirty('vip-routing.strategy.yaml')).toBe('false')
    expect(await onDisk('vip-routing.strategy.yaml')).toBe(
      (await original('vip-routing.strategy.yaml')).replace(/\btier\b/g, 'segment'),
    )
    expect(await onDisk('callback-offer.strategy.yaml')).toBe(await original('callback-offer.strategy.yaml'))
    // the others stay unsaved drafts
    expect(await dirty('identify-caller.strategy.yaml')).toBe('true')
    expect(await onDisk('identify-caller.strategy.yaml')).toBe(
      await original('identify-caller.strategy.yaml'),
    )
  })

  it('shows why RE2 refuses a pattern, and answers (a+)+$ on a long line at once', async () => {
    await writeFile(
      join(session.workspace, 'long-line.test.yaml'),
      `# ${'a'.repeat(200_000)}!\nstrategy: vip-routing\ncases: []\n`,
    )
    await page.getByTestId('file-long-line.test.yaml').waitFor()
    await page.getByTestId('tab-where-used').click()
    await page.getByTestId('tab-find-all').click()
    // the tab opened by click keeps the focus on the tab strip (only the shortcut focuses the input)
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'tab-find-all',
    )
    await page.getByTestId('find-all-word').click()
    await page.getByTestId('find-all-regex').click()
    await page.getByTestId('find-all-input').fill('(a')
    await page.getByTestId('find-all-input').press('Enter')
    await expect
      .poll(() => page.getByTestId('find-all-problem').textContent())
      .toMatch(/^The pattern is not valid RE2 syntax \(missing closing \)/)
    await page.getByTestId('find-all-input').fill('(a+)+$')
    await page.getByTestId('find-all-input').press('Enter')
    await expect.poll(() => page.getByTestId('find-all-count').textContent()).toBe('0 matches in 0 files')
    await page.getByTestId('find-all-input').fill('(a+)+!')
    await page.getByTestId('find-all-input').press('Enter')
    await expect.poll(() => attr('find-all-file', 'data-file')).toEqual(['long-line.test.yaml'])
    // the 200,000-character line is shown clipped around the match
    expect((await page.getByTestId('find-all-match').textContent())?.length).toBeLessThan(200)
    expect(session.pageErrors).toEqual([])
  })
})
