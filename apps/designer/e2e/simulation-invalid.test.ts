// The Simulation tab runs nothing while the open text has errors, and says so. Before, a CEL error came back from
// the runtime as "The simulation failed: createRouter: the documents do not validate (1 error): ...", and a text
// that did not parse was simulated as its last version that parsed, figures of a strategy the text no longer says.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { editorText, lineOf, retypeLine, storeText, waitForCodeView } from './code-helpers.ts'
import { designerForThisFile } from './designer-for-this-file.ts'

const FILE = 'inbound-call.strategy.yaml'
const GOOD_CASE = 'when: dnis == "5001",'

const session = designerForThisFile({
  viewport: { width: 1440, height: 1000 },
  file: FILE,
  async ready({ page }) {
    await waitForCodeView(page)
    await page.getByTestId('tab-simulation').click()
    await page.getByTestId('sim-panel').waitFor()
  },
})

/** Errors the designer finds in the open text (the Problems tab is not mounted while Simulation shows). */
const errorsNow = () =>
  session.page.evaluate(
    () =>
      (globalThis as { __rwStore?: { getState(): { diagnostics: { severity: string }[] } } }).__rwStore
        ?.getState()
        .diagnostics.filter((d) => d.severity === 'error').length,
  )

const NOT_RUN = 'Not run: the strategy has 1 error. Fix what Problems lists, then run again.'

async function runAndReadStatus() {
  const { page } = session
  await page.getByTestId('sim-run').click()
  const status = page.getByTestId('sim-status')
  await expect.poll(() => status.getAttribute('data-state')).not.toBe('idle')
  await expect.poll(() => status.getAttribute('data-state')).not.toBe('running')
  return { state: await status.getAttribute('data-state'), text: await status.textContent() }
}

describe('simulation panel, a strategy with errors', () => {
  it('refuses a CEL error in plain words and runs nothing', async () => {
    const { page } = session
    const text = await editorText(page)
    const line = text.split('\n')[lineOf(text, GOOD_CASE) - 1] ?? ''
    await retypeLine(
      page,
      lineOf(text, GOOD_CASE),
      line.trim().replace(GOOD_CASE, 'when: dnis == "5001" &&,'),
    )
    await expect.poll(() => storeText(page)).toContain('dnis == "5001" &&')
    expect(await runAndReadStatus()).toEqual({ state: 'invalid', text: NOT_RUN })
    expect(await page.getByTestId('sim-kpis').count()).toBe(0)
  })

  it('refuses a text that does not parse instead of simulating its last version that parsed', async () => {
    const { page } = session
    const text = await editorText(page)
    const at = lineOf(text, 'dnis == "5001" &&')
    // the case fixed first, so the last version that parsed is valid: that is what the panel used to simulate
    await retypeLine(page, at, (text.split('\n')[at - 1] ?? '').trim().replace(' &&', ''))
    await expect.poll(errorsNow).toBe(0)
    await retypeLine(page, lineOf(await editorText(page), 'default: tag_support'), 'default: [tag_support')
    await expect.poll(errorsNow).toBe(1)
    expect(await runAndReadStatus()).toEqual({ state: 'invalid', text: NOT_RUN })
    expect(await page.getByTestId('sim-kpis').count()).toBe(0)
    // the file itself is untouched: only the draft has the errors
    expect(await readFile(join(session.workspace, FILE), 'utf8')).toContain(GOOD_CASE)
    expect(session.pageErrors).toEqual([])
  })
})
