// Opening a large strategy hands React Flow its node list once (each list it gets, it adopts whole: 3,001 nodes
// cost it tens of ms each time) and plans the routes of the edges in and near the opening view only, the rest when
// they come into view. Read from the test build's __rwNodeLists and __rwRoutings. Before, the open of a 301-node
// strategy handed React Flow a fourth list of the same nodes once the workspace's other strategies had loaded, and
// a 501-node one had all its 600 edges planned for a view showing a dozen.
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { generateLargeStrategy } from '../bench/open-large.bench.ts'
import { designerForThisFile } from './designer-for-this-file.ts'
import { FITTED_CANVAS } from './harness.ts'
import { paneSettled } from './viewport.ts'

let page: Page

interface Store {
  __rwStore: { getState(): { checking: boolean; file?: string } }
}

const session = designerForThisFile({
  files: {
    'large.strategy.yaml': generateLargeStrategy(60),
    'larger.strategy.yaml': generateLargeStrategy(100),
  },
  blank: true,
  viewport: { width: 1024, height: 768 },
  ready: (s) => {
    page = s.page
  },
})

async function openLarge(file = 'large.strategy.yaml'): Promise<void> {
  await page.goto(`${session.url}?file=${file}`)
  await page.locator(FITTED_CANVAS).waitFor({ timeout: 30_000 })
  await page.locator('.react-flow__node').first().waitFor()
  await page.waitForFunction((name) => {
    const state = (globalThis as unknown as Partial<Store>).__rwStore?.getState()
    return state?.file === name && !state.checking
  }, file)
  await paneSettled(page)
}

it('hands React Flow the node list once while a 301-node strategy opens, then only for a change', async () => {
  await openLarge()
  const lists = await page.evaluate(() => globalThis.__rwNodeLists ?? [])
  // the opening list, then those bringing the nodes the DOM measured and the checks' problems
  expect(lists[0]).toBe(301)
  expect(
    lists.filter((changed) => changed === 0),
    'lists with no node changed',
  ).toEqual([])
})

it('plans the routes of the edges near the opening view of a 501-node strategy, not its 600 edges', async () => {
  await openLarge('larger.strategy.yaml')
  const routings = await page.evaluate(() => globalThis.__rwRoutings ?? [])
  const edgesRouted = routings.map((r) => r.split(' | ')[0]!.split(';').length)
  expect(edgesRouted.length).toBeGreaterThan(0)
  expect(Math.max(...edgesRouted)).toBeLessThan(200)
})
