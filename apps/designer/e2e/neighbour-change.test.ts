// The open strategy's problems follow its neighbours on disk: a group deleted from the directory by another editor
// (or git) shows as a problem of the strategy that targets it, without reopening it, and goes when it comes back.
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { designerForThisFile } from './designer-for-this-file.ts'

const STRATEGY = 'vip-routing.strategy.yaml'
const DIRECTORY = 'contact-center.directory.yaml'
let page: Page

const problems = () => page.getByTestId('problem').allTextContents()
const mentionsVipTeam = async () => (await problems()).filter((p) => p.includes('vip_team'))

const session = designerForThisFile({
  file: STRATEGY,
  async ready(s) {
    page = s.page
    await page.getByTestId('tab-problems').click()
  },
})

it('shows a problem when the group the strategy targets is deleted from the directory on disk', async () => {
  const path = join(session.workspace, DIRECTORY)
  const directory = await readFile(path, 'utf8')
  expect(await mentionsVipTeam()).toEqual([])
  // the group's own line goes; agents still list it, which is the directory's problem, not the strategy's
  const withoutGroup = directory.replace(/^ {2}vip_team: .*\n/m, '')
  expect(withoutGroup).not.toBe(directory)
  await writeFile(path, withoutGroup)

  await expect.poll(mentionsVipTeam).not.toEqual([])
  expect(await page.getByTestId('canvas').count()).toBe(1)
  expect(await readFile(join(session.workspace, STRATEGY), 'utf8')).toContain('group: vip_team')

  // the group back: the problem goes, still without reopening
  await writeFile(path, directory)
  await expect.poll(mentionsVipTeam).toEqual([])
  expect(session.pageErrors).toEqual([])
})
