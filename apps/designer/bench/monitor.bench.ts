// Benchmark (issue 11, live monitoring): the Monitor view in the built designer (real Chromium) keeps up with 200
// stream events per second: frames per second while they arrive, against the same view connected and idle, and
// the share of sent events the view applied. Target: >= 30 fps under load.
import type { Page } from 'playwright-core'
import type { BenchFigure } from '../../../bench/result.ts'
import { startDesigner } from '../e2e/harness.ts'
import { startMonitorFeed } from './monitor-feed.ts'

const RATE = 200
const SECONDS = 6

/** Frames drawn over `seconds`, by requestAnimationFrame timestamps. */
async function fps(page: Page, seconds: number): Promise<number> {
  return page.evaluate(
    (ms) =>
      new Promise<number>((resolve) => {
        const stamps: number[] = []
        const tick = (now: number) => {
          stamps.push(now)
          if (now - (stamps[0] ?? now) < ms) requestAnimationFrame(tick)
          else resolve((stamps.length - 1) / (((stamps.at(-1) ?? 0) - (stamps[0] ?? 0)) / 1000))
        }
        requestAnimationFrame(tick)
      }),
    seconds * 1000,
  )
}

const applied = async (page: Page) =>
  Number(await page.getByTestId('monitor-events').getAttribute('data-count'))

export async function runMonitorBench(): Promise<BenchFigure[]> {
  const nodes = [
    'has_tier',
    'use_attached',
    'identify',
    'by_tier',
    'pop_gold',
    'pop_silver',
    'boost',
    'vip_desk',
  ]
  const feed = await startMonitorFeed('vip-routing', nodes)
  const session = await startDesigner({ open: false, viewport: { width: 1440, height: 1000 } })
  try {
    const { page } = session
    await page.goto(`${session.url}?file=vip-routing.strategy.yaml&serve=${encodeURIComponent(feed.url)}`)
    await page.locator('[data-testid="canvas"][data-fitted="true"]').waitFor({ timeout: 60_000 })
    await page.getByTestId('splitter-bottom').focus()
    for (let i = 0; i < 18; i++) await page.keyboard.press('ArrowUp')
    await page.getByTestId('tab-monitor').click()
    await page.getByTestId('monitor-connect').click()
    await page.locator('[data-testid="monitor-status"][data-state="live"]').waitFor({ timeout: 30_000 })
    await page.waitForTimeout(2500) // a snapshot refresh and a few samples in
    const idle = await fps(page, SECONDS)

    const sentBefore = feed.sent()
    const appliedBefore = await applied(page)
    feed.setRate(RATE)
    await page.waitForTimeout(1000)
    const sentAtStart = feed.sent()
    const started = performance.now()
    const loaded = await fps(page, SECONDS)
    // what the feed really sent while frames were counted (serve's monitor-live events included)
    const offered = (feed.sent() - sentAtStart) / ((performance.now() - started) / 1000)
    feed.setRate(0)
    await page.waitForTimeout(500)
    const keptUp = (await applied(page)) - appliedBefore
    const sent = feed.sent() - sentBefore
    const ratio = loaded / idle
    console.log(
      `designer monitor: ${loaded.toFixed(1)} fps with ${RATE} events/s vs ${idle.toFixed(1)} fps idle ` +
        `(ratio ${ratio.toFixed(2)}); ${offered.toFixed(0)} events/s sent while counting; ${keptUp} of ${sent} ` +
        'events applied; 400 agents, 20 queues',
    )
    if (session.pageErrors.length > 0) throw new Error(`page errors: ${session.pageErrors.join('; ')}`)
    return [
      {
        name: `designer monitor: frames per second with ${RATE} events/s (${offered.toFixed(0)} sent; idle ${idle.toFixed(1)} fps)`,
        value: loaded,
        unit: 'fps',
        target: 30,
        ratio,
        higherIsBetter: true,
      },
      {
        name: 'designer monitor: share of streamed events applied',
        value: sent > 0 ? keptUp / sent : 0,
        unit: 'ratio',
        target: 0.99,
        higherIsBetter: true,
      },
    ]
  } finally {
    await session.close()
    await feed.close()
  }
}
