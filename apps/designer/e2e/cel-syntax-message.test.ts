// A CEL condition left half-typed in the inspector says, under the field and in Problems, what to write to finish it.
// Before, RW201 passed on the parser's own words: `dnis == "5001" &&` read "CEL syntax error: Unexpected token: EOF.",
// a stray ")" read "Unexpected character: ')'." and `and` for && read "Unexpected character: 'd'."
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { selectNode } from './code-helpers.ts'
import { designerForThisFile } from './designer-for-this-file.ts'

const FILE = 'inbound-call.strategy.yaml'
const FIELD = 'cases-0-when'

const session = designerForThisFile({ viewport: { width: 1024, height: 768 }, file: FILE })

/** Types `value` over the first case's condition, as a user does, and leaves the editor. */
async function typeCondition(page: Page, value: string) {
  const editor = page.locator(`[data-testid="field-${FIELD}"][data-monaco="true"]`)
  await editor.waitFor({ timeout: 60_000 })
  await editor.click()
  await page.keyboard.press('Control+a')
  await page.keyboard.type(value)
  await page.keyboard.press('Escape')
}

describe('a broken CEL condition in the inspector', () => {
  it.each([
    ['dnis == "5001" &&', 'the expression ends after "&&": add what follows it.'],
    // Monaco closes a typed "(" itself: the unclosed bracket a user leaves is one typed too many
    ['dnis == "5001")', 'this ")" closes nothing: remove it, or add the opening bracket it belongs to.'],
    ['dnis == "5001" and dnis != ""', '"and" is not a CEL operator: write "&&" (and: &&, or: ||, not: !).'],
    [
      'dnis = "5001"',
      'a single "=" is not a comparison: write "==" to compare (an assign node sets variables).',
    ],
  ])('%j says what to write, under the field and in Problems', async (condition, message) => {
    const { page } = session
    await selectNode(page, 'by_number')
    await typeCondition(page, condition)
    const expected = `RW201 CEL syntax error: ${message}`
    await expect.poll(() => page.getByTestId(`field-error-${FIELD}`).textContent()).toBe(expected)
    await page.getByTestId('tab-problems').click()
    await expect
      .poll(() => page.locator('[data-testid="problem"][data-code="RW201"]').allTextContents())
      .toEqual([expect.stringContaining(`CEL syntax error: ${message}`)])
    expect(session.pageErrors).toEqual([])
  })
})
