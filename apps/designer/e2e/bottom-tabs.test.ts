// The bottom panel's tabs in a narrow window (1,024 x 768: the panel is about 510 px wide): each on one line, in the
// tab strip, clear of the panel's collapse button, and each one reachable with a click.
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { designerForThisFile } from './designer-for-this-file.ts'

let page: Page

designerForThisFile({
  viewport: { width: 1024, height: 768 },
  file: 'vip-routing.strategy.yaml',
  ready: (s) => {
    page = s.page
  },
})

/** Tabs (their names) drawn outside the bottom panel, over its collapse button, or on more lines than the others. */
function misplacedTabs(): Promise<string[]> {
  return page.evaluate(() => {
    const panel = document.querySelector('.rw-bottom')!.getBoundingClientRect()
    const toggle = document.querySelector('.rw-bottom > .rw-shell-panel__toggle')!.getBoundingClientRect()
    const tabs = [...document.querySelectorAll<HTMLElement>('.rw-bottom [role="tab"]')]
    const heights = tabs.map((t) => t.getBoundingClientRect().height)
    const misplaced: string[] = []
    for (const tab of tabs) {
      tab.scrollIntoView({ block: 'nearest', inline: 'nearest' })
      const r = tab.getBoundingClientRect()
      const name = tab.textContent ?? '?'
      if (r.left < panel.left || r.right > panel.right || r.bottom > panel.bottom)
        misplaced.push(`${name}: outside`)
      if (r.left < toggle.right && toggle.left < r.right && r.top < toggle.bottom && toggle.top < r.bottom)
        misplaced.push(`${name}: under the collapse button`)
      if (r.height > Math.min(...heights) + 1)
        misplaced.push(`${name}: on ${Math.round(r.height)} px, wrapped`)
    }
    return misplaced
  })
}

it('keeps every bottom tab on one line, inside the panel and clear of its collapse button', async () => {
  expect(await misplacedTabs()).toEqual([])
})

it('opens the last tab with a click, scrolled into view', async () => {
  const last = page.locator('.rw-bottom [role="tab"]').last()
  expect(await last.textContent()).toBe('Find')
  await last.click()
  expect(await last.getAttribute('aria-selected')).toBe('true')
  await page.getByTestId('tab-problems').click()
  expect(await page.getByTestId('tab-problems').getAttribute('aria-selected')).toBe('true')
})
