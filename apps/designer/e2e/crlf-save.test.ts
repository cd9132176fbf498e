// A strategy from a Windows checkout has CRLF line ends: dragging a node and saving keeps them (the canvas's
// text goes through the DSL's updateStrategyText, which wrote LF before: git showed every line as changed).
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { storeText } from './code-helpers.ts'
import { designerForThisFile } from './designer-for-this-file.ts'
import { original } from './examples.ts'

const FILE = 'site-overflow.strategy.yaml'

const session = designerForThisFile(async () => ({
  file: FILE,
  files: { [FILE]: (await original(FILE)).replace(/\r?\n/g, '\r\n') },
}))

/** Line ends that are a bare LF, not CRLF. */
const bareLineFeeds = (text: string) => text.replace(/\r\n/g, '').split('\n').length - 1

it('keeps the CRLF line ends of a file whose node was dragged and saved', async () => {
  const { page } = session
  // the first drag writes the layout section (full update), the second moves a position line (the splice)
  for (const [dx, dy] of [
    [60, 40],
    [-30, 50],
  ] as const) {
    const before = await storeText(page)
    const node = await page.getByTestId('node-choose_site').boundingBox()
    if (!node) throw new Error('no node choose_site on the canvas')
    const x = node.x + node.width / 2
    const y = node.y + node.height / 2
    await page.mouse.move(x, y)
    await page.mouse.down()
    await page.mouse.move(x + dx, y + dy, { steps: 5 })
    await page.mouse.up()
    await expect.poll(() => storeText(page)).not.toBe(before)
  }
  const saved = page.waitForResponse(
    (r) => new URL(r.url()).pathname === '/api/file' && r.request().method() === 'PUT',
  )
  await page.keyboard.press('Control+s')
  expect((await saved).status()).toBe(200)
  const text = await readFile(join(session.workspace, FILE), 'utf8')
  expect(text).toContain('layout:\r\n')
  expect(bareLineFeeds(text)).toBe(0)
})
