// Raises the bottom panel from the keyboard, as a user makes room for the Monitor, Simulation or Reports tab.
import type { Page } from 'playwright-core'

/**
 * The bottom splitter raised by 288 px (what 18 ArrowUp steps of 16 px did): four Shift+ArrowUp steps of 64 px and
 * two of 16 px. Each step lays the shell out again (~80 ms here under load), so 6 steps instead of 18.
 */
export async function raiseBottomPanel(page: Page): Promise<void> {
  await page.getByTestId('splitter-bottom').focus()
  for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+ArrowUp')
  for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowUp')
}
