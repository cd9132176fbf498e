// The edges are routed once for what they are drawn between: the routes planned to frame a file's opening view are
// the ones drawn (canvas/route-plan.ts), and fitting the view again routes nothing. Read from the test build's
// __rwRoutings (what each routing was between). Before the plan was shared, opening routed the same ends and boxes
// twice (the view's plan, then the drawing's) and Fit all a third time.
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { generateLargeStrategy } from '../bench/open-large.bench.ts'
import { designerForThisFile } from './designer-for-this-file.ts'
import { FITTED_CANVAS } from './harness.ts'
import { paneSettled, viewportSettled } from './viewport.ts'

let page: Page

const session = designerForThisFile({
  files: { 'large.strategy.yaml': generateLargeStrategy(60) },
  blank: true,
  viewport: { width: 1024, height: 768 },
  ready: (s) => {
    page = s.page
  },
})

const routings = () => page.evaluate(() => globalThis.__rwRoutings ?? [])

async function open(file: string): Promise<void> {
  await page.goto(`${session.url}?file=${file}`)
  await page.locator(FITTED_CANVAS).waitFor({ timeout: 30_000 })
  await paneSettled(page)
}

it.each(['vip-routing.strategy.yaml', 'large.strategy.yaml'])(
  '%s routes its edges once for each set of ends while it opens',
  async (file) => {
    await open(file)
    const made = await routings()
    // the opening view's plan at least (further ones follow the handles the DOM measured, a few px off the estimate)
    expect(made.length).toBeGreaterThan(0)
    expect(made.length - new Set(made).size, 'routings of ends and boxes routed before').toBe(0)
  },
)

it('routes nothing when the view is fitted again', async () => {
  await open('vip-routing.strategy.yaml')
  const before = await routings()
  await page.getByTestId('fit-view').click()
  await viewportSettled(page)
  expect(await routings()).toEqual(before)
})

// before: React Flow had the nodes of a file laid out automatically on a temporary grid for one commit before the
// layout effect placed them, and their edges were planned there too (a plan never painted)
it('routes a file laid out automatically only between its laid-out places', async () => {
  await open('vip-routing.strategy.yaml')
  const made = await routings()
  const boxesOf = (routing: string) => routing.split(' | ')[1]
  expect(made.length).toBeGreaterThan(0)
  expect(new Set(made.map(boxesOf)).size, 'node boxes the edges were routed around').toBe(1)
})
