// Restore an older version from the compare view: the git revision's text comes back into the editor as an
// unsaved change (canvas and text show it, the save bar says unsaved), Undo takes it back, and only Save writes it.
// An older version that no longer validates restores too, with its problems listed.
import { execFileSync } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { designerForThisFile } from './designer-for-this-file.ts'

const FILE = 'vip-routing.strategy.yaml'
let page: Page
let path: string
let v1: string
let broken: string
let v1Commit: string
let brokenCommit: string

function git(...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Ann Lee', '-c', 'user.email=ann@example.com', ...args], {
    cwd: session.workspace,
    encoding: 'utf8',
  }).trim()
}

/** The editor's text, as the code view and the canvas get it. */
function editorText(): Promise<string> {
  return page.evaluate(
    () => (globalThis as { __rwStore?: { getState(): { text: string } } }).__rwStore!.getState().text,
  )
}

function saveState(): Promise<string | null> {
  return page.getByTestId('save-status').getAttribute('data-state')
}

async function compareWith(commit: string) {
  await page.getByTestId('tab-compare').click()
  await page.getByTestId('compare-source').selectOption('git')
  await page.getByTestId('compare-rev').selectOption(commit)
  await expect
    .poll(() => page.getByTestId('compare-summary').textContent())
    .toContain(`git ${commit.slice(0, 7)}`)
}

const session = designerForThisFile({
  viewport: { width: 1440, height: 900 },
  blank: true,
  async ready(s) {
    page = s.page
    path = join(session.workspace, FILE)
    const today = await readFile(path, 'utf8')
    // the oldest commit sends VIPs to a group the directory no longer has; the next one is today's file (v1)
    broken = today.replace('targets: [{ group: vip_team }]', 'targets: [{ group: vip_team_2019 }]')
    expect(broken).not.toBe(today)
    await writeFile(path, broken)
    git('init', '-q', '-b', 'main')
    git('add', '-A')
    git('commit', '-q', '-m', 'VIPs to the 2019 team')
    brokenCommit = git('rev-parse', 'HEAD')
    v1 = today
    await writeFile(path, v1)
    git('commit', '-q', '-am', 'VIPs to the VIP team')
    v1Commit = git('rev-parse', 'HEAD')
    await session.openFile(FILE)
  },
})

it('restores a git revision as an unsaved change that Undo takes back and Save writes', async () => {
  // v2: the VIP desk renamed in the inspector and saved
  // the whole strategy on screen, so the VIP desk can be clicked
  if ((await page.getByTestId('nodes-in-view').count()) > 0)
    await page.getByTestId('nodes-in-view-fit').click()
  await page.getByTestId('node-vip_desk').click()
  await page.getByTestId('field-title').fill('VIP lounge')
  await page.getByTestId('field-title').press('Tab')
  await page.getByTestId('save-button').click()
  await expect.poll(() => readFile(path, 'utf8')).toContain('title: VIP lounge')
  const v2 = await readFile(path, 'utf8')
  await expect.poll(saveState).not.toBe('dirty')

  await compareWith(v1Commit)
  expect(await page.getByTestId('compare-line').allTextContents()).toContainEqual(
    expect.stringContaining('vip_desk'),
  )
  await page.getByTestId('compare-restore').click()
  // the canvas and the text show v1; nothing is written yet
  await expect.poll(editorText).toBe(v1)
  await expect.poll(() => page.getByTestId('node-vip_desk').textContent()).toContain('VIP desk')
  await expect.poll(saveState).toBe('dirty')
  await expect.poll(() => page.getByTestId('compare-summary').textContent()).toContain('no differences')
  await expect.poll(() => page.getByTestId('toast').textContent()).toContain('not saved yet')
  expect(await readFile(path, 'utf8')).toBe(v2)

  // Undo returns to v2 (the saved text), Redo brings v1 back, and Save writes it through the normal save
  await page.getByTestId('undo').click()
  await expect.poll(editorText).toBe(v2)
  await expect.poll(() => page.getByTestId('node-vip_desk').textContent()).toContain('VIP lounge')
  await expect.poll(saveState).not.toBe('dirty')
  await page.getByTestId('redo').click()
  await expect.poll(editorText).toBe(v1)
  await page.getByTestId('save-button').click()
  await expect.poll(() => readFile(path, 'utf8')).toBe(v1)
  await expect.poll(saveState).not.toBe('dirty')
  await session.screenshot('compare-restore')
  expect(session.pageErrors).toEqual([])
})

it('restores an older version that no longer validates, and lists its problems', async () => {
  await compareWith(brokenCommit)
  await page.getByTestId('compare-restore').click()
  await expect.poll(editorText).toBe(broken)
  await page.getByTestId('tab-problems').click()
  await expect
    .poll(() => page.getByTestId('problem').allTextContents())
    .toContainEqual(expect.stringContaining('vip_team_2019'))
  await expect.poll(saveState).toBe('dirty')
  // restoring did not write the broken version
  expect(await readFile(path, 'utf8')).toBe(v1)
})

it("restores another strategy's text with the open file's own id, and says so", async () => {
  const other = await readFile(join(session.workspace, 'identify-caller.strategy.yaml'), 'utf8')
  expect(other).toContain('strategy: identify-caller')
  await page.getByTestId('tab-compare').click()
  await page.getByTestId('compare-source').selectOption('file')
  await page.getByTestId('compare-file').selectOption('identify-caller.strategy.yaml')
  await expect
    .poll(() => page.getByTestId('compare-restore-id').textContent())
    .toBe('keeps this file\'s id "vip-routing"')
  await page.getByTestId('compare-restore').click()
  // the other strategy's nodes and comments, under this file's id: two strategies never share one
  await expect.poll(editorText).toContain('strategy: vip-routing\n')
  const restored = await editorText()
  expect(restored).not.toMatch(/^strategy: identify-caller$/m)
  expect(restored).toContain(other.split('\n')[1])
  await expect
    .poll(() => page.getByTestId('toast').textContent())
    .toContain('with this file\'s id "vip-routing" (it has "identify-caller")')
  await expect.poll(saveState).toBe('dirty')
  await page.getByTestId('save-button').click()
  await expect.poll(() => readFile(path, 'utf8')).toContain('strategy: vip-routing\n')
  expect(await readFile(join(session.workspace, 'identify-caller.strategy.yaml'), 'utf8')).toBe(other)
})
