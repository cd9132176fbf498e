// The start of every Reports e2e file: the bottom panel raised, on the Reports tab; and the form's datetime-local
// values, written in the browser's own zone as a user types them.
import type { Page } from 'playwright-core'
import { raiseBottomPanel } from './bottom-panel.ts'

/** The window the Reports files take: the figures table and its charts side by side. */
export const REPORTS_VIEWPORT = { width: 1440, height: 1000 }

export async function openReportsTab(page: Page): Promise<void> {
  await raiseBottomPanel(page)
  await page.getByTestId('tab-reports').click()
}

/** A datetime-local value for `ms` in the browser's own zone. */
export function datetimeLocal(page: Page, ms: number): Promise<string> {
  return page.evaluate((at) => {
    const d = new Date(at)
    const pad = (n: number) => String(n).padStart(2, '0')
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
  }, ms)
}
