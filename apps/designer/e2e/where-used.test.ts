// "Where used" in real Chromium: from a subroutine node's inspector to every caller of the strategy, a click that
// opens the caller at its node, the uses of the selected node itself, and a misspelt name answered with the closest one.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { designerForThisFile } from './designer-for-this-file.ts'

let page: Page

interface Store {
  __rwStore: { getState(): { file: string | undefined; selection: string[] } }
}

const editor = () =>
  page.evaluate(() => {
    const s = (globalThis as unknown as Store).__rwStore.getState()
    return { file: s.file, selection: s.selection }
  })

designerForThisFile({
  viewport: { width: 1280, height: 800 },
  file: 'vip-routing.strategy.yaml',
  ready: (s) => {
    page = s.page
  },
})

describe('where used', () => {
  it('lists every caller of the strategy a subroutine node calls, and opens one at its node', async () => {
    await page.getByTestId('find').click()
    await page.getByTestId('find-input').fill('identify')
    await page.getByTestId('find-input').press('Enter')
    await page.getByTestId('find-input').press('Escape')
    // find selects the node (a click on a subroutine's title follows the link into the called strategy)
    await page.locator('[data-testid="inspector"] [data-node="identify"]').waitFor()
    await page.getByTestId('where-used-strategy-identify-caller').click()
    const items = page.getByTestId('where-used-item')
    await expect.poll(() => items.count()).toBe(3)
    expect(await page.getByTestId('where-used-count').textContent()).toBe(
      '3 uses of identify-caller (strategy)',
    )
    expect(
      // the row's parts: kind, strategy › node: use, file:line:col field
      await items.evaluateAll((els) =>
        els.map((el) => [...el.children].map((part) => part.textContent).join(' | ')),
      ),
    ).toEqual([
      'strategy | callback-offer › identify: calls | callback-offer.strategy.yaml:22:11 call',
      // the test file that tests it
      'strategy | tested | identify-caller.test.yaml:4:8 tests',
      'strategy | vip-routing › identify: calls | vip-routing.strategy.yaml:41:11 call',
    ])
    await items.first().click()
    await expect.poll(editor).toEqual({ file: 'callback-offer.strategy.yaml', selection: ['identify'] })
    await page.locator('[data-testid="inspector"] [data-node="identify"]').waitFor()
  })

  it("lists a selected node's uses: the strategy's start and the tests that expect it on their path", async () => {
    await page.getByTestId('where-used-node-identify').click()
    const items = page.getByTestId('where-used-item')
    await expect
      .poll(() => page.getByTestId('where-used-count').textContent())
      .toBe('8 uses of callback-offer#identify (node)')
    const rows = await items.evaluateAll((els) =>
      els.map((el) => [...el.children].map((part) => part.textContent).join(' | ')),
    )
    expect(rows.slice(0, 2)).toEqual([
      'node | start | callback-offer.strategy.yaml:18:8 start',
      'node | test expects path | callback-offer.test.yaml:19:14 scenarios[0].expect.path[0]',
    ])
  })

  it('answers a misspelt name with the closest one the workspace knows', async () => {
    await page.getByTestId('where-used-input').fill('suport_fr')
    await page.getByTestId('where-used-find').click()
    await expect
      .poll(() => page.getByTestId('where-used-none').textContent())
      .toBe('Nothing in the workspace is named "suport_fr". Did you mean "support_fr"?')
    await page.getByTestId('where-used-input').fill('support_fr')
    await page.getByTestId('where-used-find').click()
    await expect.poll(() => page.getByTestId('where-used-item').count()).toBe(6)
  })

  it("lists the alarm rule that watches a group, from serve's alarms.yaml, as a row that opens nothing", async () => {
    await page.getByTestId('where-used-input').fill('vip_team')
    await page.getByTestId('where-used-find').click()
    const alarm = page.locator('[data-testid="where-used-item"][data-file="alarms.yaml"]')
    await expect.poll(() => alarm.count()).toBe(1)
    // the line of the example's rule as the file has it today (the examples change; the place must follow)
    const rules = readFileSync(path.join(import.meta.dirname, '../../../examples/alarms.yaml'), 'utf8')
    const line = rules.split('\n').findIndex((text) => text.includes('queue: group:vip_team')) + 1
    expect(await alarm.evaluate((el) => [...el.children].map((part) => part.textContent).join(' | '))).toBe(
      `group | alarm vip-desk-oldest-waiting | alarms.yaml:${line}:18 rules.vip-desk-oldest-waiting.queue`,
    )
    expect(await alarm.isDisabled()).toBe(true)
  })
})
