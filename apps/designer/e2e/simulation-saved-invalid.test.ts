// "Compare with the saved file" runs nothing when the saved version has errors, and says it is the saved version.
// Before, the open text was checked (simulation-invalid.test.ts) but the saved one went to the runtime as it was,
// and a CEL error there came back as "The simulation failed: createRouter: the documents do not validate ...".
import { expect, it } from 'vitest'
import { editorText, lineOf, retypeLine, storeText, waitForCodeView } from './code-helpers.ts'
import { designerForThisFile } from './designer-for-this-file.ts'

const GOOD_CASE = 'when: dnis == "5001",'

const session = designerForThisFile({
  viewport: { width: 1440, height: 1000 },
  file: 'inbound-call.strategy.yaml',
  async ready({ page }) {
    await waitForCodeView(page)
    await page.getByTestId('tab-simulation').click()
    await page.getByTestId('sim-panel').waitFor()
  },
})

/** Replaces the line that holds `from` with itself where `from` reads `to`. */
async function replaceOnLine(from: string, to: string): Promise<void> {
  const { page } = session
  const text = await editorText(page)
  const at = lineOf(text, from)
  await retypeLine(page, at, (text.split('\n')[at - 1] ?? '').trim().replace(from, to))
  await expect.poll(() => storeText(page)).toContain(to)
}

it('refuses a saved version with errors as the version to compare with, and names it', async () => {
  const { page } = session
  await replaceOnLine(GOOD_CASE, 'when: dnis == "5001" &&,')
  await page.keyboard.press('Control+s')
  await expect
    .poll(() => page.getByTestId('save-status').getAttribute('data-state'))
    .toBe('saved-with-errors')
  // the open text is fixed (so it is not what stops the run); the saved file keeps its error
  await replaceOnLine('when: dnis == "5001" &&,', GOOD_CASE)
  await page.getByTestId('sim-compare').selectOption('saved')
  await page.getByTestId('sim-run').click()
  const status = page.getByTestId('sim-status')
  await expect.poll(() => status.getAttribute('data-state')).toBe('invalid')
  expect(await status.textContent()).toBe(
    'Not run: the saved version to compare with has 1 error. Save a version without errors, or compare with something else.',
  )
  expect(await page.getByTestId('sim-kpis').count()).toBe(0)
  expect(session.pageErrors).toEqual([])
})
