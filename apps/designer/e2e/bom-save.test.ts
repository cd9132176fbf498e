// A strategy saved by a Windows editor starts with a byte order mark: an edit made in the designer's inspector and
// saved keeps it (the canvas's text goes through the DSL's updateStrategyText, which dropped it before).
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { storeText } from './code-helpers.ts'
import { designerForThisFile } from './designer-for-this-file.ts'
import { original } from './examples.ts'

const FILE = 'site-overflow.strategy.yaml'

const session = designerForThisFile(async () => ({
  file: FILE,
  files: { [FILE]: `\ufeff${await original(FILE)}` },
}))

it('keeps the byte order mark of a file edited in the inspector and saved', async () => {
  const { page } = session
  await page.getByTestId('node-choose_site').click()
  await page.getByTestId('field-title').fill('Shortest wait first')
  await expect.poll(() => storeText(page)).toContain('title: Shortest wait first')
  const saved = page.waitForResponse(
    (r) => new URL(r.url()).pathname === '/api/file' && r.request().method() === 'PUT',
  )
  await page.keyboard.press('Control+s')
  expect((await saved).status()).toBe(200)
  const bytes = await readFile(join(session.workspace, FILE))
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  expect(bytes.toString('utf8')).toContain('title: Shortest wait first')
})
