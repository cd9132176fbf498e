// The UX review's layout findings at a 1,024 x 700 window: a quick fix's button ran 133-144 px past the Problems
// list (showing `Change "b`), a step's values ran past its node card as raw JSON, and the centre of a subroutine card
// was its "Open identify-caller" button, so clicking the card opened another file instead of selecting the node;
// after + New, F6 took the keyboard to the file clicked before rather than the new one.
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

/** The file the editor has open. */
const openFile = () =>
  page.evaluate(
    () =>
      (globalThis as unknown as { __rwStore: { getState(): { file?: string } } }).__rwStore.getState().file,
  )

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

it("keeps a step's values inside its node card, readable rather than raw JSON", async () => {
  await session.openFile('skills-escalation.strategy.yaml')
  await page.getByTestId('tab-testrun').click()
  await page
    .locator('[data-testid^="testrun-scenario-"][title="priority is raised after 40 seconds"]')
    .click()
  await page.getByTestId('testrun-run').click()
  await page.getByTestId('testrun-result').waitFor()
  // the step that reserved bob at the experts node: back from the last step until its card shows values
  const values = page.getByTestId('node-values-experts')
  await expect
    .poll(async () => {
      if ((await values.count()) > 0 && /reserved/.test((await values.textContent()) ?? '')) return true
      await page.getByTestId('testrun-prev').click()
      return false
    })
    .toBe(true)
  const card = await boxOf('[data-testid="node-experts"]')
  const lines = await values.locator(':scope > *').evaluateAll((rows) =>
    rows.map((row) => {
      const { left, right } = row.getBoundingClientRect()
      const style = getComputedStyle(row)
      const clipped = style.overflow === 'hidden' && style.textOverflow === 'ellipsis'
      return {
        text: row.textContent ?? '',
        title: row.getAttribute('title') ?? '',
        left,
        right,
        fits: row.scrollWidth <= row.clientWidth + 1 || clipped,
      }
    }),
  )
  const reserved = lines.find((line) => line.text.startsWith('reserved'))
  expect(reserved?.text).toMatch(/^reserved agent bob, target skill:/)
  for (const line of lines) {
    expect(line.left, line.text).toBeGreaterThanOrEqual(card.left - 0.5)
    expect(line.right, line.text).toBeLessThanOrEqual(card.right + 0.5)
    expect(line.fits, line.text).toBe(true)
    expect(line.text, line.text).not.toContain('{"')
    // the whole value on hover
    expect(line.text.endsWith(line.title.slice(-8)), line.text).toBe(true)
  }
  await session.screenshot('ux-review-step-values-1024')
  expect(session.pageErrors).toEqual([])
})

it("selects a subroutine node when its card's centre is clicked; the open-link stays at its edge", async () => {
  await session.openFile('vip-routing.strategy.yaml')
  const box = await boxOf('[data-testid="node-identify"]')
  await page.mouse.click((box.left + box.right) / 2, (box.top + box.bottom) / 2)
  await expect.poll(() => page.locator('[data-testid="node-identify"].is-selected').count()).toBe(1)
  expect(await openFile()).toBe('vip-routing.strategy.yaml')
  // the link is a corner of the card, clear of its centre, and still opens the called strategy
  const link = await boxOf('[data-testid="strategy-link-identify-caller"]')
  expect(inside(link, box)).toBe(true)
  const centre = { x: (box.left + box.right) / 2, y: (box.top + box.bottom) / 2 }
  const overCentre =
    link.left <= centre.x && centre.x <= link.right && link.top <= centre.y && centre.y <= link.bottom
  expect(overCentre).toBe(false)
  await session.screenshot('ux-review-subroutine-card-1024')
  await page.getByTestId('strategy-link-identify-caller').click()
  await expect.poll(openFile).toBe('identify-caller.strategy.yaml')
  expect(session.pageErrors).toEqual([])
})

it('F6 after + New lands on the new file in the file list, not on the file clicked before', async () => {
  await session.openFile('ab-test.strategy.yaml')
  await page.locator('[data-testid="file-list"] [data-path="business-hours.strategy.yaml"]').click()
  await expect.poll(openFile).toBe('business-hours.strategy.yaml')
  await page.getByTestId('workspace-new').click()
  await page.getByTestId('prompt-input').fill('fresh-start')
  await page.getByTestId('prompt-ok').click()
  await expect.poll(openFile).toBe('fresh-start.strategy.yaml')
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
  await page.keyboard.press('F6')
  await expect
    .poll(() => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.path))
    .toBe('fresh-start.strategy.yaml')
  expect(session.pageErrors).toEqual([])
})

it('clears the palette search once a node is added, so every kind shows next time', async () => {
  await session.openFile('ab-test.strategy.yaml')
  const search = page.getByTestId('palette-search')
  const kinds = page.locator('[data-testid="palette-kinds"] > button')
  const all = await kinds.count()
  const nodes = page.locator('.react-flow__node')
  const before = await nodes.count()
  await search.fill('assign')
  await expect.poll(() => kinds.count()).toBeLessThan(all)
  await search.press('Enter')
  await expect.poll(() => nodes.count()).toBe(before + 1)
  expect(await search.inputValue()).toBe('')
  await expect.poll(() => kinds.count()).toBe(all)
  // added with a double click on a found kind: cleared too
  await search.fill('assign')
  await page.getByTestId('palette-assign').dblclick()
  await expect.poll(() => nodes.count()).toBe(before + 2)
  expect(await search.inputValue()).toBe('')
  expect(session.pageErrors).toEqual([])
})

it('shows the Where used placeholder whole, its full list of kinds in the title', async () => {
  await session.openFile('ab-test.strategy.yaml')
  await page.getByRole('tab', { name: 'Where used' }).click()
  const input = page.getByTestId('where-used-input')
  await input.waitFor()
  const fit = await input.evaluate((el: HTMLInputElement) => {
    const style = getComputedStyle(el)
    const probe = document.createElement('span')
    probe.style.font = style.font
    probe.style.whiteSpace = 'pre'
    probe.style.position = 'absolute'
    probe.textContent = el.placeholder
    document.body.append(probe)
    const text = probe.getBoundingClientRect().width
    probe.remove()
    const room = el.clientWidth - Number.parseFloat(style.paddingLeft) - Number.parseFloat(style.paddingRight)
    return { text, room, placeholder: el.placeholder }
  })
  expect(fit.text, fit.placeholder).toBeLessThanOrEqual(fit.room)
  expect(await input.getAttribute('title')).toMatch(
    /group, queue, skill, strategy, strategy#node, variable or prompt/,
  )
  expect(session.pageErrors).toEqual([])
})

it('lets "Saved N files." fade like other notices, its text kept in the status announcements', async () => {
  await session.openFile('vip-routing.strategy.yaml')
  await page.keyboard.press('Control+Shift+F')
  await page.getByTestId('find-all-input').fill('tier')
  await page.getByTestId('find-all-word').click()
  await page.getByTestId('find-all-case').click()
  await page.getByTestId('find-all-input').press('Enter')
  await page.getByTestId('find-all-replace-input').fill('segment')
  await page.getByTestId('find-all-replace-all').click()
  await page.getByTestId('save-all-button').click()
  const summary = page.getByTestId('save-all-summary')
  await expect.poll(() => summary.textContent()).toMatch(/^Saved \d+ files\.$/)
  const text = await summary.textContent()
  // gone by itself, no click or Escape
  await expect.poll(() => summary.count(), { timeout: 20_000 }).toBe(0)
  const announced = page.getByTestId('save-all-announcement')
  expect(await announced.getAttribute('role')).toBe('status')
  expect(await announced.textContent()).toBe(text)
  expect(session.pageErrors).toEqual([])
})
