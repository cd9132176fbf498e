// The test run panel in real Chromium: run a scenario from the strategy's test file, see the path light up on the
// canvas, step through it, read why the winner won, edit a scenario so it fails, run all.
import { execFile } from 'node:child_process'
import { readFile, rm } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { openFile } from './code-helpers.ts'
import { designerForThisFile } from './designer-for-this-file.ts'

const FILE = 'vip-routing.strategy.yaml'
const CLI = resolve(import.meta.dirname, '../../../packages/cli/bin/routewright.mjs')
const PATH = ['has_tier', 'use_attached', 'by_tier', 'pop_gold', 'vip_desk']

const session = designerForThisFile({
  async ready({ page }) {
    await openFile(page, FILE)
    await page.getByTestId('tab-testrun').click()
    await page.getByTestId('testrun-panel').waitFor()
  },
})

const nodeClass = (id: string) => session.page.getByTestId(`node-${id}`).getAttribute('class')

describe('test run', () => {
  it('lists the scenarios of the strategy test file', async () => {
    const { page } = session
    await page.getByTestId('testrun-scenario-0').waitFor()
    expect(await page.getByTestId('testrun-scenario-0').textContent()).toContain('gold tier attached')
  })

  it('runs a scenario and lights its path on the canvas', async () => {
    const { page } = session
    await page.getByTestId('testrun-scenario-0').click()
    await page.getByTestId('testrun-run').click()
    const result = page.getByTestId('testrun-result')
    await result.waitFor()
    expect(await result.getAttribute('data-passed')).toBe('true')
    expect(await result.getAttribute('data-outcome')).toBe('routed')
    expect(await result.textContent()).toContain('erin')
    for (const id of PATH.slice(0, -1)) expect(await nodeClass(id)).toContain('is-visited')
    expect(await nodeClass('vip_desk')).toContain('is-current')
    expect(await nodeClass('general')).not.toMatch(/is-(visited|current)/)
    await session.screenshot('testrun-path')
  })

  it('shows the ranked candidates and why the winner won', async () => {
    const { page } = session
    const candidates = page.getByTestId('testrun-candidates')
    await candidates.waitFor()
    const winner = page.getByTestId('testrun-candidate-erin')
    expect(await winner.getAttribute('class')).toContain('winner')
    expect(await winner.textContent()).toMatch(/^1/)
    expect(await page.getByTestId('testrun-candidate-ann').textContent()).toMatch(/^2/)
    expect(await page.getByTestId('testrun-reason').textContent()).toContain('erin')
  })

  it('steps back through the trace, moving the highlight', async () => {
    const { page } = session
    const label = page.getByTestId('testrun-step-label')
    const last = await label.textContent()
    await page.getByTestId('testrun-prev').click()
    expect(await label.textContent()).not.toBe(last)
    expect(await nodeClass('pop_gold')).toContain('is-current')
    expect(await nodeClass('vip_desk')).not.toMatch(/is-(visited|current)/)
    // the attach node shows the data it wrote
    expect(await page.getByTestId('testrun-values').textContent()).toContain('data.Segment')
    await page.getByTestId('node-values-pop_gold').waitFor()
    await page.getByTestId('testrun-next').click()
    expect(await nodeClass('vip_desk')).toContain('is-current')
  })

  it('an edited scenario that expects something else fails with expected vs actual', async () => {
    const { page } = session
    const editor = page.getByTestId('testrun-editor')
    const text = await editor.inputValue()
    await editor.fill(text.replace(/agent: erin/, 'agent: ann'))
    await page.getByTestId('testrun-run').click()
    const result = page.getByTestId('testrun-result')
    await expect.poll(() => result.getAttribute('data-passed')).toBe('false')
    const failure = page.getByTestId('testrun-failure').first()
    expect(await failure.textContent()).toMatch(/agent.*ann.*erin/)
    await session.screenshot('testrun-failure')
  })

  it('an edited scenario that does not parse says where', async () => {
    const { page } = session
    await page.getByTestId('testrun-editor').fill('name: x\nexpect: { outcome: sideways }\n')
    expect(await page.getByTestId('testrun-editor-error').textContent()).toContain('expect.outcome')
    expect(await page.getByTestId('testrun-run').isDisabled()).toBe(true)
  })

  it('runs all scenarios and shows pass or fail for each', async () => {
    const { page } = session
    await page.getByTestId('testrun-run-all').click()
    const report = page.getByTestId('testrun-report')
    await report.waitFor()
    const rows = page.locator('[data-testid^="testrun-report-"]')
    const count = await rows.count()
    expect(count).toBeGreaterThan(3)
    for (let i = 0; i < count; i++) expect(await rows.nth(i).getAttribute('data-passed')).toBe('true')
    expect(await report.textContent()).toContain(`${count} of ${count} scenarios passed`)
    await session.screenshot('testrun-run-all')
  })

  it('without a test file says why Run all is off and creates a starter one', async () => {
    const { page } = session
    await rm(join(session.workspace, 'vip-routing.test.yaml'))
    const hint = page.getByTestId('testrun-no-tests')
    await hint.waitFor()
    expect(await page.getByTestId('testrun-run-all').isDisabled()).toBe(true)
    expect(await hint.textContent()).toContain('Run all needs saved scenarios')
    await page.getByTestId('testrun-create-tests').click()
    await hint.waitFor({ state: 'detached' })
    expect(await readFile(join(session.workspace, 'vip-routing.test.yaml'), 'utf8')).toContain(
      'tests: "vip-routing"',
    )
    await page.getByTestId('testrun-run-all').click()
    await page.getByTestId('testrun-report').waitFor()
    expect(await page.getByTestId('testrun-report-0').getAttribute('data-passed')).toBe('true')
    // and in CI: the starter names the directory `routewright test` needs, and is canonical as written
    const cli = (...args: string[]) =>
      promisify(execFile)(process.execPath, [CLI, ...args], { cwd: session.workspace })
    expect((await cli('test', 'vip-routing.test.yaml')).stdout).toContain('1 passed, 0 failed')
    await cli('fmt', '--check', 'vip-routing.test.yaml')
  })
})
