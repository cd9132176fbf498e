// The view a file opens at is final from its first frame: every animation frame from the page load until the view
// has settled is recorded (the viewport's transform while the file's nodes are on the page), and the test fails
// when the view moved once the nodes were drawn (before: start-node views moved ~20 px right once the edges were
// planned, after the first frame). Each example opens in a fresh page at 1,024 x 768, then from the file list after
// ab-test (also picked from the list: one page serves those switches).
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { openFromList } from './code-helpers.ts'
import { designerForThisFile } from './designer-for-this-file.ts'
import { EXAMPLE_STRATEGIES } from './examples.ts'
import { paneSettled } from './viewport.ts'

let page: Page

const session = designerForThisFile({
  blank: true,
  viewport: { width: 1024, height: 768 },
  ready: async (s) => {
    page = s.page
    // from the first frame of every page load: each distinct view drawn with nodes on the page, in order
    await page.addInitScript(() => {
      const seen: { view: string; nodes: string }[] = []
      Object.assign(globalThis, { __rwViewsDrawn: seen })
      const sample = () => {
        const view = document.querySelector<HTMLElement>('.react-flow__viewport')?.style.transform ?? ''
        const ids = [...document.querySelectorAll<HTMLElement>('.react-flow__node')].map((n) => n.dataset.id)
        const nodes = ids.sort().join(' ')
        const last = seen.at(-1)
        if (nodes !== '' && view !== '' && (last?.view !== view || last.nodes !== nodes))
          seen.push({ view, nodes })
      }
      // before the frame is drawn, and once it has been (a task queued from a frame runs after its paint)
      const frame = () => {
        sample()
        setTimeout(sample, 0)
        requestAnimationFrame(frame)
      }
      requestAnimationFrame(frame)
    })
  },
})

it.each(EXAMPLE_STRATEGIES)('opens %s at its final view on the first frame it draws', async (file) => {
  // panels at a first visit's sizes
  await page.evaluate(() => {
    if (location.protocol === 'http:') localStorage.removeItem('routewright.layout.v1')
  })
  await session.openFile(file)
  await paneSettled(page)
  expect(await viewsOfFinalNodes()).toEqual([await finalView()])
})

it.each(EXAMPLE_STRATEGIES.filter((f) => f !== 'ab-test.strategy.yaml'))(
  'opens %s from the file list, after another file, at its final view on the first frame it draws',
  async (file) => {
    // ab-test from the file list too: the page loaded once is enough to show another file first (a load each cost
    // ~1 s); its views are dropped below, so only those drawn for `file` are checked
    const abTest = page.getByTestId('file-ab-test.strategy.yaml')
    // run alone (-t), the page is still blank: load the designer first
    if ((await abTest.count()) === 0) await session.openFile('ab-test.strategy.yaml')
    await openFromList(page, 'ab-test.strategy.yaml')
    await paneSettled(page)
    await page.evaluate(() => {
      ;(globalThis as unknown as { __rwViewsDrawn: unknown[] }).__rwViewsDrawn.length = 0
    })
    await page.getByTestId(`file-${file}`).click()
    // the file is open (the canvas still showed ab-test, fitted, until then), then fitted
    await page.locator(`[data-testid="file-${file}"][data-open="true"]`).waitFor()
    await page.locator('[data-testid="canvas"][data-fitted="true"]').waitFor()
    expect(await page.locator('.react-flow__node').count()).toBeGreaterThan(0)
    await paneSettled(page)
    expect(await viewsOfFinalNodes()).toEqual([await finalView()])
  },
)

function finalView(): Promise<string> {
  return page.evaluate(() => document.querySelector<HTMLElement>('.react-flow__viewport')!.style.transform)
}

/** The views drawn while the nodes on the page were those drawn at the end (the file opened, not the one before). */
function viewsOfFinalNodes(): Promise<string[]> {
  return page.evaluate(() => {
    const seen = (globalThis as unknown as { __rwViewsDrawn: { view: string; nodes: string }[] })
      .__rwViewsDrawn
    const final = seen.at(-1)?.nodes
    return [...new Set(seen.filter((s) => s.nodes === final).map((s) => s.view))]
  })
}
