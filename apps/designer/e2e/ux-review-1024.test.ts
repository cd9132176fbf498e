// The UX review's layout findings at a 1,024 x 700 window: a quick fix's button ran 133-144 px past the Problems
// list (showing `Change "b`), a step's values ran past its node card as raw JSON, and the centre of a subroutine card
// was its "Open identify-caller" button, so clicking the card opened another file instead of selecting the node.
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { designerForThisFile } from './designer-for-this-file.ts'

let page: Page

const session = designerForThisFile({
  blank: true,
  viewport: { width: 1024, height: 700 },
  ready: (s) => {
    page = s.page
  },
})

type Box = { left: number; top: number; right: number; bottom: number }

const boxOf = (selector: string): Promise<Box> =>
  page
    .locator(selector)
    .first()
    .evaluate((el) => {
      const { left, top, right, bottom } = el.getBoundingClientRect()
      return { left, top, right, bottom }
    })

const inside = (inner: Box, outer: Box) =>
  inner.left >= outer.left - 0.5 &&
  inner.right <= outer.right + 0.5 &&
  inner.top >= outer.top - 0.5 &&
  inner.bottom <= outer.bottom + 0.5

it('keeps a long quick fix inside the Problems list, its whole label in its name and title', async () => {
  const file = join(session.workspace, 'inbound-call.strategy.yaml')
  await writeFile(
    file,
    (await readFile(file, 'utf8')).replace('{ group: billing_ny }', '{ group: billing_nyy }'),
  )
  await session.openFile('inbound-call.strategy.yaml')
  await page.getByTestId('tab-problems').click()
  const label = 'Change "billing_nyy" to "billing_ny"'
  const fix = page.getByRole('region', { name: 'Problems', exact: true }).getByRole('button', { name: label })
  await fix.waitFor()
  const list = await boxOf('[data-testid="problems"]')
  const button = await fix.evaluate((el) => {
    const { left, top, right, bottom } = el.getBoundingClientRect()
    return { left, top, right, bottom }
  })
  expect(button.right).toBeLessThanOrEqual(list.right + 0.5)
  expect(inside(button, list) || button.bottom > list.bottom).toBe(true)
  // the list scrolls down, never sideways
  expect(
    await page.getByTestId('problems').evaluate((el) => el.scrollWidth - el.clientWidth),
  ).toBeLessThanOrEqual(0)
  expect(await fix.getAttribute('title')).toBe(label)
  await session.screenshot('ux-review-quick-fix-1024')
  expect(session.pageErrors).toEqual([])
})
