// A simulation field with an error, as a user meets it on a laptop (1280 x 800): the fields scroll inside the bottom
// panel, so the one in error is out of sight while Run is disabled. Before, the line beside Run said "Set the
// traffic and run." and Run looked as pressable as ever: pressing it did nothing and said nothing.
import { describe, expect, it } from 'vitest'
import { designerForThisFile } from './designer-for-this-file.ts'

const session = designerForThisFile({
  viewport: { width: 1280, height: 800 },
  file: 'callback-offer.strategy.yaml',
  async ready({ page }) {
    await page.getByTestId('tab-simulation').click()
    await page.getByTestId('sim-panel').waitFor()
  },
})

describe('simulation form errors', () => {
  it('repeats the first error beside the disabled Run, which looks disabled, until the field is fixed', async () => {
    const { page } = session
    await page.getByTestId('sim-duration').fill('0')
    const status = page.getByTestId('sim-status')
    await expect
      .poll(() => status.textContent())
      .toBe(
        'Not run: Duration must be a number of hours > 0, at most 336 (two weeks) (got "0"). Fix the field marked in red above, then run.',
      )
    await page.getByTestId('sim-arrivals').fill('-5')
    await expect.poll(() => status.textContent()).toContain('Fix the 2 fields marked in red above, then run.')
    const run = page.getByTestId('sim-run')
    expect(await run.isDisabled()).toBe(true)
    expect(Number(await run.evaluate((e) => getComputedStyle(e).opacity))).toBeLessThan(1)
    await session.screenshot('simulation-form-errors')
    await page.getByTestId('sim-duration').fill('8')
    await page.getByTestId('sim-arrivals').fill('60')
    await expect.poll(() => status.textContent()).toBe('Set the traffic and run.')
    expect(await run.isDisabled()).toBe(false)
  })
})
