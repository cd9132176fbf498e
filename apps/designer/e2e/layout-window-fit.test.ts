// The automatic layout fits the canvas the file opens in (a smaller window wraps it into more bands), lays out
// again when the window is resized or once a splitter drag ends, and never moves nodes the user placed by hand; its
// edges go around nodes.
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { TRACK_GAP } from '../src/core/edge-tracks.ts'
import { designerForThisFile } from './designer-for-this-file.ts'
import { nodesOutsidePane, paneSettled, viewportSettled, viewportZoom } from './viewport.ts'

/** Laid out for the default window, this example fits a 1,024 x 768 canvas only at zoom 0.37 (layout-fit.test). */
const FILE = 'skills-escalation.strategy.yaml'

let page: Page

/** Each drawn node's place on the canvas (flow coordinates, not screen). */
function places(): Promise<Record<string, string>> {
  return page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll<HTMLElement>('.react-flow__node')].map((n) => [
        n.dataset.id ?? '?',
        n.style.transform,
      ]),
    ),
  )
}

const session = designerForThisFile({
  blank: true,
  viewport: { width: 1024, height: 768 },
  ready: (s) => {
    page = s.page
  },
})

it('opens an example whole in a 1,024 x 768 window', async () => {
  await session.openFile(FILE)
  await viewportSettled(page)
  await session.screenshot('layout-window-fit-1024')
  expect(await nodesOutsidePane(page)).toEqual([])
  expect(await viewportZoom(page)).toBeGreaterThanOrEqual(0.5)
  expect(await page.getByTestId('nodes-in-view').count()).toBe(0)
})

it('lays the example out again, whole, when the window grows and shrinks', async () => {
  await session.openFile(FILE)
  await viewportSettled(page)
  const small = await places()
  await page.setViewportSize({ width: 1440, height: 900 })
  await paneSettled(page)
  const wide = await places()
  expect(wide).not.toEqual(small) // fewer, wider bands
  expect(await nodesOutsidePane(page)).toEqual([])
  await page.setViewportSize({ width: 1024, height: 768 })
  await paneSettled(page)
  expect(await places()).toEqual(small)
  expect(await nodesOutsidePane(page)).toEqual([])
  expect(await page.getByTestId('nodes-in-view').count()).toBe(0)
})

/** Drags a splitter by `dx` px in `steps` moves; `hold` runs while the pointer is still down. */
async function dragSplitter(testId: string, dx: number, steps: number, hold?: () => Promise<void>) {
  const box = await page.getByTestId(testId).boundingBox()
  if (!box) throw new Error(`no ${testId}`)
  const [x, y] = [box.x + box.width / 2, box.y + box.height / 2]
  await page.mouse.move(x, y)
  await page.mouse.down()
  await page.mouse.move(x + dx, y, { steps })
  await hold?.()
  await page.mouse.up()
}

const paneWidth = () => page.evaluate(() => document.querySelector('.react-flow')?.clientWidth ?? 0)

it('lays the example out again once a splitter drag ends, not on every move of it', async () => {
  // at 1,440 px the drag takes the canvas from five columns a band to three (at 1,024 px, 510 px wide, it has two
  // already, clear of the zoom controls, and the panel stops before one)
  await page.setViewportSize({ width: 1440, height: 900 })
  await session.openFile(FILE)
  await viewportSettled(page)
  const wide = await places()
  const before = await paneWidth()
  await dragSplitter('splitter-left', 240, 8, async () => {
    // the panel followed the pointer and the canvas is narrower, but nothing is laid out or fitted yet
    await expect.poll(paneWidth).toBeLessThan(before - 150)
    await viewportSettled(page)
    expect(await places()).toEqual(wide)
  })
  await viewportSettled(page)
  expect(await places()).not.toEqual(wide) // more, narrower bands
  expect(await nodesOutsidePane(page)).toEqual([])
  await dragSplitter('splitter-left', -240, 8)
  await viewportSettled(page)
  expect(await places()).toEqual(wide)
})

it('lays the example out again once arrow-key steps on a splitter end, not on every step', async () => {
  await page.setViewportSize({ width: 1440, height: 900 })
  await session.openFile(FILE)
  await paneSettled(page)
  await holdResizes()
  const wide = await places()
  const before = await paneWidth()
  await page.getByTestId('splitter-left').focus()
  await page.keyboard.down('Shift')
  // four 64 px steps, the key held down (each a keydown, as key repeat sends them)
  for (let step = 0; step < 4; step++) await page.keyboard.down('ArrowRight')
  // the panel followed each step and the canvas is narrower, but nothing is laid out or fitted yet
  await expect.poll(paneWidth).toBeLessThan(before - 150)
  // the resize has settled (its timers run), but the key is still down
  await runResizeTimers()
  await viewportSettled(page)
  expect(await places()).toEqual(wide)
  await page.keyboard.up('ArrowRight')
  await page.keyboard.up('Shift')
  await settleResizes()
  expect(await places()).not.toEqual(wide) // more, narrower bands
  expect(await nodesOutsidePane(page)).toEqual([])
  await page.keyboard.down('Shift')
  for (let step = 0; step < 4; step++) await page.keyboard.press('ArrowLeft')
  await page.keyboard.up('Shift')
  await settleResizes()
  expect(await places()).toEqual(wide)
})

/** Starts counting the layouts the canvas draws (each new set of node places); the returned call stops and reads. */
async function countLayouts(): Promise<() => Promise<number>> {
  await page.evaluate(() => {
    const w = window as unknown as { __rwLayouts: string[]; __rwLayoutsStop: () => void }
    const placesNow = () =>
      [...document.querySelectorAll<HTMLElement>('.react-flow__node')]
        .map((n) => `${n.dataset.id}@${n.style.transform}`)
        .sort()
        .join('|')
    w.__rwLayouts = [placesNow()]
    const observer = new MutationObserver(() => {
      const now = placesNow()
      if (now !== w.__rwLayouts.at(-1)) w.__rwLayouts.push(now)
    })
    observer.observe(document.querySelector('.react-flow__nodes')!, {
      attributes: true,
      attributeFilter: ['style'],
      subtree: true,
    })
    w.__rwLayoutsStop = () => observer.disconnect()
  })
  return () =>
    page.evaluate(() => {
      const w = window as unknown as { __rwLayouts: string[]; __rwLayoutsStop: () => void }
      w.__rwLayoutsStop()
      return w.__rwLayouts.length - 1
    })
}

/** What `holdResizes` puts on the page: the settle timers set so far and those due. */
interface ResizeHold {
  __rwResizeTimers: { setTimeout(callback: () => void): unknown; clearTimeout(handle: unknown): void }
  __rwResizeSets: number
  __rwResizeDue: Map<object, () => void>
}

/**
 * Makes the page's resizes settle on manual timers (the test build's `__rwResizeTimers`, usePaneSize): a resize
 * reaches the layout only when the test runs them (`runResizeTimers`, `settleResizes`), never by the wall clock.
 */
async function holdResizes(): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as ResizeHold
    const due = new Map<object, () => void>()
    w.__rwResizeSets = 0
    w.__rwResizeDue = due
    w.__rwResizeTimers = {
      setTimeout(callback) {
        const handle = {}
        due.set(handle, callback)
        w.__rwResizeSets++
        return handle
      },
      clearTimeout: (handle) => {
        due.delete(handle as object)
      },
    }
  })
}

/** How many settle timers the page has set since `holdResizes`. */
const resizeTimersSet = () => page.evaluate(() => (window as unknown as ResizeHold).__rwResizeSets)

/** Runs the settle timers due now, as if the resize had stayed long enough. */
const runResizeTimers = () =>
  page.evaluate(() => {
    const due = (window as unknown as ResizeHold).__rwResizeDue
    const runs = [...due.values()]
    due.clear()
    for (const run of runs) run()
  })

/** Runs the settle timers until the pane size the canvas follows is the pane's own, then lets the view settle. */
async function settleResizes(): Promise<void> {
  await expect
    .poll(async () => {
      await runResizeTimers()
      return page.evaluate(() => {
        const canvas = document.querySelector<HTMLElement>('[data-testid="canvas"]')!
        return canvas.dataset.pane === `${canvas.clientWidth}x${canvas.clientHeight}`
      })
    })
    .toBe(true)
  await paneSettled(page)
}

it('lays the example out once when a window resize stops, not on every step of it', async () => {
  await page.setViewportSize({ width: 1440, height: 900 })
  await session.openFile(FILE)
  await paneSettled(page)
  await holdResizes()
  const wide = await places()
  const layouts = await countLayouts()
  // a window dragged narrow and wide and narrow again: each of these sizes alone lays the example out anew
  for (const [width, height] of [
    [1024, 768],
    [1440, 900],
    [1024, 768],
    [1440, 900],
    [1024, 768],
  ] as const) {
    const before = await resizeTimersSet()
    await page.setViewportSize({ width, height })
    // the pane saw the step: it waits to settle (no timer runs until the test says so)
    await expect.poll(resizeTimersSet).toBeGreaterThan(before)
  }
  await viewportSettled(page)
  expect(await places()).toEqual(wide) // nothing laid out while the resize goes on
  await settleResizes()
  expect(await places()).not.toEqual(wide)
  expect(await nodesOutsidePane(page)).toEqual([])
  expect(await layouts()).toBe(1)
})

it('keeps nodes the user moved where they are when the window is resized', async () => {
  await session.openFile(FILE)
  await viewportSettled(page)
  const node = page.locator('.react-flow__node').first()
  const box = await node.boundingBox()
  if (!box) throw new Error('no node drawn')
  await page.mouse.move(box.x + box.width / 2, box.y + 12)
  await page.mouse.down()
  await page.mouse.move(box.x + box.width / 2 + 30, box.y + 42, { steps: 5 })
  await page.mouse.up()
  const moved = await places()
  await page.setViewportSize({ width: 1440, height: 900 })
  await paneSettled(page)
  expect(await places()).toEqual(moved)
  await page.setViewportSize({ width: 1024, height: 768 })
})

/** Edges (their aria labels) whose drawn line passes through a node, sampled every 4 px along each path. */
function edgesThroughNodes(): Promise<string[]> {
  return page.evaluate(() => {
    const nodes = [...document.querySelectorAll<HTMLElement>('.react-flow__node')].map((n) =>
      n.getBoundingClientRect(),
    )
    const through: string[] = []
    for (const edge of document.querySelectorAll<SVGGElement>('.react-flow__edge')) {
      const path = edge.querySelector<SVGPathElement>('.react-flow__edge-path')
      const matrix = path?.getScreenCTM()
      if (!path || !matrix) continue
      const length = path.getTotalLength()
      for (let at = 0; at <= length; at += 4) {
        // one call per sample: each costs ~0.5 ms on a long path
        const p = path.getPointAtLength(at).matrixTransform(matrix)
        if (
          nodes.some((r) => p.x > r.left + 2 && p.x < r.right - 2 && p.y > r.top + 2 && p.y < r.bottom - 2)
        ) {
          through.push(edge.getAttribute('aria-label') ?? '?')
          break
        }
      }
    }
    return through
  })
}

it('draws no edge through a node', async () => {
  // a fresh load at 1,440 px (no wait for the previous file to lay out again at this size first)
  await page.setViewportSize({ width: 1440, height: 900 })
  // laid out automatically, four of its edges would cross a node as plain smoothstep lines (edge-route.test)
  await session.openFile('callback-offer.strategy.yaml')
  await viewportSettled(page)
  await session.screenshot('layout-window-fit-edges')
  expect(await page.locator('.react-flow__edge').count()).toBeGreaterThan(5)
  expect(await edgesThroughNodes()).toEqual([])
})

/**
 * Pairs of edges (ids) whose lines run on each other for more than 4 px, sampled every px along each path in flow
 * coordinates, smoothstep's fan-outs included; edges into one handle may join on their last leg in (the way they go
 * is the same), which is left out.
 */
function edgesOnEachOther(): Promise<string[]> {
  return page.evaluate(() => {
    const drawn = [...document.querySelectorAll<SVGGElement>('.react-flow__edge')].flatMap((edge) => {
      const path = edge.querySelector<SVGPathElement>('.react-flow__edge-path')
      if (!path) return []
      const length = path.getTotalLength()
      const points: DOMPoint[] = []
      for (let at = 0; at <= length; at += 1) points.push(path.getPointAtLength(at))
      points.push(path.getPointAtLength(length))
      // where the last leg in starts: two turns back from the end
      let lastLeg = points.length - 1
      let turns = 0
      let across: boolean | undefined
      for (let k = points.length - 1; k > 0 && turns < 2; k--) {
        const [a, b] = [points[k - 1]!, points[k]!]
        const vertical = Math.abs(b.y - a.y) > Math.abs(b.x - a.x)
        if (across !== undefined && vertical !== across) turns++
        across = vertical
        if (turns < 2) lastLeg = k - 1
      }
      // the points by 1 px cell, so finding one near a point looks at 9 cells, not the whole path
      const cells = new Map<string, DOMPoint[]>()
      for (const q of points) {
        const key = `${Math.floor(q.x)},${Math.floor(q.y)}`
        cells.set(key, [...(cells.get(key) ?? []), q])
      }
      return [{ id: edge.dataset.id ?? '?', points, lastLeg, cells }]
    })
    const near = (a: DOMPoint, b: DOMPoint) => Math.hypot(a.x - b.x, a.y - b.y) < 1
    const nearAny = (q: DOMPoint, cells: Map<string, DOMPoint[]>) => {
      const [cx, cy] = [Math.floor(q.x), Math.floor(q.y)]
      for (let dx = -1; dx <= 1; dx++)
        for (let dy = -1; dy <= 1; dy++)
          if (cells.get(`${cx + dx},${cy + dy}`)?.some((r) => near(q, r))) return true
      return false
    }
    const pairs: string[] = []
    for (let i = 0; i < drawn.length; i++)
      for (let j = i + 1; j < drawn.length; j++) {
        const [a, b] = [drawn[i]!, drawn[j]!]
        const joined = near(a.points.at(-1)!, b.points.at(-1)!)
        const run = a.points.slice(0, joined ? a.lastLeg : undefined).filter((q) => nearAny(q, b.cells))
        const runB = b.points.slice(0, joined ? b.lastLeg : undefined).filter((q) => nearAny(q, a.cells))
        if (run.length > 4 || runB.length > 4) pairs.push([a.id, b.id].sort().join(' '))
      }
    return pairs.sort()
  })
}

it('draws edges that share a lane on tracks of their own', async () => {
  // a fresh load at 1,440 px (no wait for the previous file to lay out again at this size first)
  await page.setViewportSize({ width: 1440, height: 900 })
  // routed each on its own, its three loops back share a leg, and two edges of the menu a lane (edge-tracks.test)
  await session.openFile('language-menu.strategy.yaml')
  await viewportSettled(page)
  await session.screenshot('layout-window-fit-tracks')
  expect(await page.locator('.react-flow__edge').count()).toBeGreaterThan(10)
  expect(await edgesOnEachOther()).toEqual([])
  expect(await edgesThroughNodes()).toEqual([])
})

/** The x (flow coordinates) of each drawn edge's first vertical line out of `node`: its first corner's. */
function middleLines(node: string): Promise<Record<string, number>> {
  return page.evaluate((prefix) => {
    const lines: Record<string, number> = {}
    for (const edge of document.querySelectorAll<SVGGElement>('.react-flow__edge')) {
      const id = edge.dataset.id ?? ''
      const d = edge.querySelector('.react-flow__edge-path')?.getAttribute('d') ?? ''
      // the rounded corners of both kinds of path are quadratic curves: Q <corner x> <corner y> ...
      const corner = /Q\s*(-?[\d.]+)[ ,]/.exec(d)
      if (id.startsWith(prefix) && corner) lines[id] = Number(corner[1])
    }
    return lines
  }, `${node}:`)
}

it("draws a switch's fan-out on middle lines of its own, evenly spaced", async () => {
  // a fresh load at 1,440 px (no wait for the previous file to lay out again at this size first)
  await page.setViewportSize({ width: 1440, height: 900 })
  // its switch's five outputs go to one column: four of them shared one middle line (edge-tracks.test)
  await session.openFile('main-inbound.strategy.yaml')
  await viewportSettled(page)
  await session.screenshot('layout-window-fit-fan-out')
  expect(await edgesOnEachOther()).toEqual([])
  expect(await edgesThroughNodes()).toEqual([])
  const lines = await middleLines('by_number')
  // all four go down: the farther the target, the nearer the switch its line, so no line crosses another's turn
  const xs = ['default', 'cases.3.next', 'cases.2.next', 'cases.1.next'].map((h) => lines[`by_number:${h}`]!)
  // to 1/100 px: an edge alone on its track draws smoothstep from its measured handles, a float error off the plan's
  for (const gap of xs.slice(1).map((x, i) => x - xs[i]!)) expect(gap).toBeCloseTo(TRACK_GAP, 2)
})
