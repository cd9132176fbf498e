// Ctrl/Cmd+Z and Ctrl/Cmd+Shift+Z in the inspector's Id field after a rename do what the Undo and Redo buttons do.
// Before, the field's own text undo took the key: the old id came back as an uncommitted draft and the node kept its
// new id. While the user is typing (a draft that differs from the id), the field still undoes its own text first.
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { designerForThisFile } from './designer-for-this-file.ts'

let page: Page

const session = designerForThisFile({
  file: 'vip-routing.strategy.yaml',
  ready: (s) => {
    page = s.page
  },
})

/** The node the inspector shows, and the focused element's test id and value. */
function where(): Promise<{ node: string | null; testId?: string | undefined; value?: string | undefined }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null
    const node = document.querySelector('.rw-inspector__body')?.getAttribute('data-node') ?? null
    return { node, testId: el?.dataset.testid, value: el?.value }
  })
}

it('undoes and redoes a rename with the keys from its Id field, keeping the focus there', async () => {
  if ((await page.getByTestId('nodes-in-view').count()) > 0)
    await page.getByTestId('nodes-in-view-fit').click()
  await page.getByTestId('node-vip_desk').click()
  const id = page.getByTestId('field-id')
  await id.fill('vip_lounge')
  await id.press('Enter')
  await expect.poll(where).toEqual({ node: 'vip_lounge', testId: 'field-id', value: 'vip_lounge' })
  await page.keyboard.press('Control+z')
  await expect.poll(where).toEqual({ node: 'vip_desk', testId: 'field-id', value: 'vip_desk' })
  expect(await page.getByTestId('node-vip_lounge').count()).toBe(0)
  await page.keyboard.press('Control+Shift+z')
  await expect.poll(where).toEqual({ node: 'vip_lounge', testId: 'field-id', value: 'vip_lounge' })
  // Cmd on a Mac
  await page.keyboard.press('Meta+z')
  await expect.poll(where).toEqual({ node: 'vip_desk', testId: 'field-id', value: 'vip_desk' })
  await page.keyboard.press('Meta+Shift+z')
  await expect.poll(where).toEqual({ node: 'vip_lounge', testId: 'field-id', value: 'vip_lounge' })
})

it('lets the field undo its uncommitted text first, then the document', async () => {
  const id = page.getByTestId('field-id')
  await id.fill('vip_half')
  await page.keyboard.press('Control+z')
  // the typing is undone; the node keeps its id (nothing was committed)
  await expect.poll(where).toEqual({ node: 'vip_lounge', testId: 'field-id', value: 'vip_lounge' })
  await page.keyboard.press('Control+z')
  await expect.poll(where).toEqual({ node: 'vip_desk', testId: 'field-id', value: 'vip_desk' })
  expect(session.pageErrors).toEqual([])
})
