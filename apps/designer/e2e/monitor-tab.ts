// The start of every Monitor e2e file: a designer showing the workspace beside a real `routewright serve` that allows
// its origin, a strategy open with serve's URL in the page address, the bottom panel raised, on the Monitor tab (not
// connected); serve stopped after the session.
import type { ServeOptions } from '@routewright/server'
import type { Page, Route } from 'playwright-core'
import { expect } from 'vitest'
import { serve, type TestServer } from '../../../packages/server/test/helpers.ts'
import { raiseBottomPanel } from './bottom-panel.ts'
import { designerForThisFile } from './designer-for-this-file.ts'
import { type DesignerSession, FITTED_CANVAS } from './harness.ts'

/** expect.poll with the time a Monitor view takes to follow serve on a loaded machine. */
export function poll<T>(read: () => Promise<T>) {
  return expect.poll(read, { timeout: 15_000 })
}

/** `reload`: the page's own address again (what a browser reload keeps), instead of going to `file`. */
export async function openMonitorTab(
  page: Page,
  designerUrl: string,
  serveUrl: string,
  file: string,
  reload = false,
): Promise<void> {
  const address = `${designerUrl}?file=${file}&serve=${encodeURIComponent(serveUrl)}`
  await (reload ? page.reload() : page.goto(address))
  await page.locator(FITTED_CANVAS).waitFor({ timeout: 20_000 })
  await raiseBottomPanel(page)
  await page.getByTestId('tab-monitor').click()
}

export interface DesignerBesideServeOptions {
  /** The designer's workspace files (the strategy opened among them). */
  files: Record<string, string>
  /** serve's options; the designer's origin is always allowed. */
  serve?: Partial<ServeOptions>
  /** serve's workspace files; without them serve's test directory and support strategy. */
  serveFiles?: Record<string, string>
  /** The strategy opened on the Monitor tab. */
  file?: string
}

/** A Monitor file's designer and serve, filled once the session is up (read them inside tests and hooks). */
export interface DesignerBesideServe {
  readonly session: DesignerSession
  readonly page: Page
  /** A file that restarts serve sets it again. */
  routing: TestServer
  /** The designer's origin (its URL without the trailing slash): what serve must allow. */
  readonly origin: string
  /** Opens `file` on the Monitor tab, serve's URL in the address (not connected). */
  openMonitor(file: string, reload?: boolean): Promise<void>
}

/** Registers this file's designer beside a serve of its own and returns them (see DesignerBesideServe). */
export function designerBesideServe(options: DesignerBesideServeOptions): DesignerBesideServe {
  let routing: TestServer | undefined
  const session = designerForThisFile({
    // the designer shows the workspace serve runs, so the canvas is the strategy that takes the traffic
    workspaceFixture: null,
    files: options.files,
    blank: true,
    async ready() {
      routing = await serve({ ...options.serve, allowOrigins: [beside.origin] }, options.serveFiles)
      await beside.openMonitor(options.file ?? 'support.strategy.yaml')
    },
    teardown: () => routing?.stop(),
  })
  const beside: DesignerBesideServe = {
    session,
    get page() {
      return session.page
    },
    get routing() {
      if (routing === undefined)
        throw new Error('serve is not started yet (read .routing inside a test or a hook)')
      return routing
    },
    set routing(restarted) {
      routing = restarted
    },
    get origin() {
      return session.url.replace(/\/$/, '')
    },
    openMonitor: (file, reload = false) =>
      openMonitorTab(session.page, session.url, beside.routing.server.url, file, reload),
  }
  return beside
}

/** Holds serve's `/v1/monitor` answers in the page until the returned function is called: the view keeps its last. */
export async function holdSnapshots(beside: DesignerBesideServe): Promise<() => Promise<void>> {
  const held: Route[] = []
  const pattern = `${beside.routing.server.url}/v1/monitor`
  let released = false
  const handler = (route: Route) => {
    if (released) void route.continue()
    else held.push(route)
  }
  await beside.page.route(pattern, handler)
  return async () => {
    released = true
    await beside.page.unroute(pattern, handler)
    // unroute may already have let them through
    for (const route of held.splice(0)) await route.continue().catch(() => {})
  }
}
