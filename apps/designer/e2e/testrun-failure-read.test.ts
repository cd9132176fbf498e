// A failed scenario as the UX review met it: a wrong path was two long JSON arrays side by side, "Actual" off to the
// right of a 1,440 px panel, the scenario name cut. Now expected sits above actual, the path as chips with the first
// differing step marked, the name whole, and the output column never scrolls sideways (1,440 and 1,024 px).
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { designerForThisFile } from './designer-for-this-file.ts'

let page: Page
const session = designerForThisFile({
  blank: true,
  viewport: { width: 1440, height: 900 },
  ready: (s) => {
    page = s.page
  },
})

const LONG_NAME =
  'gold tier attached goes to the VIP desk, longest idle agent first, even when the CRM is slow to answer the lookup'

const wideness = (selector: string) =>
  page.locator(selector).evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }))

it.each([
  [1440, 900],
  [1024, 700],
])(
  'a wrong path reads expected above actual, the parting step marked, nothing sideways at %i x %i',
  async (width, height) => {
    const tests = join(session.workspace, 'vip-routing.test.yaml')
    const text = await readFile(tests, 'utf8')
    await writeFile(
      tests,
      text
        .replace(
          'name: gold tier attached goes to the VIP desk, longest idle agent first',
          `name: ${LONG_NAME}`,
        )
        .replace(
          'path: [has_tier, use_attached, by_tier, pop_gold, vip_desk]',
          'path: [has_tier, identify, by_tier]',
        ),
    )
    await page.setViewportSize({ width, height })
    await session.openFile('vip-routing.strategy.yaml')
    await page.getByRole('tab', { name: 'Test run' }).click()
    await expect.poll(() => page.getByTestId('testrun-scenario-0').getAttribute('title')).toBe(LONG_NAME)
    await page.getByTestId('testrun-run-all').click()
    const row = page.getByTestId('testrun-report-0')
    await expect.poll(() => row.getAttribute('data-passed')).toBe('false')

    const failure = row.locator('[data-testid="testrun-failure"][data-field="path"]')
    expect(await failure.getByTestId('testrun-failure-at').textContent()).toContain('differs at step 2')
    const expected = failure.getByTestId('testrun-expected')
    const actual = failure.getByTestId('testrun-actual')
    expect(await expected.locator('[data-differs="first"]').textContent()).toBe('identify')
    expect(await actual.locator('[data-differs="first"]').textContent()).toBe('use_attached')
    expect(await expected.locator('li:not([data-differs])').allTextContents()).toEqual(['has_tier'])
    // stacked: actual starts below expected, not to its right
    const [e, a] = [await expected.boundingBox(), await actual.boundingBox()]
    expect(a?.y).toBeGreaterThanOrEqual((e?.y ?? 0) + (e?.height ?? 0) - 0.5)
    // the name whole, wrapped rather than cut
    const name = row.locator('.rw-testrun__report-name')
    expect(await name.textContent()).toBe(LONG_NAME)
    const nameWide = await wideness('[data-testid="testrun-report-0"] .rw-testrun__report-name')
    expect(nameWide.scroll).toBeLessThanOrEqual(nameWide.client)
    const output = await wideness('.rw-testrun__output')
    expect(output.scroll).toBeLessThanOrEqual(output.client)
    await session.screenshot(`testrun-failure-read-${width}`)
    await writeFile(tests, text)
  },
)
