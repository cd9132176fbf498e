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
import { type DesignerSession, FITTED_CANVAS, startDesigner } from '../e2e/harness.ts'
import { viewportSettled } from '../e2e/viewport.ts'
import { OVERVIEW_ZOOM } from '../src/canvas/overview.ts'
import { NODE_PAINT_TIMING } from '../src/canvas/paint-timing.ts'
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

// Zooming back in from the overview: the press of the Controls' zoom-in that takes the view from just under the
// overview's zoom (OVERVIEW_ZOOM) to just over it, until its nodes are painted again (the latest of: the last paint of
// a node title after the press, by Element Timing; the first frame with node cards mounted; the last frame the view
// moved in; the end of the press's own task). The 1,601-node strategy (the
// overview e2e's) and a 501-node one against an 11-node one of the same blocks, each fitted first, then brought to
// the same zoom under the overview's, alternating. Target: 300 ms (a designer feels more), the ratio to the 11-node
// press (a frame: its nodes stay mounted) printed beside it.

interface ZoomIn {
  /** From the press until the nodes of the view zoomed in are painted. */
  wall: number
  /** The longest task of the page's main thread over that span (0 when none reached 50 ms). */
  longest: number
  /** Node cards mounted afterwards. */
  mounted: number
  /** Node lists handed to React Flow over that span (test builds count them: render-counter.ts). */
  lists: number
  /** The CPU time of the page's main thread over that span (and the round trips around it). */
  cpu: number
}

/** The canvas's zoom, from the viewport's transform. */
const zoomOf = (page: Page) =>
  page.evaluate(
    () => new DOMMatrix(getComputedStyle(document.querySelector('.react-flow__viewport')!).transform).a,
  )

/** Presses the Controls' zoom-in once and times it inside the page. */
async function timeZoomIn(page: Page, cdp: CDPSession): Promise<ZoomIn> {
  const before = await threadMs(cdp)
  const zoomIn = await page.evaluate(
    (name) =>
      new Promise<Omit<ZoomIn, 'cpu'>>((resolve, reject) => {
        const lists = (globalThis as { __rwNodeLists?: number[] }).__rwNodeLists?.length ?? 0
        const canvas = document.querySelector('[data-testid="canvas"]')
        const viewport = document.querySelector<HTMLElement>('.react-flow__viewport')
        const button = document.querySelector<HTMLElement>('.react-flow__controls-zoomin')
        if (!canvas || !viewport || !button) return reject(new Error('no canvas, viewport or zoom-in button'))
        let painted = 0
        let longest = 0
        const take = (entries: PerformanceEntryList) => {
          for (const e of entries) {
            if (e.entryType === 'longtask') longest = Math.max(longest, e.duration)
            const title = e as PerformanceEntry & { identifier?: string; renderTime?: number }
            if (title.identifier === name && (title.renderTime ?? 0) > start)
              painted = Math.max(painted, title.renderTime ?? 0)
          }
        }
        const observer = new PerformanceObserver((list) => take(list.getEntries()))
        observer.observe({ type: 'element' })
        const tasks = new PerformanceObserver((list) => take(list.getEntries()))
        tasks.observe({ type: 'longtask' })
        // read before the press: the Controls zoom at once, in the click's own task
        let last = viewport.style.transform
        const start = performance.now()
        button.click()
        // the press's own task (React renders the zoomed view in it when the store updates synchronously)
        const pressed = performance.now()
        let moved = start
        let shown = 0
        let still = 0
        // the clock when the frame's callbacks run, not the frame's timestamp (its start, which can be before the press)
        const step = () => {
          const now = performance.now()
          const transform = viewport.style.transform
          if (transform !== last) {
            last = transform
            moved = now
            still = 0
          } else still++
          const drawn =
            canvas.getAttribute('data-overview') === null &&
            document.querySelector('.react-flow__node') !== null
          // the first frame with node cards mounted again (Element Timing may report a title later still)
          if (drawn && shown === 0) shown = now
          if (!drawn || still < 5) return requestAnimationFrame(step)
          take(observer.takeRecords())
          take(tasks.takeRecords())
          observer.disconnect()
          tasks.disconnect()
          resolve({
            wall: Math.round(Math.max(pressed, moved, shown, painted) - start),
            longest: Math.round(longest),
            mounted: document.querySelectorAll('.react-flow__node').length,
            lists: ((globalThis as { __rwNodeLists?: number[] }).__rwNodeLists?.length ?? 0) - lists,
          })
        }
        requestAnimationFrame(step)
      }),
    NODE_PAINT_TIMING,
  )
  return { ...zoomIn, cpu: Math.round((await threadMs(cdp)) - before) }
}

/** Runs `measure` under the CDP CPU profiler, writes the profile to `to` and prints its top self-time functions. */
async function profiled<T>(cdp: CDPSession, to: string, what: string, measure: () => Promise<T>): Promise<T> {
  await cdp.send('Profiler.enable')
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 })
  await cdp.send('Profiler.start')
  const result = await measure()
  const { profile } = await cdp.send('Profiler.stop')
  await writeFile(to, JSON.stringify(profile))
  console.log(`designer ${what} profile (${to}), top self time:`)
  for (const line of topSelfTime(profile as never, 30)) console.log(line)
  return result
}

/** The first Fit all after the file opened, then the zoom-in press out of the overview. */
interface FitThenZoomIn {
  fit: Fit
  zoomIn: ZoomIn
}

/**
 * Opens `file`, times its first Fit all, brings it to the zoom one press under the overview's, then times that
 * press; `profile`: CPU profiles of the fit and of the press to these files.
 */
async function zoomInOnce(
  session: DesignerSession,
  cdp: CDPSession,
  file: string,
  profile?: { fit?: string | undefined; zoomIn?: string | undefined },
): Promise<FitThenZoomIn> {
  const { page, url } = session
  // pressed as a designer (and the e2e's openFile) would: once the opening view is drawn, its checks maybe still running
  await page.goto(url)
  await page.getByTestId('canvas').waitFor({ timeout: 60_000 })
  await page.goto(`${url}?file=${file}`)
  await page.locator(FITTED_CANVAS).waitFor({ timeout: 120_000 })
  await page.locator('.react-flow__node').first().waitFor({ state: 'visible', timeout: 120_000 })
  const fit =
    profile?.fit === undefined
      ? await timeFitAll(page, cdp)
      : await profiled(cdp, profile.fit, `first Fit all (${file})`, () => timeFitAll(page, cdp))
  // the press below from the same state every time: the file's checks done
  await page.waitForFunction(
    () =>
      (globalThis as { __rwStore?: { getState(): { checking: boolean } } }).__rwStore?.getState().checking ===
      false,
    undefined,
    { timeout: 120_000, polling: 20 },
  )
  await viewportSettled(page)
  // the Controls zoom by 1.2 a press: end in (OVERVIEW_ZOOM / 1.2, OVERVIEW_ZOOM)
  for (let i = 0; i < 30 && (await zoomOf(page)) >= OVERVIEW_ZOOM / 1.2; i++) {
    await page.locator('.react-flow__controls-zoomout').click()
    await viewportSettled(page)
  }
  for (let i = 0; i < 30 && (await zoomOf(page)) * 1.2 < OVERVIEW_ZOOM; i++) {
    await page.locator('.react-flow__controls-zoomin').click()
    await viewportSettled(page)
  }
  await page.locator('[data-testid="canvas"][data-edges-routed="true"]').waitFor({ timeout: 120_000 })
  const zoomIn =
    profile?.zoomIn === undefined
      ? await timeZoomIn(page, cdp)
      : await profiled(cdp, profile.zoomIn, `zoom-in (${file})`, () => timeZoomIn(page, cdp))
  return { fit, zoomIn }
}

// ROUTEWRIGHT_ZOOM_IN_PROFILE=<file.cpuprofile> also profiles the last 1,601-node press (as ROUTEWRIGHT_FIT_ALL_PROFILE),
// ROUTEWRIGHT_FIRST_FIT_PROFILE=<file.cpuprofile> that file's first Fit all before it;
// ROUTEWRIGHT_FIT_ALL_DIST=<test build> presses on that build instead of dist-e2e/ (A/B: alternate runs of each build,
// one build a process: two sessions side by side in one run waited forever on a press);
// ROUTEWRIGHT_ZOOM_IN_WINDOW=<width>x<height> for another window than the harness's 1440x900.
const ZOOM_SAMPLES = Number(process.env.ROUTEWRIGHT_ZOOM_IN_SAMPLES ?? 3)

interface ZoomBuild {
  name: string
  session: DesignerSession
  cdp: CDPSession
  times: Map<string, FitThenZoomIn[]>
}

const ZOOM_FILES = { '1,601': 320, '501': 100, '11': 2 }

async function startZoomBuild(name: string, dist: string | undefined): Promise<ZoomBuild> {
  const size = process.env.ROUTEWRIGHT_ZOOM_IN_WINDOW?.split('x').map(Number)
  const session = await startDesigner({
    open: false,
    ...(dist === undefined ? {} : { dist }),
    ...(size === undefined ? {} : { viewport: { width: size[0]!, height: size[1]! } }),
  })
  for (const blocks of Object.values(ZOOM_FILES))
    await writeFile(join(session.workspace, `zoom-${blocks}.strategy.yaml`), generateLargeStrategy(blocks))
  const { page } = session
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Performance.enable')
  await page.goto(session.url)
  await page.getByTestId('canvas').waitFor({ timeout: 60_000 })
  return { name, session, cdp, times: new Map(Object.keys(ZOOM_FILES).map((file) => [file, []])) }
}

function zoomSummary({ name, times }: ZoomBuild): string {
  const all = (file: string) => times.get(file)!
  const m = (file: string, key: keyof ZoomIn) => median(all(file).map((t) => t.zoomIn[key]))
  const samples = (file: string, key: keyof ZoomIn) =>
    all(file)
      .map((t) => t.zoomIn[key])
      .join('/')
  const fits = (file: string, key: keyof Fit) =>
    `${median(all(file).map((t) => t.fit[key]))} ms (samples ${all(file)
      .map((t) => t.fit[key])
      .join('/')})`
  return (
    `designer (${name}) zoom-in out of the overview: ${[...times.keys()]
      .map(
        (file) =>
          `${file} nodes ${m(file, 'wall')} ms (samples ${samples(file, 'wall')}; longest task ` +
          `${samples(file, 'longest')}; CPU ${samples(file, 'cpu')}; node lists ${samples(file, 'lists')}; ` +
          `${m(file, 'mounted')} nodes mounted)`,
      )
      .join(' vs ')}\n` +
    `designer (${name}) first Fit all after opening: ${[...times.keys()]
      .map(
        (file) =>
          `${file} nodes ${fits(file, 'wall')}, CPU ${fits(file, 'cpu')}, longest ${fits(file, 'longest')}`,
      )
      .join(' vs ')}`
  )
}

export async function runOverviewZoomInBench(): Promise<BenchFigure[]> {
  const build = await startZoomBuild('this build', process.env.ROUTEWRIGHT_FIT_ALL_DIST || undefined)
  try {
    for (let i = 0; i < ZOOM_SAMPLES; i++)
      for (const [file, blocks] of Object.entries(ZOOM_FILES)) {
        const profile =
          i === ZOOM_SAMPLES - 1 && blocks === 320
            ? {
                fit: process.env.ROUTEWRIGHT_FIRST_FIT_PROFILE || undefined,
                zoomIn: process.env.ROUTEWRIGHT_ZOOM_IN_PROFILE || undefined,
              }
            : undefined
        build.times
          .get(file)!
          .push(await zoomInOnce(build.session, build.cdp, `zoom-${blocks}.strategy.yaml`, profile))
      }
    console.log(zoomSummary(build))
    const m = (file: string, pick: (t: FitThenZoomIn) => number) => median(build.times.get(file)!.map(pick))
    const small = m('11', (t) => t.zoomIn.wall)
    return [
      {
        name: 'designer: zoom-in out of the overview of 1,601 nodes until painted, vs 11 nodes',
        value: m('1,601', (t) => t.zoomIn.wall),
        unit: 'ms',
        target: 300,
        ratio: m('1,601', (t) => t.zoomIn.wall) / small,
      },
      {
        name: 'designer: that zoom-in on 501 nodes (drawn whole, no overview), vs 11 nodes',
        value: m('501', (t) => t.zoomIn.wall),
        unit: 'ms',
        target: 300,
        ratio: m('501', (t) => t.zoomIn.wall) / small,
      },
      {
        name: 'designer: the first Fit all of 1,601 nodes after opening, until its edges are routed, vs 11 nodes',
        value: m('1,601', (t) => t.fit.wall),
        unit: 'ms',
        target: 10 * m('11', (t) => t.fit.wall),
        ratio: m('1,601', (t) => t.fit.wall) / m('11', (t) => t.fit.wall),
      },
    ]
  } finally {
    await build.session.close()
  }
}
