// Benchmark: open a generated 3,001-node strategy in the built designer (real Chromium) until it is usable: its
// first nodes on screen, the opening view set and its checks in the problems list. Against a 101-node strategy of the
// same blocks opened in the same run, alternating; besides wall time, the CPU time of the page's main thread (CDP
// Performance.getMetrics ThreadTime), which the neighbours on a shared box do not add to (wall time at load 39 was
// ten times the CPU time).
// Target: the 3,001-node open within 10x the 101-node one (30x the nodes).
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { CDPSession, Page } from 'playwright-core'
import { type BenchFigure, median } from '../../../bench/result.ts'
import { FITTED_CANVAS, startDesigner } from '../e2e/harness.ts'
import { generateLargeStrategy } from './open-large.bench.ts'

interface Store {
  __rwStore: { getState(): { checking: boolean; file?: string } }
}

interface Open {
  /** From the navigation request until the view is set, a node is drawn and the checks are done. */
  wall: number
  /** The CPU time of the page's main thread over the same span. */
  cpu: number
}

/** CPU time of the page's main thread so far (ms): what the open costs, however busy the machine is. */
export async function threadMs(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics')
  return (metrics.find((m) => m.name === 'ThreadTime')?.value ?? Number.NaN) * 1000
}

/** Navigation until the file is on screen in its opening view with its checks done. */
export async function timeToOpen(page: Page, cdp: CDPSession, url: string, file: string): Promise<Open> {
  // from the designer itself (same origin, same renderer: its thread's CPU clock goes on)
  await page.goto(url)
  await page.getByTestId('canvas').waitFor({ timeout: 60_000 })
  const before = await threadMs(cdp)
  const started = Date.now()
  await page.goto(`${url}?file=${file}`)
  await page.locator(FITTED_CANVAS).waitFor({ timeout: 120_000 })
  await page.locator('.react-flow__node').first().waitFor({ state: 'visible', timeout: 120_000 })
  await page.waitForFunction(
    (name) => {
      const state = (globalThis as unknown as Partial<Store>).__rwStore?.getState()
      return state?.file === name && !state.checking
    },
    file,
    { timeout: 120_000, polling: 20 },
  )
  const wall = Date.now() - started
  return { wall, cpu: Math.round((await threadMs(cdp)) - before) }
}

const SAMPLES = 3

export async function runOpenHugeBench(): Promise<BenchFigure[]> {
  const session = await startDesigner({ open: false })
  try {
    const { page } = session
    await writeFile(join(session.workspace, 'huge.strategy.yaml'), generateLargeStrategy(600))
    await writeFile(join(session.workspace, 'hundred.strategy.yaml'), generateLargeStrategy(20))
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Performance.enable')
    await page.goto(session.url) // warm the HTTP cache so every open below loads the app the same way
    await page.getByTestId('canvas').waitFor({ timeout: 60_000 })
    const small: Open[] = []
    const huge: Open[] = []
    for (let i = 0; i < SAMPLES; i++) {
      small.push(await timeToOpen(page, cdp, session.url, 'hundred.strategy.yaml'))
      huge.push(await timeToOpen(page, cdp, session.url, 'huge.strategy.yaml'))
    }
    const wall = { small: median(small.map((s) => s.wall)), huge: median(huge.map((s) => s.wall)) }
    const cpu = { small: median(small.map((s) => s.cpu)), huge: median(huge.map((s) => s.cpu)) }
    console.log(
      `designer: open 3,001 nodes ${wall.huge} ms vs 101 nodes ${wall.small} ms (ratio ${(wall.huge / wall.small).toFixed(2)}; ` +
        `samples ${huge.map((s) => s.wall).join('/')} vs ${small.map((s) => s.wall).join('/')}); main-thread CPU ` +
        `${cpu.huge} ms vs ${cpu.small} ms (ratio ${(cpu.huge / cpu.small).toFixed(2)}; samples ` +
        `${huge.map((s) => s.cpu).join('/')} vs ${small.map((s) => s.cpu).join('/')})`,
    )
    return [
      {
        name: 'designer: open 3,001-node strategy (view, nodes, checks), vs 101 nodes',
        value: wall.huge,
        unit: 'ms',
        target: 10 * wall.small,
        ratio: wall.huge / wall.small,
      },
      {
        name: 'designer: main-thread CPU of that open, vs 101 nodes',
        value: cpu.huge,
        unit: 'ms',
        target: 10 * cpu.small,
        ratio: cpu.huge / cpu.small,
      },
    ]
  } finally {
    await session.close()
  }
}
