// Ctrl/Cmd+Z and Ctrl/Cmd+Shift+Z in any inspector text field (not only Id) undo and redo the document as the Undo
// and Redo buttons do. Before, the input's own text undo took the key: in a field that commits on blur or Enter the
// old text came back uncommitted while the document kept the new value; in one that commits as it is typed the old
// text went in as a new edit, so Redo had nothing to redo.
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { selectNode, storeText } from './code-helpers.ts'
import { designerForThisFile } from './designer-for-this-file.ts'

let page: Page

const session = designerForThisFile({
  file: 'vip-routing.strategy.yaml',
  ready: (s) => {
    page = s.page
  },
})

/** The focused element's test id and value, and whether the document can be redone. */
function focus(): Promise<{ testId?: string | undefined; value?: string | undefined; canRedo: boolean }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null
    const redo = document.querySelector<HTMLButtonElement>('[data-testid="redo"]')
    return { testId: el?.dataset.testid, value: el?.value, canRedo: redo !== null && !redo.disabled }
  })
}

/** The line of the open text under `node:` that starts with `key:` (trimmed), or undefined. */
async function lineOf(node: string, key: string): Promise<string | undefined> {
  const lines = (await storeText(page)).split('\n')
  const from = lines.findIndex((l) => l.trim() === `${node}:`)
  const end = lines.findIndex((l, i) => i > from && /^ {2}\S/.test(l))
  return lines
    .slice(from + 1, end === -1 ? undefined : end)
    .map((l) => l.trim())
    .find((l) => l.startsWith(`${key}:`))
}

it('undoes and redoes a field that commits on Enter (attach keys to remove) with the keys', async () => {
  await selectNode(page, 'pop_gold')
  const remove = page.getByTestId('field-remove')
  await remove.fill('Segment')
  await remove.press('Enter')
  await expect.poll(() => lineOf('pop_gold', 'remove')).toBe('remove: [Segment]')
  await page.keyboard.press('Control+z')
  // before, the field showed '' as a draft while the document kept remove: [Segment]
  await expect.poll(() => lineOf('pop_gold', 'remove')).toBeUndefined()
  expect(await focus()).toEqual({ testId: 'field-remove', value: '', canRedo: true })
  await page.keyboard.press('Control+Shift+z')
  await expect.poll(() => lineOf('pop_gold', 'remove')).toBe('remove: [Segment]')
  expect(await focus()).toEqual({ testId: 'field-remove', value: 'Segment', canRedo: false })
  // leaving the field commits nothing more: it matches the document
  await page.keyboard.press('Tab')
  await page.keyboard.press('Shift+Tab')
  expect(await lineOf('pop_gold', 'remove')).toBe('remove: [Segment]')
})

it('undoes and redoes a number and a duration typed in their fields with the keys, as steps Redo can take again', async () => {
  await selectNode(page, 'vip_desk')
  const priority = page.getByTestId('field-priority')
  await priority.fill('70')
  await expect.poll(() => lineOf('vip_desk', 'priority')).toBe('priority: 70')
  await page.keyboard.press('Control+z')
  await expect.poll(() => lineOf('vip_desk', 'priority')).toBe('priority: 50')
  // before, the old text went in as a new edit: the same text, but nothing left to redo
  expect(await focus()).toEqual({ testId: 'field-priority', value: '50', canRedo: true })
  await page.keyboard.press('Control+y')
  await expect.poll(() => lineOf('vip_desk', 'priority')).toBe('priority: 70')
  expect(await focus()).toEqual({ testId: 'field-priority', value: '70', canRedo: false })

  const wait = page.getByTestId('field-wait')
  await wait.fill('2m')
  await expect.poll(() => lineOf('vip_desk', 'wait')).toBe('wait: 2m')
  await page.keyboard.press('Meta+z')
  await expect.poll(() => lineOf('vip_desk', 'wait')).toBe('wait: 1m')
  expect(await focus()).toEqual({ testId: 'field-wait', value: '1m', canRedo: true })
  // the undo before it too: the priority the first undo left
  await page.keyboard.press('Meta+z')
  await expect.poll(() => lineOf('vip_desk', 'priority')).toBe('priority: 50')
  expect(await focus()).toEqual({ testId: 'field-wait', value: '1m', canRedo: true })
  expect(session.pageErrors).toEqual([])
})
