// Opens a strategy with serve's URL in the page address, the bottom panel raised, on the Monitor tab (not connected):
// the start of every Monitor e2e file.
import type { Page } from 'playwright-core'
import { raiseBottomPanel } from './bottom-panel.ts'
import { FITTED_CANVAS } from './harness.ts'

/** `reload`: the page's own address again (what a browser reload keeps), instead of going to `file`. */
export async function openMonitorTab(
  page: Page,
  designerUrl: string,
  serveUrl: string,
  file: string,
  reload = false,
): Promise<void> {
  const address = `${designerUrl}?file=${file}&serve=${encodeURIComponent(serveUrl)}`
  await (reload ? page.reload() : page.goto(address))
  await page.locator(FITTED_CANVAS).waitFor({ timeout: 20_000 })
  await raiseBottomPanel(page)
  await page.getByTestId('tab-monitor').click()
}
