// Clicking a problem that names a field of its node, as the UX review met it: the node was selected and zoomed to,
// but the focus stayed on the problem row and nothing in the inspector said which field was at fault. Now that field
// takes the focus and is marked until the focus leaves it.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { designerForThisFile } from './designer-for-this-file.ts'

const FILE = 'field-problem.strategy.yaml'
const text = readFileSync(resolve(import.meta.dirname, '../../../examples/vip-routing.strategy.yaml'), 'utf8')
  .replace('strategy: vip-routing', 'strategy: field-problem')
  .replace('set: { tier: data.customer_tier }', 'set: { tier: data.customer_tier + nosuch_name }')

let page: Page
const session = designerForThisFile({
  files: { [FILE]: text },
  file: FILE,
  ready: (s) => {
    page = s.page
  },
})

const focusedTestId = () =>
  page.evaluate(() => {
    const active = document.activeElement
    return active?.closest('[data-testid^="field-"]')?.getAttribute('data-testid') ?? active?.tagName
  })

it('focuses and marks the field a clicked problem names', async () => {
  await page.getByTestId('tab-problems').click()
  const problem = page.getByTestId('problem').filter({ hasText: 'nosuch_name' }).first()
  await problem.waitFor()
  await problem.click()
  await expect.poll(() => page.getByTestId('field-id').inputValue()).toBe('use_attached')
  await expect.poll(focusedTestId).toMatch(/^field-set/)
  const marked = page.locator('[data-testid="inspector-fields"] .is-problem-field')
  expect(await marked.count()).toBe(1)
  expect(await marked.getAttribute('data-testid')).toMatch(/^field-set/)
  await session.screenshot('problem-field-focus')
  // the mark goes with the focus
  await page.getByTestId('field-title').focus()
  await expect.poll(() => marked.count()).toBe(0)
})
