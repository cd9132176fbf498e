// A render fault in one pane (injected through the test-only `__rwRenderFault` hook) stays in that pane: it says
// what failed and offers Try again, the canvas and file list keep working, and the unsaved edit is kept as a draft.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { designerForThisFile } from './designer-for-this-file.ts'
import { ensureTestBuild } from './test-build.ts'

const FILE = 'skills-escalation.strategy.yaml'
let page: Page

/** The text of this tab's draft of FILE in localStorage, if any. */
function draftText(): Promise<string | undefined> {
  return page.evaluate((file) => {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i) ?? ''
      if (key.startsWith('routewright.draft') && key.endsWith(`:${file}`)) {
        return (JSON.parse(localStorage.getItem(key) ?? '{}') as { text?: string }).text
      }
    }
    return undefined
  }, FILE)
}

designerForThisFile(async () => ({
  // the hook exists only in a test build (layout/pane-fault.ts)
  dist: await ensureTestBuild(),
  file: FILE,
  ready: (s) => {
    page = s.page
  },
}))

describe('a render fault in one pane', () => {
  it('shows what failed in that pane only', async () => {
    await page.getByTestId('inspector').waitFor()
    await page.evaluate(() => {
      ;(globalThis as { __rwRenderFault?: string }).__rwRenderFault = 'inspector'
    })
    // selecting a node re-renders the inspector, which now throws
    await page.getByTestId('node-count_attempt').click()
    const fault = page.getByTestId('pane-fault-inspector')
    await fault.waitFor()
    expect(await fault.getAttribute('role')).toBe('alert')
    const text = (await fault.textContent()) ?? ''
    expect(text).toContain('The inspector stopped working')
    expect(text).toContain('Injected render fault in the inspector')
    expect(text).toContain(`(in ${FILE}, node count_attempt)`)
    expect(text).toContain('draft')
    expect(await page.getByTestId('workspace-panel').isVisible()).toBe(true)
    expect(await page.getByTestId('problems').isVisible()).toBe(true)
  })

  it('leaves the canvas working and keeps the unsaved edit as a draft', async () => {
    await page.keyboard.press('Delete')
    await expect.poll(() => page.getByTestId('node-count_attempt').count()).toBe(0)
    await expect.poll(draftText).toBeDefined()
    expect(await draftText()).not.toContain('count_attempt:')
  })

  it('Try again remounts the pane once the fault is gone', async () => {
    await page.evaluate(() => {
      delete (globalThis as { __rwRenderFault?: string }).__rwRenderFault
    })
    await page.getByTestId('pane-retry-inspector').click()
    await page.getByTestId('inspector').waitFor()
    expect(await page.getByTestId('pane-fault-inspector').count()).toBe(0)
    // the edit made while the inspector was down is still there
    expect(await page.getByTestId('node-count_attempt').count()).toBe(0)
  })
})
