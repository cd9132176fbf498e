// After a rename the keyboard stays where the user was: a node's new id (a map key's, a declaration's new name)
// keeps the focus in the inspector, a
// renamed file's row takes the focus in the file list, and each rename is announced (the status toast). A node's
// rename reaches its strategy's tests (their expected paths), saved with Save all.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { editorText, openFile, openFromList, waitForCodeView } from './code-helpers.ts'
import { designerForThisFile } from './designer-for-this-file.ts'

let page: Page

/** The focused element's test id and value (or its file path for a file row). */
function focused(): Promise<{
  testId?: string | undefined
  value?: string | undefined
  path?: string | undefined
}> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null
    if (!el || el === document.body) return {}
    return { testId: el.dataset.testid, value: el.value, path: el.dataset.path }
  })
}

const session = designerForThisFile({
  file: 'vip-routing.strategy.yaml',
  ready: (s) => {
    page = s.page
  },
})

it('keeps the focus on the id field of a node renamed with Enter, and announces it', async () => {
  if ((await page.getByTestId('nodes-in-view').count()) > 0)
    await page.getByTestId('nodes-in-view-fit').click()
  await page.getByTestId('node-vip_desk').click()
  const id = page.getByTestId('field-id')
  await id.fill('vip_lounge')
  await id.press('Enter')
  await expect.poll(() => page.locator('.rw-inspector__body').getAttribute('data-node')).toBe('vip_lounge')
  await expect.poll(focused).toEqual({ testId: 'field-id', value: 'vip_lounge' })
  await expect.poll(() => page.getByTestId('toast').textContent()).toContain('vip_desk renamed to vip_lounge')
  // its tests name it in their paths: renamed there too, unsaved (before, they kept vip_desk and failed)
  await expect
    .poll(() => page.getByTestId('toast').textContent())
    .toContain('in vip-routing.test.yaml too (unsaved)')
  await expect
    .poll(() => page.getByTestId('file-vip-routing.test.yaml').getAttribute('data-dirty'))
    .toBe('true')
})

it('does not drop the focus to the page when a rename is committed with Tab', async () => {
  await page.getByTestId('field-id').fill('vip_suite')
  await page.getByTestId('field-id').press('Tab')
  await expect.poll(() => page.locator('.rw-inspector__body').getAttribute('data-node')).toBe('vip_suite')
  await expect.poll(async () => (await focused()).testId).toBe('field-id')
})

/** The test file's text as the code view shows it, opened from the file list; then back on the strategy. */
async function testsAsShown(): Promise<string> {
  await openFile(page, 'vip-routing.test.yaml')
  await waitForCodeView(page)
  await expect.poll(() => editorText(page)).toContain('tests: vip-routing')
  const text = await editorText(page)
  await openFromList(page, 'vip-routing.strategy.yaml')
  return text
}

it("takes the rename's edit of its tests back with Undo, and makes it again with Redo", async () => {
  const suitePath = 'path: [has_tier, use_attached, by_tier, pop_gold, vip_suite]'
  // the Tab rename's tests are staged (and linked to its undo step) once the toast names them
  await expect
    .poll(() => page.getByTestId('toast').textContent())
    .toContain('renamed to vip_suite, in vip-routing.test.yaml too (unsaved).')
  await page.getByTestId('undo').click()
  await expect.poll(() => page.getByTestId('node-vip_lounge').count()).toBe(1)
  // before, the tests kept vip_suite: a node that no longer existed, failing at the next run
  await expect
    .poll(() => page.getByTestId('toast').textContent())
    .toContain('Undone in vip-routing.test.yaml too (unsaved)')
  const undone = await testsAsShown()
  expect(undone).toContain(suitePath.replace('vip_suite', 'vip_lounge'))
  expect(undone).not.toContain('vip_suite')
  await page.getByTestId('redo').click()
  await expect.poll(() => page.getByTestId('node-vip_suite').count()).toBe(1)
  await expect
    .poll(() => page.getByTestId('toast').textContent())
    .toContain('Redone in vip-routing.test.yaml too (unsaved)')
  const redone = await testsAsShown()
  expect(redone).toContain(suitePath)
  expect(redone).not.toContain('vip_lounge')
})

it('focuses the renamed file in the file list, and announces it', async () => {
  await page.getByTestId('file-ab-test.strategy.yaml').focus()
  await page.keyboard.press('F2')
  await page.getByTestId('prompt-input').fill('ab-test-2')
  await page.keyboard.press('Enter')
  await expect.poll(() => page.getByTestId('file-ab-test-2.strategy.yaml').count()).toBe(1)
  await expect.poll(focused).toEqual({
    testId: 'file-ab-test-2.strategy.yaml',
    value: '',
    path: 'ab-test-2.strategy.yaml',
  })
  await expect.poll(() => page.getByTestId('toast').textContent()).toContain('as ab-test-2.strategy.yaml')
  expect(session.pageErrors).toEqual([])
})

it('writes both renames of the node into its tests with Save all', async () => {
  await page.keyboard.press('Control+Alt+S')
  const tests = () => readFile(join(session.workspace, 'vip-routing.test.yaml'), 'utf8')
  await expect.poll(tests).toContain('path: [has_tier, use_attached, by_tier, pop_gold, vip_suite]')
  expect(await tests()).not.toMatch(/vip_desk|vip_lounge/)
})

it.each(['Enter', 'Tab'])(
  'keeps the focus on a map key renamed with %s (its row is rebuilt under the new key)',
  async (key) => {
    if ((await page.getByTestId('nodes-in-view').count()) > 0)
      await page.getByTestId('nodes-in-view-fit').click()
    await page.getByTestId('node-pop_silver').click()
    const from = key === 'Enter' ? 'Segment' : 'Band'
    const to = key === 'Enter' ? 'Band' : 'Level'
    const field = page.getByTestId(`field-set-key-${from}`)
    await field.fill(to)
    await field.press(key)
    await expect.poll(() => page.getByTestId(`field-set-key-${to}`).count()).toBe(1)
    // before, the focus went to the page with the old row: the next Tab started from the top
    await expect.poll(focused).toEqual({ testId: `field-set-key-${to}`, value: to })
  },
)

it('keeps the focus on a declaration renamed with Enter, and Tab goes on to its type', async () => {
  // nothing selected: the strategy's own inspector holds its declarations
  await page.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } })
  const field = page.getByTestId('field-variables-tier-name')
  await field.fill('band')
  await field.press('Enter')
  await expect.poll(() => page.getByTestId('field-variables-band-name').count()).toBe(1)
  await expect.poll(focused).toEqual({ testId: 'field-variables-band-name', value: 'band' })
  await page.keyboard.press('Tab')
  await expect.poll(async () => (await focused()).testId).toBe('field-variables-band-type')
})
