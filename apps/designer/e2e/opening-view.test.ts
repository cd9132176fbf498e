// Each example opens so the designer sees the strategy: fitted whole at a readable zoom, or, when it fits only
// smaller, at the floor zoom with a "n of m nodes in view - Fit all" cue whose button shows every node.
import { readdirSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { distOption } from './code-helpers.ts'
import { type DesignerSession, startDesigner } from './harness.ts'
import { viewportSettled } from './viewport.ts'

const EXAMPLES = readdirSync(resolve(import.meta.dirname, '../../../examples'))
  .filter((f) => f.endsWith('.strategy.yaml'))
  .sort()

let session: DesignerSession
let page: Page

/** Ids of drawn nodes not wholly inside the canvas pane. */
function nodesOutside(): Promise<string[]> {
  return page.evaluate(() => {
    const pane = document.querySelector('[data-testid="canvas"]')!.getBoundingClientRect()
    return [...document.querySelectorAll<HTMLElement>('.react-flow__node')]
      .filter((n) => {
        const r = n.getBoundingClientRect()
        return (
          r.left < pane.left - 1 ||
          r.right > pane.right + 1 ||
          r.top < pane.top - 1 ||
          r.bottom > pane.bottom + 1
        )
      })
      .map((n) => n.dataset.id ?? '?')
  })
}

function zoom(): Promise<number> {
  return page.evaluate(
    () => new DOMMatrix(getComputedStyle(document.querySelector('.react-flow__viewport')!).transform).a,
  )
}

beforeAll(async () => {
  session = await startDesigner({ ...distOption(), open: false })
  page = session.page
})

afterAll(async () => {
  await session?.close()
})

it('has the ten examples', () => {
  expect(EXAMPLES).toHaveLength(10)
})

it.each(EXAMPLES)('opens %s whole, or at the floor zoom with a Fit all cue', async (file) => {
  await session.openFile(file)
  await viewportSettled(page)
  await session.screenshot(`opening-view-${file.replace('.strategy.yaml', '')}`)
  const chip = page.getByTestId('nodes-in-view')
  if ((await nodesOutside()).length === 0) {
    expect(await zoom()).toBeGreaterThanOrEqual(0.5)
    expect(await chip.count()).toBe(0)
    return
  }
  // part of the flow is off screen: the user is told how much and can fit it with one click
  expect(await zoom()).toBeCloseTo(0.5, 2)
  await expect.poll(() => chip.textContent()).toMatch(/^\d+ of \d+ nodes in view/)
  await page.getByTestId('nodes-in-view-fit').click()
  await expect.poll(() => nodesOutside()).toEqual([])
  await expect.poll(() => chip.count()).toBe(0)
})
