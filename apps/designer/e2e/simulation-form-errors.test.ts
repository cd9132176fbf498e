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

/** Scrolls the bottom panel's body (the form's nearest scrolling ancestor) to `top`. */
function scrollPanel(top: number): Promise<void> {
  return session.page.getByTestId('sim-run').evaluate((el, to) => {
    let box = el.parentElement
    while (box && !/auto|scroll/.test(getComputedStyle(box).overflowY)) box = box.parentElement
    box?.scrollTo({ top: to })
  }, top)
}

describe('simulation form errors', () => {
  it('says that more settings follow under Run, names the next, and scrolls to it', async () => {
    const { page } = session
    const more = page.getByTestId('sim-more')
    // before, "Duration (h)" was half drawn under Run with nothing saying 13 more settings followed
    await expect.poll(() => more.textContent()).toMatch(/^↓ \d+ more$/)
    expect(await more.getAttribute('aria-label')).toMatch(/^\d+ more settings below, next: Duration \(h\)$/)
    await more.click()
    const whole = await page.getByTestId('sim-duration').evaluate((el) => {
      const row = el.closest('.rw-sim__field')!.getBoundingClientRect()
      const bar = el.closest('form')!.querySelector('.rw-sim__run')!.getBoundingClientRect()
      return row.bottom <= bar.top + 1
    })
    expect(whole).toBe(true)
    // at the list's end nothing more is said
    await scrollPanel(10_000)
    await expect.poll(() => more.count()).toBe(0)
    await scrollPanel(0)
    await expect.poll(() => more.count()).toBe(1)
  })

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
    // the line names the field met first going down the form (arrivals, above duration), not the first checked
    await expect
      .poll(() => status.textContent())
      .toBe(
        'Not run: Arrivals per hour must be a number > 0 (got "-5"). Fix the 2 fields marked in red above, then run.',
      )
    // scrolled away from it, the button beside the line brings it back and focuses it
    await page.getByTestId('sim-arrivals').evaluate((el) => {
      el.closest('form')?.parentElement?.scrollTo({ top: 10_000 })
      ;(document.activeElement as HTMLElement | null)?.blur()
    })
    await page.getByTestId('sim-error-show').click()
    expect(await page.getByTestId('sim-arrivals').evaluate((el) => el === document.activeElement)).toBe(true)
    const run = page.getByTestId('sim-run')
    expect(await run.isDisabled()).toBe(true)
    expect(Number(await run.evaluate((e) => getComputedStyle(e).opacity))).toBeLessThan(1)
    await session.screenshot('simulation-form-errors')
    await page.getByTestId('sim-duration').fill('8')
    await page.getByTestId('sim-arrivals').fill('60')
    await expect.poll(() => status.textContent()).toBe('Set the traffic and run.')
    expect(await run.isDisabled()).toBe(false)
  })

  it('focuses the first field on screen in error, lower in the form and in the agents', async () => {
    const { page } = session
    const status = page.getByTestId('sim-status')
    const focused = (testId: string) =>
      page.getByTestId(testId).evaluate((el) => el === document.activeElement)
    // the seed is checked before the patience, but the patience is on screen first
    await page.getByTestId('sim-seed').fill('x')
    await page.getByTestId('sim-patience').fill('-1')
    await expect
      .poll(() => status.textContent())
      .toBe(
        'Not run: Patience must be a number of seconds > 0, or empty for callers who never hang up (got "-1"). Fix the 2 fields marked in red above, then run.',
      )
    await page.getByTestId('sim-error-show').click()
    expect(await focused('sim-patience')).toBe(true)
    await page.getByTestId('sim-patience').fill('120')
    await page.getByTestId('sim-seed').fill('1')
    // no agent logged in: the agents' count takes the focus (before, their message did, which cannot hold it)
    await page.getByTestId('sim-agent-count').fill('0')
    await expect
      .poll(() => status.textContent())
      .toBe('Not run: Log in at least one agent. Fix the field marked in red above, then run.')
    await page.getByTestId('sim-mode').focus()
    await page.getByTestId('sim-error-show').click()
    expect(await focused('sim-agent-count')).toBe(true)
    await page.getByTestId('sim-agent-count').fill('2')
    await expect.poll(() => status.textContent()).toBe('Set the traffic and run.')
  })
})
