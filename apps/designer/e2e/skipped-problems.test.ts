// Workspace entries the server's walk skipped (RW091: a FIFO, a folder named like a strategy) in the Problems panel,
// as a user meets them in real Chromium: a warning each, with its path, code and fix; clicking one opens nothing.
import { execFileSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { designerForThisFile } from './designer-for-this-file.ts'
import { FITTED_CANVAS } from './harness.ts'

const FILE = 'vip-routing.strategy.yaml'
let page: Page

const session = designerForThisFile({
  blank: true,
  async ready(s) {
    page = s.page
    // made before the page lists the workspace: the server's walk meets them on its first list
    execFileSync('mkfifo', [join(s.workspace, 'pipe.strategy.yaml')])
    mkdirSync(join(s.workspace, 'old.strategy.yaml'))
    await page.goto(`${s.url}?file=${FILE}`)
    await page.locator(FITTED_CANVAS).waitFor({ timeout: 20_000 })
  },
})

const skippedRows = () => page.locator('[data-testid="problem"][data-code="RW091"]')
const openFile = () =>
  page.evaluate(
    () => (globalThis as { __rwStore?: { getState(): { file?: string } } }).__rwStore?.getState().file,
  )

describe('skipped workspace entries in the Problems panel', () => {
  it('[RW091] lists each skipped entry as a warning with its path, code and fix', async () => {
    await expect.poll(() => skippedRows().count(), { timeout: 15_000 }).toBe(2)
    expect(await skippedRows().evaluateAll((rows) => rows.map((r) => r.getAttribute('data-file')))).toEqual([
      'old.strategy.yaml',
      'pipe.strategy.yaml',
    ])
    expect(await skippedRows().allTextContents()).toEqual([
      'warningRW091old.strategy.yaml: not a regular file (a folder), skipped. Rename or remove it: only regular files are read.',
      'warningRW091pipe.strategy.yaml: not a regular file (a named pipe (FIFO)), skipped. Rename or remove it: only regular files are read.',
    ])
    // counted with the open file's own warnings, in the header and on the tab
    const own = await page.evaluate(() => {
      type Store = { getState(): { diagnostics: { severity: string }[] } }
      const all = (globalThis as { __rwStore?: Store }).__rwStore?.getState().diagnostics ?? []
      return { all: all.length, warnings: all.filter((d) => d.severity === 'warning').length }
    })
    expect(await page.getByTestId('problems-count').textContent()).toMatch(
      new RegExp(`, ${own.warnings + 2} warnings$`),
    )
    expect(await page.getByTestId('tab-problems').textContent()).toBe(`Problems ${own.all + 2}`)
    await session.screenshot('skipped-problems')
  })

  it('[RW091] clicking a skipped entry opens nothing and fails nothing', async () => {
    const asked: string[] = []
    page.on('request', (r) => {
      if (r.url().includes('pipe.strategy.yaml') || r.url().includes('old.strategy.yaml')) asked.push(r.url())
    })
    const rows = await skippedRows().all()
    expect(rows).toHaveLength(2)
    for (const row of rows) await row.click()
    // a beat for anything the click might have started
    await page.waitForTimeout(500)
    expect(asked).toEqual([])
    expect(await openFile()).toBe(FILE)
    expect(await page.getByTestId('workspace-error').count()).toBe(0)
    expect(session.pageErrors).toEqual([])
  })
})
