// Compare versions: the open strategy against its saved file, another workspace file and a git revision, with
// the changes listed in the compare view and outlined on the canvas.
import { execFileSync } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { designerForThisFile } from './designer-for-this-file.ts'
import { readmeScreenshot } from './screenshots.ts'
import { viewportSettled } from './viewport.ts'

let page: Page
let firstCommit: string

function git(...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Ann Lee', '-c', 'user.email=ann@example.com', ...args], {
    cwd: session.workspace,
    encoding: 'utf8',
  }).trim()
}

/** The computed outline of a node on the canvas: how the compare view marks it. */
function outlineOf(id: string): Promise<string> {
  return page
    .locator(`.react-flow__node[data-id="${id}"]`)
    .evaluate((el) => `${getComputedStyle(el).outlineStyle} ${getComputedStyle(el).outlineColor}`)
}

/** Whether a node is wholly on the visible canvas (a user can see and click it). */
async function insideCanvas(id: string): Promise<boolean> {
  const node = await page.getByTestId(`node-${id}`).boundingBox()
  const canvas = await page.getByTestId('canvas').boundingBox()
  if (node === null || canvas === null) return false
  return (
    node.x >= canvas.x &&
    node.y >= canvas.y &&
    node.x + node.width <= canvas.x + canvas.width &&
    node.y + node.height <= canvas.y + canvas.height
  )
}

function lines(): Promise<string[]> {
  return page.getByTestId('compare-line').allTextContents()
}

const session = designerForThisFile({
  viewport: { width: 1440, height: 900 },
  blank: true,
  async ready(s) {
    page = s.page
    // the workspace becomes a repository with two commits of vip-routing: the older one had a shorter wait
    const file = join(session.workspace, 'vip-routing.strategy.yaml')
    const current = await readFile(file, 'utf8')
    const older = current.replace(/(vip_desk:\n(?: {4}.*\n)*? {4}wait: )\S+/, '$110s')
    expect(older).not.toBe(current)
    await writeFile(file, older)
    git('init', '-q', '-b', 'main')
    git('add', '-A')
    git('commit', '-q', '-m', 'Examples as first imported')
    firstCommit = git('rev-parse', 'HEAD')
    await writeFile(file, current)
    git('commit', '-q', '-am', 'Longer wait at the VIP desk')
    await session.openFile('vip-routing.strategy.yaml')
  },
})

describe('compare view', () => {
  it('shows no differences against the saved file until the strategy is edited, then lists and outlines the edit', async () => {
    await page.getByTestId('tab-compare').click()
    await expect.poll(() => page.getByTestId('compare-summary').textContent()).toContain('no differences')
    expect(await page.getByTestId('compare-line').count()).toBe(0)

    // the strategy opens at a readable zoom on its start node, General support off to the right: show it all first
    await page.getByTestId('fit-view').click()
    await expect.poll(() => insideCanvas('general')).toBe(true)
    await page.getByTestId('node-general').click()
    await page.getByTestId('field-title').fill('Everyone else')
    await expect
      .poll(() => page.getByTestId('compare-summary').textContent())
      .toBe('the saved file → open file: 1 node changed')
    expect(await lines()).toEqual(['~node general (target)', '~title: "General support" -> "Everyone else"'])
    await expect.poll(() => outlineOf('general')).toMatch(/^solid rgb\(143, 93, 0\)/)
    expect(await outlineOf('vip_desk')).toMatch(/^none/)
  })

  it('compares with a git revision picked from the commits that touched the file', async () => {
    await page.getByTestId('compare-source').selectOption('git')
    const options = await page.getByTestId('compare-rev').locator('option').allTextContents()
    expect(options).toHaveLength(2)
    expect(options[0]).toMatch(/ · Ann Lee · Longer wait at the VIP desk$/)
    await page.getByTestId('compare-rev').selectOption(firstCommit)
    await expect
      .poll(() => page.getByTestId('compare-summary').textContent())
      .toBe(`git ${firstCommit.slice(0, 7)} → open file: 2 nodes changed`)
    const shown = await lines()
    expect(shown).toContain('~node vip_desk (target)')
    expect(shown.find((l) => l.startsWith('~wait: "10s" -> '))).toBeDefined()
    await expect.poll(() => outlineOf('vip_desk')).toMatch(/^solid/)
  })

  it('compares with another workspace file: nodes added and removed, edges rewired', async () => {
    await page.getByTestId('compare-source').selectOption('file')
    // before a file is chosen the empty list says what to do, not nothing
    expect(await page.getByTestId('compare-pick-hint').textContent()).toMatch(
      /^Choose a strategy in File above/,
    )
    expect(await page.getByTestId('compare-line').count()).toBe(0)
    await page.getByTestId('compare-file').selectOption('skills-escalation.strategy.yaml')
    await expect.poll(() => page.getByTestId('compare-summary').textContent()).toMatch(/nodes? added/)
    expect(await page.getByTestId('compare-pick-hint').count()).toBe(0)
    const shown = await lines()
    expect(shown.some((l) => l.startsWith('-node '))).toBe(true)
    expect(shown.some((l) => l.startsWith('+node '))).toBe(true)
    expect(shown).toContain('~strategy: "skills-escalation" -> "vip-routing"')
  })

  it('selects a node by clicking its line and stops outlining when highlighting is off', async () => {
    await page.getByTestId('compare-source').selectOption('git')
    await page.getByTestId('compare-rev').selectOption(firstCommit)
    await page.locator('[data-testid="compare-line"][data-node="vip_desk"] button').click()
    await expect.poll(() => page.getByTestId('field-id').inputValue()).toBe('vip_desk')
    // closer, so the outlines read in the designer tour's screenshot (apps/designer/docs/tour.md)
    for (let i = 0; i < 2; i++) await page.locator('.react-flow__controls-zoomin').click()
    await viewportSettled(page)
    await readmeScreenshot(session, 'diff-view')
    await page.getByTestId('compare-highlight').uncheck()
    await expect.poll(() => outlineOf('vip_desk')).toMatch(/^none/)
    expect(session.pageErrors).toEqual([])
  })
})
