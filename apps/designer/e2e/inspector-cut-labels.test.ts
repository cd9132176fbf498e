// The inspector at a 1,024 x 700 window, as the UX review met it: a split's branch label read "candidat" (its row
// shared with the weight beside a label column) and an optional output's select cut "— default route —" with no
// way to read it whole. Now the branches take the row's full width and a select's title holds its whole choice.
import { expect, it } from 'vitest'
import { designerForThisFile } from './designer-for-this-file.ts'

const session = designerForThisFile({
  viewport: { width: 1024, height: 700 },
  file: 'ab-test.strategy.yaml',
})

it('shows a split branch label whole beside its weight', async () => {
  const { page } = session
  await page.getByTestId('node-experiment').click()
  const label = page.getByTestId('field-branches-1-label')
  expect(await label.inputValue()).toBe('candidate')
  const cut = await label.evaluate((input: HTMLInputElement) => input.scrollWidth > input.clientWidth + 1)
  expect(cut).toBe(false)
  expect(await page.getByTestId('field-branches-1-weight').inputValue()).toBe('20')
})

it("gives an output's select its whole choice as its title", async () => {
  const { page } = session
  await page.getByTestId('node-tag_control').click()
  const error = page.getByTestId('field-output-error')
  expect(await error.inputValue()).toBe('')
  expect(await error.getAttribute('title')).toBe('— default route —')
  // the node as the designer named it, with the id that is saved
  const next = page.getByTestId('field-output-next')
  expect(await next.getAttribute('title')).toBe('A: longest idle (longest_idle)')
  expect(await next.inputValue()).toBe('longest_idle')
  expect(session.pageErrors).toEqual([])
})
