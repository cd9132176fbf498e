// "Compare with another strategy" runs nothing when that strategy has errors, and names it and its file. Before, the
// other strategy was taken as parsed (only the open text and the saved version were checked), and a CEL error in it
// came back from the runtime as "The simulation failed: createRouter: the documents do not validate ...".
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { waitForCodeView } from './code-helpers.ts'
import { designerForThisFile } from './designer-for-this-file.ts'

const EXAMPLES = join(import.meta.dirname, '..', '..', '..', 'examples')
const GOOD_CASE = 'when: dnis == "5001",'

/** inbound-call as another strategy of the workspace, parsing, with one CEL error in its switch. */
function brokenCopy(): string {
  const text = readFileSync(join(EXAMPLES, 'inbound-call.strategy.yaml'), 'utf8')
  const broken = text
    .replace('strategy: inbound-call\n', 'strategy: inbound-call-next\n')
    .replace(GOOD_CASE, 'when: dnis == "5001" &&,')
  if (!broken.includes('inbound-call-next') || broken.includes(GOOD_CASE))
    throw new Error('inbound-call.strategy.yaml changed: the broken copy needs new anchors')
  return broken
}

const session = designerForThisFile({
  viewport: { width: 1440, height: 1000 },
  files: { 'inbound-call-next.strategy.yaml': brokenCopy() },
  file: 'inbound-call.strategy.yaml',
  async ready({ page }) {
    await waitForCodeView(page)
    await page.getByTestId('tab-simulation').click()
    await page.getByTestId('sim-panel').waitFor()
  },
})

it('refuses another strategy with errors as the version to compare with, and names it and its file', async () => {
  const { page } = session
  const compare = page.getByTestId('sim-compare')
  // the workspace's strategies arrive after the open file is drawn
  await expect
    .poll(() => compare.locator('option[value="inbound-call-next"]').count(), { timeout: 20_000 })
    .toBe(1)
  await compare.selectOption('inbound-call-next')
  await page.getByTestId('sim-run').click()
  const status = page.getByTestId('sim-status')
  await expect.poll(() => status.getAttribute('data-state')).toBe('invalid')
  expect(await status.textContent()).toBe(
    'Not run: strategy inbound-call-next to compare with (inbound-call-next.strategy.yaml) has 1 error. Open it and fix what Problems lists, or compare with something else.',
  )
  expect(await page.getByTestId('sim-kpis').count()).toBe(0)
  expect(session.pageErrors).toEqual([])
})
