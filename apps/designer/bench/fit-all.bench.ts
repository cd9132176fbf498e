// Benchmark: Fit all in the built designer (real Chromium), from the press of the toolbar's button until every edge
// of the fitted view is drawn from the route plan (the canvas's data-edges-routed, once the move has ended:
// useFitAll's 'rw:fit-all-done' mark), timed inside the page; the 3,001-node strategy against a 101-node one of the
// same blocks, alternating, each freshly opened at its start node. Besides wall time, the page's main-thread CPU
// (as open-3001) and its longest task during the fit (how long input waited at most).
// ROUTEWRIGHT_FIT_ALL_BASE_DIST=<a test build of another commit> adds the same fits on that build, paired
// (its test build must have the signal: 570449b6 or later).
// ROUTEWRIGHT_FIT_ALL_PROFILE=<file.cpuprofile> also takes a CDP CPU profile of this build's last 3,001-node fit
// (open it in Chrome's DevTools) and prints its top self-time functions; ROUTEWRIGHT_FIT_ALL_DIST=<test build> fits
// on that build instead of dist-e2e/ (for readable names: `vite build --mode e2e --minify false --outDir DIR`).
// Target: the 3,001-node fit within 10x the 101-node one (30x the nodes).
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { CDPSession, Page } from 'playwright-core'
import { type BenchFigure, median } from '../../../bench/result.ts'
import { type DesignerSession, startDesigner } from '../e2e/harness.ts'
import { threadMs, timeToOpen } from './open-3001.bench.ts'
import { generateLargeStrategy } from './open-large.bench.ts'

interface Fit {
  /** From the press until the move has ended and the view's edges are routed. */
  wall: number
  /** The CPU time of the page's main thread over the same span. */
  cpu: number
  /** The longest task of the page's main thread over that span (0 when none reached 50 ms). */
  longest: number
}

/** Presses Fit all on the open file and times it inside the page (no round trips to this process in the figure). */
async function timeFitAll(page: Page, cdp: CDPSession): Promise<Fit> {
  const before = await threadMs(cdp)
  const { wall, longest } = await page.evaluate(
    () =>
      new Promise<{ wall: number; longest: number }>((resolve, reject) => {
        // the mark useFitAll sets when the move has ended (src/canvas/useFitAll.ts FIT_ALL_DONE)
        const done = 'rw:fit-all-done'
        performance.clearMarks(done)
        const canvas = document.querySelector('[data-testid="canvas"]')
        const button = document.querySelector<HTMLElement>('[data-testid="fit-view"]')
        if (!canvas || !button) return reject(new Error('no canvas or no Fit all button'))
        let longest = 0
        const tasks = new PerformanceObserver((list) => {
          for (const task of list.getEntries()) longest = Math.max(longest, task.duration)
        })
        tasks.observe({ type: 'longtask' })
        const start = performance.now()
        button.click()
        const check = () => {
          const routed = canvas.getAttribute('data-edges-routed') === 'true'
          if (!routed || performance.getEntriesByName(done).length === 0) return requestAnimationFrame(check)
          const wall = performance.now() - start
          // the tasks that ended up to now are delivered before the observer is let go
          for (const task of tasks.takeRecords()) longest = Math.max(longest, task.duration)
          tasks.disconnect()
          resolve({ wall, longest })
        }
        requestAnimationFrame(check)
      }),
  )
  return {
    wall: Math.round(wall),
    cpu: Math.round((await threadMs(cdp)) - before),
    longest: Math.round(longest),
  }
}

/** Rounds (each fits both files on every build); ROUTEWRIGHT_FIT_ALL_SAMPLES for more on a noisy box. */
const SAMPLES = Number(process.env.ROUTEWRIGHT_FIT_ALL_SAMPLES ?? 3)
const HUGE = 'huge.strategy.yaml'
const HUNDRED = 'hundred.strategy.yaml'

interface Build {
  name: string
  session: DesignerSession
  cdp: CDPSession
  small: Fit[]
  huge: Fit[]
}

async function startBuild(name: string, dist?: string): Promise<Build> {
  const session = await startDesigner({ open: false, ...(dist === undefined ? {} : { dist }) })
  await writeFile(join(session.workspace, HUGE), generateLargeStrategy(600))
  await writeFile(join(session.workspace, HUNDRED), generateLargeStrategy(20))
  const { page } = session
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Performance.enable')
  await page.goto(session.url) // warm the HTTP cache so every open below loads the app the same way
  await page.getByTestId('canvas').waitFor({ timeout: 60_000 })
  return { name, session, cdp, small: [], huge: [] }
}

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  hitCount?: number
}

/** The profile's functions by self time (hits at their own frames), the heaviest first. */
export function topSelfTime(
  profile: { nodes: ProfileNode[]; samples?: number[]; timeDeltas?: number[] },
  count: number,
): string[] {
  const ms = new Map<number, number>()
  const deltas = profile.timeDeltas ?? []
  for (const [i, id] of (profile.samples ?? []).entries())
    ms.set(id, (ms.get(id) ?? 0) + (deltas[i] ?? 0) / 1000)
  const byFunction = new Map<string, number>()
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame
    const name = `${functionName || '(anonymous)'} ${url.split('/').pop() ?? ''}:${lineNumber + 1}`
    byFunction.set(name, (byFunction.get(name) ?? 0) + (ms.get(node.id) ?? 0))
  }
  const total = [...byFunction.values()].reduce((a, b) => a + b, 0)
  return [...byFunction.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(
      ([name, t]) =>
        `${t.toFixed(0).padStart(6)} ms ${((100 * t) / total).toFixed(1).padStart(5)} %  ${name}`,
    )
}

/** Opens the file at its start node, its checks done and its view's edges routed, then times Fit all. */
async function fitOnce(build: Build, file: string, profileTo?: string): Promise<Fit> {
  const { page, url } = build.session
  await timeToOpen(page, build.cdp, url, file)
  await page.locator('[data-testid="canvas"][data-edges-routed="true"]').waitFor({ timeout: 120_000 })
  if (profileTo === undefined) return timeFitAll(page, build.cdp)
  await build.cdp.send('Profiler.enable')
  await build.cdp.send('Profiler.setSamplingInterval', { interval: 200 })
  await build.cdp.send('Profiler.start')
  const fit = await timeFitAll(page, build.cdp)
  const { profile } = await build.cdp.send('Profiler.stop')
  await writeFile(profileTo, JSON.stringify(profile))
  console.log(`designer Fit all profile (${build.name}, ${profileTo}), top self time:`)
  for (const line of topSelfTime(profile as never, 25)) console.log(line)
  return fit
}

const list = (fits: Fit[], key: keyof Fit) => fits.map((f) => f[key]).join('/')

function summary({ name, small, huge }: Build): string {
  const m = (fits: Fit[], key: keyof Fit) => median(fits.map((f) => f[key]))
  return (
    `designer Fit all (${name}): 3,001 nodes ${m(huge, 'wall')} ms vs 101 nodes ${m(small, 'wall')} ms ` +
    `(ratio ${(m(huge, 'wall') / m(small, 'wall')).toFixed(2)}; samples ${list(huge, 'wall')} vs ` +
    `${list(small, 'wall')}); main-thread CPU ${m(huge, 'cpu')} vs ${m(small, 'cpu')} ms (samples ` +
    `${list(huge, 'cpu')} vs ${list(small, 'cpu')}); longest task ${m(huge, 'longest')} vs ${m(small, 'longest')} ` +
    `ms (samples ${list(huge, 'longest')} vs ${list(small, 'longest')})`
  )
}

export async function runFitAllBench(): Promise<BenchFigure[]> {
  const baseDist = process.env.ROUTEWRIGHT_FIT_ALL_BASE_DIST
  const builds: Build[] = []
  try {
    builds.push(await startBuild('this build', process.env.ROUTEWRIGHT_FIT_ALL_DIST || undefined))
    if (baseDist !== undefined && baseDist !== '') builds.push(await startBuild(`base ${baseDist}`, baseDist))
    for (let i = 0; i < SAMPLES; i++) {
      // the builds take turns on each file, the base first every other round, so a load swing hits both alike
      const order = i % 2 === 0 ? builds : [...builds].reverse()
      for (const build of order) build.small.push(await fitOnce(build, HUNDRED))
      // the profile of the last round's fit only (the profiler's own cost is in that round's figures)
      const profileTo = i === SAMPLES - 1 ? process.env.ROUTEWRIGHT_FIT_ALL_PROFILE || undefined : undefined
      for (const build of order)
        build.huge.push(await fitOnce(build, HUGE, build === builds[0] ? profileTo : undefined))
    }
    for (const build of builds) console.log(summary(build))
    const [own, base] = builds as [Build, Build | undefined]
    const wall = { small: median(own.small.map((f) => f.wall)), huge: median(own.huge.map((f) => f.wall)) }
    const figures: BenchFigure[] = [
      {
        name: 'designer: Fit all of a 3,001-node strategy until its edges are routed, vs 101 nodes',
        value: wall.huge,
        unit: 'ms',
        target: 10 * wall.small,
        ratio: wall.huge / wall.small,
      },
    ]
    if (base !== undefined) {
      // per round: this build's 3,001-node fit over the base's in the same round
      const ratios = own.huge.map((f, i) => f.wall / base.huge[i]!.wall)
      console.log(
        `designer Fit all, this build / base per round: ${ratios.map((r) => r.toFixed(2)).join(' ')}`,
      )
      figures.push({
        name: 'designer: that Fit all, this build vs the base build (paired rounds)',
        value: wall.huge,
        unit: 'ms',
        target: median(base.huge.map((f) => f.wall)),
        ratio: median(ratios),
      })
    }
    return figures
  } finally {
    for (const build of builds) await build.session.close()
  }
}
