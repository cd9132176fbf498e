// Node ids and input names the inspector refuses, as a user meets them: the field keeps what they typed beside the reason, and the
// document keeps its old name until they type one that fits (the field never shows a name the file does not have).
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { selectNode, storeText } from './code-helpers.ts'
import { designerForThisFile } from './designer-for-this-file.ts'

const FILE = 'vip-routing.strategy.yaml'
let page: Page

const nodeIds = () =>
  page.evaluate(() => {
    const store = (globalThis as { __rwStore?: { getState(): { document?: { nodes: object } } } }).__rwStore
    return Object.keys(store?.getState().document?.nodes ?? {})
  })

const session = designerForThisFile({
  blank: true,
  async ready(s) {
    page = s.page
    await page.goto(`${s.url}?file=${FILE}`)
    await page.getByTestId('node-use_attached').waitFor({ timeout: 20_000 })
  },
})

describe('refused names', () => {
  it.each([
    ['my node', 'An id uses letters, digits'],
    ['привет', 'An id uses letters, digits'],
    ['by_tier', 'There is already a node "by_tier"'],
  ])('a node id "%s" is refused beside the field and the node keeps its id', async (typed, reason) => {
    await selectNode(page, 'use_attached')
    const before = await storeText(page)
    const field = page.getByTestId('field-id')
    await field.fill(typed)
    await field.press('Tab')
    await expect.poll(() => page.getByTestId('field-id-error').textContent()).toContain(reason)
    expect(await field.inputValue()).toBe(typed)
    expect(await field.getAttribute('aria-invalid')).toBe('true')
    expect(await nodeIds()).toContain('use_attached')
    expect(await storeText(page)).toBe(before)
    await session.screenshot(`refused-node-id-${typed === 'by_tier' ? 'taken' : 'invalid'}`)
    // the old id put back clears the complaint and changes nothing
    await field.fill('use_attached')
    await field.press('Tab')
    await expect.poll(() => page.getByTestId('field-id-error').count()).toBe(0)
    expect(await storeText(page)).toBe(before)
  })

  it.each([
    ['customer_tier', '"customer_tier" is declared already'],
    ['my input', 'A name uses letters, digits or "_"'],
    ['', 'A name uses letters, digits or "_"'],
  ])('an input renamed "%s" is refused beside the field and keeps its name', async (typed, reason) => {
    await page.keyboard.press('Escape')
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } })
    const before = await storeText(page)
    const field = page.getByTestId('field-inputs-account-name')
    await field.fill(typed)
    await field.press('Tab')
    await expect
      .poll(() => page.getByTestId('field-inputs-account-name-error').textContent())
      .toContain(reason)
    expect(await field.inputValue()).toBe(typed)
    expect(await storeText(page)).toBe(before)
    await field.fill('account')
    await field.press('Tab')
    await expect.poll(() => page.getByTestId('field-inputs-account-name-error').count()).toBe(0)
    expect(await storeText(page)).toBe(before)
  })

  it('a node id that fits after a refused one renames the node', async () => {
    await selectNode(page, 'use_attached')
    const field = page.getByTestId('field-id')
    await field.fill('by tier')
    await field.press('Enter')
    await page.getByTestId('field-id-error').waitFor()
    await field.fill('take_attached')
    await field.press('Enter')
    await expect.poll(nodeIds).toContain('take_attached')
    expect(await nodeIds()).not.toContain('use_attached')
    await expect.poll(() => page.getByTestId('field-id-error').count()).toBe(0)
    expect(await storeText(page)).toMatch(/when: 'data.customer_tier != ""', next: take_attached/)
  })

  it('Ctrl+S with a new id still in the field saves the node under that id', async () => {
    await selectNode(page, 'by_tier')
    const field = page.getByTestId('field-id')
    await field.fill('tier_switch')
    await page.keyboard.press('Control+s')
    const onDisk = () => readFile(join(session.workspace, FILE), 'utf8')
    await expect.poll(onDisk).toMatch(/^ {2}tier_switch:/m)
    expect(await onDisk()).not.toMatch(/^ {2}by_tier:/m)
    expect(await field.inputValue()).toBe('tier_switch')
  })
})
