// The inputs form in real Chromium (issue 10, section 1): a strategy that reads an undeclared `data.priority` gets it
// declared through the form only; the saved text holds the declaration, the problem goes, the CLI accepts the file.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { storeText, validateWithCli, waitForStoreText } from './code-helpers.ts'
import { designerForThisFile } from './designer-for-this-file.ts'

const FILE = 'priority-line.strategy.yaml'
const SOURCE = `strategy: priority-line
format: 1
title: Priority line

start: by_priority
nodes:
  by_priority:
    type: switch
    title: Urgent?
    cases:
      - label: urgent
        when: 'data.priority > 5'
        next: urgent_end
    default: normal_end

  urgent_end:
    type: end
    outcome: default-route
    reason: Urgent callers go to the default route

  normal_end:
    type: end
    outcome: default-route
`

const problemCodes = () =>
  session.page.getByTestId('problem').evaluateAll((items) => items.map((i) => i.getAttribute('data-code')))

const session = designerForThisFile({
  viewport: { width: 1280, height: 800 },
  files: { [FILE]: SOURCE },
  file: FILE,
})

describe('inputs form', () => {
  it('declares an input with the form: saved text, canvas and validation accept it', async () => {
    const { page } = session
    await page.getByTestId('tab-problems').click()
    await expect.poll(problemCodes, { timeout: 10_000 }).toContain('RW203')
    // the strategy's own inspector (nothing selected) holds the declaration forms
    await page.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } })
    const inputs = page.getByTestId('declarations-inputs')
    await inputs.getByRole('button', { name: '+ input' }).click()
    await waitForStoreText(page, (t) => t.includes('new_input: { type: string }'), 'a new string input')
    await page.getByTestId('field-inputs-new_input-name').fill('priority')
    await page.getByTestId('field-inputs-new_input-name').press('Tab')
    await waitForStoreText(page, (t) => t.includes('priority: { type: string }'), 'the input renamed')
    await page.getByTestId('field-inputs-priority-type').selectOption('int')
    await page.getByTestId('field-inputs-priority-required').check()
    await page.getByTestId('field-inputs-priority-default').fill('high')
    await expect
      .poll(() => page.getByTestId('field-inputs-priority-default-error').textContent())
      .toContain('not a whole number')
    await page.getByTestId('field-inputs-priority-default').fill('0')
    await waitForStoreText(
      page,
      (t) => /inputs:\n\s+priority: \{ type: int, default: 0, required: true \}\n/.test(t),
      'priority declared as a required int with default 0',
    )
    // validation accepts the read of data.priority, and the canvas still draws every node
    await expect.poll(() => page.getByTestId('problems-count').textContent()).toBe('0 errors, 0 warnings')
    expect(await problemCodes()).toEqual([])
    expect(await page.getByTestId('canvas-stale').count()).toBe(0)
    expect(await page.locator('.react-flow__node').count()).toBe(3)
    await page.keyboard.press('Control+S')
    await expect.poll(() => page.getByTestId('save-status').getAttribute('data-state')).toBe('saved')
    const saved = await readFile(join(session.workspace, FILE), 'utf8')
    expect(saved).toBe(await storeText(page))
    expect(saved).toContain("when: 'data.priority > 5'")
    expect(await validateWithCli(join(session.workspace, FILE))).toContain('no problems')
    await session.screenshot('inputs-form')
    expect(session.pageErrors).toEqual([])
  })
})
