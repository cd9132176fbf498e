// Browser-test harness of the agent desktop: a fresh build, a real routewright serve, the desktop API with an
// in-memory CallControl driven by serve's routing events (standing in for the SIP bridge), and headless Chromium.
import { mkdir, mkdtemp, realpath, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import {
  type CallView,
  createDesktopApi,
  type StackOptions,
  serveDesktopStatic,
  startTelephonyStack,
  type TelephonyStack,
  type WrapUpConfig,
} from '@routewright/telephony'
import { type BrowserContext, chromium, type Page } from 'playwright-core'
import { serve, type TestServer } from '../../../packages/server/test/helpers.ts'
import { noticeOfRouterEvent } from '../../../packages/telephony/src/agent-notices.ts'
import { createTestCalls, type TestCalls } from '../../../packages/telephony/src/desktop-test-calls.ts'
import type { Timers } from '../../../packages/telephony/src/timers.ts'
import { createWrapUps } from '../../../packages/telephony/src/wrap-ups.ts'
import { startServeRelay } from '../../../packages/telephony/test/serve-relay.ts'
import { CHROMIUM_ARGS } from '../../designer/e2e/harness.ts'

const DESKTOP_DIR = resolve(import.meta.dirname, '..')

/** A strategy that pops a screen (an attach with a CRM result) and waits for the support group. */
export const DESK_STRATEGY = `strategy: desk
format: 1
inputs:
  account: { type: string, default: "" }
start: pop
nodes:
  pop:
    type: attach
    set: { Segment: '"Priority"', crm_tier: '"gold"', crm_name: '"Dana Reyes"' }
    next: pick
  pick:
    type: target
    targets: [{ group: support }]
    wait: 5m
    next: { timeout: voicemail, error: voicemail }
  voicemail: { type: route, destination: voicemail }
`

export interface DesktopSession {
  page: Page
  context: BrowserContext
  /** `http://127.0.0.1:<port>/desktop/` */
  url: string
  routing: TestServer
  calls: TestCalls
  /** With `history`: serve's store, `sqlite:<file>` in the sandbox (gone once closed). */
  store?: string
  /** With `wrapUp`: runs every wrap-up timer now, as if its seconds had run out (the wrap-ups' injected clock). */
  expireWrapUps(): void
  /**
   * Submits a call to serve as the bridge would for an INVITE; it pops on the desktop of the agent it is routed to.
   * `media` other than voice (`chat`) is submitted so, and offered with serve's interaction view's `media`, as a host
   * of that media would.
   */
  placeCall(call: {
    id: string
    ani: string
    dnis: string
    data?: Record<string, string>
    media?: string
  }): Promise<void>
  /** The agent's phone answered: serve confirms the reservation and the call is talking. */
  answer(callId: string): Promise<void>
  /** The agent's phone rang out: serve rejects the reservation (a RONA: the agent made not ready), as the bridge does. */
  ringNoAnswer(callId: string): Promise<void>
  pageErrors: string[]
  /**
   * The desktop reaches serve through a relay: from now on it answers 503 `serve is restarting` to what `which`
   * picks (`() => false` lets everything through again).
   */
  refuseServe(which: (method: string, url: string) => boolean): void
  /** Saves a full-page PNG under apps/agent-desktop/test-output/<name>.png, for a person to look at. */
  screenshot(name: string): Promise<void>
  close(): Promise<void>
}

/** Builds the desktop into `outDir` (a private copy: another engineer's build may be emptying dist/). */
export async function buildDesktop(outDir: string): Promise<void> {
  const { build } = await import('vite')
  await build({
    configFile: join(DESKTOP_DIR, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  })
}

/** Debian's Chromium with a fresh profile; page errors are collected for the test to assert there were none. */
export async function openBrowser(
  profile: string,
): Promise<{ context: BrowserContext; page: Page; pageErrors: string[] }> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
  })
  const page = context.pages()[0] ?? (await context.newPage())
  page.setDefaultTimeout(15_000)
  const pageErrors: string[] = []
  page.on('pageerror', (error) => pageErrors.push(error.message))
  page.on('console', (message) => {
    // a 4xx the desktop shows as an alert is logged by Chromium too; anything else is a fault
    if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) pageErrors.push(message.text())
  })
  return { context, page, pageErrors }
}

export interface SipDesktop {
  stack: TelephonyStack
  context: BrowserContext
  page: Page
  pageErrors: string[]
  /** Closes the browser, stops the stack and removes the sandbox. */
  close(): Promise<void>
}

/**
 * The real-SIP tests' set-up: a sandbox (`<prefix>…` in the temporary folder) with a fresh desktop build, a telephony
 * stack (its logs in the sandbox) whose bridges' HTTP sides serve the desktop API and app, every bridge's desktop
 * listing the others' (those added with `addBridge(id, { http: true })`), and Chromium.
 */
export async function startSipDesktop(
  prefix: string,
  options: Omit<StackOptions, 'runDir' | 'http'>,
): Promise<SipDesktop> {
  const sandbox = await realpath(await mkdtemp(join(tmpdir(), prefix)))
  let stack: TelephonyStack | undefined
  let browser: Awaited<ReturnType<typeof openBrowser>> | undefined
  const close = async () => {
    await browser?.context.close().catch(() => {})
    await stack?.stop()
    await rm(sandbox, { recursive: true, force: true })
  }
  try {
    await buildDesktop(join(sandbox, 'dist'))
    const runDir = join(sandbox, 'sip')
    await mkdir(runDir)
    stack = await startTelephonyStack({
      ...options,
      runDir,
      // the desktop's failures in the bridge's log, as on a bridge
      http: ({ serveUrl, calls, bridgeName, bridges, log }) => [
        createDesktopApi({ serveUrl, calls, bridgeName, bridges, log }),
        serveDesktopStatic({ root: join(sandbox, 'dist') }),
      ],
    })
    browser = await openBrowser(join(sandbox, 'profile'))
    return { stack, ...browser, close }
  } catch (error) {
    await close()
    throw error
  }
}

/**
 * `syncMs`: how often the desktop API asks serve for its agents while a desktop is open (its default, 2 s, unless
 * given): a test of what serve's stream alone shows sets it beyond the test's length.
 */
export async function startDesktop(
  options: {
    syncMs?: number
    /** serve's directory instead of its test one (agents with chat capacity). */
    directory?: string
    /** The media the desktop offers a state for (default voice). */
    media?: string[]
    /**
     * After-call work as the bridge's BridgeOptions.wrapUp (the same wrap-ups.ts, its timers run by `expireWrapUps`): a call's end holds
     * its complete until the agent's Done, the seconds, or a logout.
     */
    wrapUp?: WrapUpConfig
    /** serve keeps a SQLite history in the sandbox (DesktopSession.store). */
    history?: boolean
  } = {},
): Promise<DesktopSession> {
  const sandbox = await realpath(await mkdtemp(join(tmpdir(), 'rw-desktop-e2e-')))
  await buildDesktop(join(sandbox, 'dist'))
  const store = options.history ? `sqlite:${join(sandbox, 'history.db')}` : undefined
  const routing = await serve(store === undefined ? {} : { history: { store } }, {
    'desk.strategy.yaml': DESK_STRATEGY,
    ...(options.directory === undefined ? {} : { 'center.directory.yaml': options.directory }),
  })
  const calls = createTestCalls()
  const placed = new Map<string, { ani: string; dnis: string; media?: string }>()
  const attached = new Map<string, Record<string, string>>()
  /** The reservation each interaction's phone rings for: the answer confirms that one, as the SIP bridge does. */
  const reservations = new Map<string, string>()
  const stopEvents = routing.server.coordinator.subscribe((event) => {
    // the bridge's word to the desktop on a RONA: why the router made the agent not ready
    const notice = noticeOfRouterEvent(event, Date.now())
    if (notice !== undefined) calls.notify(notice)
    if (event.type === 'reservation-rejected' && placed.has(event.interaction))
      calls.offer({ callId: `sip-${event.interaction}`, state: 'queued' })
    if (event.type === 'data-attached')
      attached.set(
        event.interaction,
        Object.fromEntries(Object.entries(event.data).map(([k, v]) => [k, String(v)])),
      )
    if (event.type === 'routed') {
      const call = placed.get(event.interaction)
      if (call === undefined) return
      reservations.set(event.interaction, event.reservation)
      calls.offer({
        callId: `sip-${event.interaction}`,
        interaction: event.interaction,
        agent: event.agent,
        state: 'ringing',
        attached: attached.get(event.interaction) ?? {},
        ...call,
      })
    }
  })
  // serve's stream says an agent's state changed (another host, the router): the bridge tells the desktops
  const stopStates = routing.server.coordinator.onAgentState?.((event) =>
    calls.stateChanged(event.agent, event),
  )
  // the bridge tells serve when the agent's part of a call ends: released or transferred away; close() waits for
  // these, and one that fails is a fault the test sees (not an unhandled rejection after the test)
  const talking = new Map<string, string>()
  const completing = new Set<Promise<void>>()
  // a fault before the browser opens waits here; after, it is one of the page's errors the tests assert on
  const faults: string[] = []
  let report = (fault: string) => faults.push(fault)
  function complete(interaction: string, body: Record<string, unknown>): void {
    const done = routing
      .request('POST', `/v1/interactions/${interaction}/complete`, body)
      .then(
        () => {},
        (error: Error) => {
          report(`the bridge's complete of ${interaction} failed: ${error.message}`)
        },
      )
      .finally(() => completing.delete(done))
    completing.add(done)
  }
  // the wrap-ups' timers, run when the test says: their seconds run out at once, not after a real wait
  const wrapTimers = new Map<number, () => void>()
  let nextTimer = 0
  const timers: Timers = {
    setTimeout(run) {
      wrapTimers.set(++nextTimer, run)
      return nextTimer
    },
    clearTimeout: (handle) => void wrapTimers.delete(handle as number),
  }
  // the bridge's own wrap-ups (wrap-ups.ts), as BridgeOptions.wrapUp makes them
  const wrapUps =
    options.wrapUp === undefined
      ? undefined
      : createWrapUps<{ view: CallView }>({
          config: options.wrapUp,
          now: Date.now,
          timers,
          log: () => {},
          complete: (rec, disposition) =>
            complete(rec.view.interaction, disposition === undefined ? {} : { disposition }),
        })
  if (wrapUps !== undefined)
    Object.assign(calls, {
      wrapUps: wrapUps.views,
      onWrapUp: wrapUps.listen,
      wrapUp: wrapUps.done,
      endWrapUps: wrapUps.loggedOut,
    })
  const stopCalls = calls.onCall((call) => {
    const agent = talking.get(call.callId)
    if (call.state === 'talking' && call.agent !== undefined) talking.set(call.callId, call.agent)
    else if (agent !== undefined && (call.state === 'ended' || call.agent !== agent)) {
      talking.delete(call.callId)
      // a released call wraps up first; a transfer here only moves the call to another agent: completed at once
      if (wrapUps !== undefined && call.state === 'ended') wrapUps.begin({ view: call }, agent)
      else complete(call.interaction, {})
    }
  })
  const relay = await startServeRelay(routing.server.url)
  const api = createDesktopApi({
    serveUrl: relay.url,
    calls,
    heartbeatMs: 2000,
    ...(options.syncMs === undefined ? {} : { syncMs: options.syncMs }),
    ...(options.media === undefined ? {} : { media: options.media }),
  })
  const statics = serveDesktopStatic({ root: join(sandbox, 'dist') })
  const http: Server = createServer((req, res) => {
    if (api(req, res) || statics(req, res)) return
    res.writeHead(404).end()
  })
  const stopServers = async () => {
    stopEvents()
    stopStates?.()
    stopCalls()
    // a wrap-up still running completes now, as a logout's would: no timer outlives the test
    for (const wrap of wrapUps?.views() ?? []) wrapUps?.loggedOut(wrap.agent)
    await Promise.all(completing)
    http.closeAllConnections()
    await new Promise((done) => http.close(done))
    await relay.close()
    await routing.stop()
    await rm(sandbox, { recursive: true, force: true })
  }
  let browser: Awaited<ReturnType<typeof openBrowser>>
  try {
    await new Promise<void>((done) => http.listen(0, '127.0.0.1', done))
    browser = await openBrowser(join(sandbox, 'profile'))
  } catch (error) {
    await stopServers() // a start that failed leaves no serve, port or folder behind
    throw error
  }
  const { context, page, pageErrors } = browser
  pageErrors.push(...faults)
  report = (fault) => pageErrors.push(fault)
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/desktop/`
  return {
    page,
    context,
    url,
    routing,
    calls,
    ...(store === undefined ? {} : { store }),
    pageErrors,
    refuseServe: relay.refuse,
    expireWrapUps() {
      const due = [...wrapTimers.values()]
      wrapTimers.clear()
      for (const run of due) run()
    },
    async screenshot(name) {
      await mkdir(join(DESKTOP_DIR, 'test-output'), { recursive: true })
      await page.screenshot({ path: join(DESKTOP_DIR, 'test-output', `${name}.png`), fullPage: true })
    },
    async placeCall({ id, ani, dnis, data = {}, media }) {
      // offered with its media from the routed event on (it may come before serve's answer), as a chat host would
      placed.set(id, { ani, dnis, ...(media === undefined ? {} : { media }) })
      const answer = await routing.request('POST', '/v1/interactions', {
        id,
        strategy: 'desk',
        ani,
        dnis,
        data,
        ...(media === undefined ? {} : { media }),
      })
      if (answer.status !== 201) throw new Error(`serve refused the call: ${JSON.stringify(answer.body)}`)
      // the media the desktop is given is serve's own (its interaction view's), not only what the test asked
      const view = await routing.request('GET', `/v1/interactions/${encodeURIComponent(id)}`)
      if (view.body.media !== (media ?? 'voice'))
        throw new Error(`serve holds ${id} as ${view.body.media}, not ${media ?? 'voice'}`)
    },
    async answer(callId) {
      const call = calls.calls().find((c) => c.callId === callId)
      if (call === undefined) throw new Error(`No call ${callId}`)
      const confirmed = await routing.request('POST', `/v1/interactions/${call.interaction}/confirm`, {
        reservation: reservations.get(call.interaction),
      })
      if (confirmed.status !== 200)
        throw new Error(`serve refused the confirm: ${JSON.stringify(confirmed.body)}`)
      calls.offer({ callId, state: 'talking', answeredAt: Date.now() })
    },
    async ringNoAnswer(callId) {
      const call = calls.calls().find((c) => c.callId === callId)
      if (call === undefined) throw new Error(`No call ${callId}`)
      // as the SIP bridge says a ring that timed out (408): the agent did not answer, not declined
      const rejected = await routing.request('POST', `/v1/interactions/${call.interaction}/reject`, {
        reservation: reservations.get(call.interaction),
        reason: 'no-answer',
        note: 'SIP 408',
      })
      if (rejected.status !== 200)
        throw new Error(`serve refused the reject: ${JSON.stringify(rejected.body)}`)
    },
    async close() {
      await context.close().catch(() => {})
      await stopServers()
    },
  }
}
