// README screenshots: the e2e suite takes them; they are copied into docs/screenshots/ when missing or when
// UPDATE_SCREENSHOTS=1, so a routine test run does not rewrite committed images.
import { existsSync } from 'node:fs'
import { copyFile, mkdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { DesignerSession } from './harness.ts'

export const SCREENSHOT_DIR = resolve(import.meta.dirname, '../../../docs/screenshots')

/** Takes `name` into test-output/ and keeps it under docs/screenshots/<name>.png for the README. */
export async function readmeScreenshot(session: DesignerSession, name: string): Promise<string> {
  const taken = await session.screenshot(name)
  const kept = join(SCREENSHOT_DIR, `${name}.png`)
  if (process.env.UPDATE_SCREENSHOTS === '1' || !existsSync(kept)) {
    await mkdir(SCREENSHOT_DIR, { recursive: true })
    await copyFile(taken, kept)
  }
  return taken
}
