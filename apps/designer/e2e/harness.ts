// Browser-test harness: a temp copy of a workspace, the built designer server on a free port, and headless Chromium.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { existsSync, rmSync } from 'node:fs'
import { cp, mkdir, mkdtemp, readdir, realpath, rename, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { tiedCommand } from '@routewright/node-support/tied-child'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { inject } from 'vitest'
import { recordPageActivity } from './page-activity.ts'
import { ensureTestBuild, TEST_DIST } from './test-build.ts'

const DESIGNER_DIR = resolve(import.meta.dirname, '..')
const REPO_ROOT = resolve(DESIGNER_DIR, '../..')
export const SERVER_BUNDLE = join(DESIGNER_DIR, 'dist-server', 'serve.mjs')
/** The production build (`npm run build`, served by `npm start`): no test hooks. */
export const DEFAULT_DIST = join(DESIGNER_DIR, 'dist')
/** The canvas once it has fitted its strategy into view (the first paint a test can measure). */
export const FITTED_CANVAS = '[data-testid="canvas"][data-fitted="true"]'
export const TEST_OUTPUT = join(DESIGNER_DIR, 'test-output')

/** Flags from TOOLCHAIN.md for Debian's Chromium in a container. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

export interface StartDesignerOptions {
  /** Folder copied into a temp workspace; default the repo's examples/; null: start from an empty folder. */
  workspaceFixture?: string | null
  /** Files (workspace path -> text) written over the copy before the server starts. */
  files?: Readonly<Record<string, string>>
  /** Built designer to serve; default the test build (dist-e2e/, with the test hooks: see test-build.ts). */
  dist?: string
  viewport?: { width: number; height: number }
  /** The browser's time zone (playwright's `timezoneId`); default the machine's (UTC in CI). */
  timezoneId?: string
  /** Navigate to the designer before returning (default true). */
  open?: boolean
  /** More flags for the designer server (`--store sqlite:FILE`, `--serve URL`). */
  serverArgs?: readonly string[]
}

export interface DesignerServerProcess {
  port: number
  process: ChildProcess
  /** Everything the server printed so far, for failure messages. */
  output(): string
}

export interface DesignerSession {
  page: Page
  context: BrowserContext
  /** `http://127.0.0.1:<port>/` */
  url: string
  /** Real path of the temp workspace copy the server works on. */
  workspace: string
  server: DesignerServerProcess
  /** Errors the page logged or threw, so a test can assert there were none. */
  pageErrors: string[]
  /** The page's console, navigations, failed and unanswered requests so far: what a failing test prints. */
  activity(): string
  /** Loads the designer on a workspace file (`?file=`) and waits until its canvas is fitted. */
  openFile(file: string): Promise<void>
  /** Saves a full-page PNG under apps/designer/test-output/<name>.png and returns its path. */
  screenshot(name: string): Promise<string>
  close(): Promise<void>
}

async function newestSourceMs(folder: string): Promise<number> {
  let newest = 0
  for (const entry of await readdir(folder, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts')) continue
    newest = Math.max(newest, (await stat(join(entry.parentPath, entry.name))).mtimeMs)
  }
  return newest
}

/**
 * Rebuilds dist-server/serve.mjs when it is missing or older than the server sources (a second or so),
 * so browser tests never run an old server. Built aside, its chunks copied in and serve.mjs renamed in last, so a
 * concurrent run never sees half a file.
 */
export async function ensureServerBundle(): Promise<void> {
  const built = existsSync(SERVER_BUNDLE) ? (await stat(SERVER_BUNDLE)).mtimeMs : 0
  const helpers = await ensureNodeSupportBuild()
  const sources = Math.max(
    await newestSourceMs(join(DESIGNER_DIR, 'server')),
    await newestSourceMs(join(DESIGNER_DIR, 'src', 'api')),
    helpers,
  )
  if (built >= sources) return
  await mkdir(dirname(SERVER_BUNDLE), { recursive: true })
  const outDir = await mkdtemp(join(dirname(SERVER_BUNDLE), '.build-'))
  try {
    const { build } = await import('vite')
    await build({
      configFile: join(DESIGNER_DIR, 'vite.server.config.ts'),
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    })
    // the lazily loaded chunks (assets/*.js, hashed names) go in first: serve.mjs imports them by name
    await cp(join(outDir, 'assets'), join(dirname(SERVER_BUNDLE), 'assets'), { recursive: true }).catch(
      (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error
      },
    )
    await rename(join(outDir, 'serve.mjs.map'), `${SERVER_BUNDLE}.map`).catch(() => {})
    await rename(join(outDir, 'serve.mjs'), SERVER_BUNDLE)
  } finally {
    await rm(outDir, { recursive: true, force: true })
  }
}

/** The bundle takes node-support's built JavaScript: rebuilds it when older than its sources; their newest time. */
async function ensureNodeSupportBuild(): Promise<number> {
  const folder = join(REPO_ROOT, 'packages', 'node-support')
  const sources = await newestSourceMs(join(folder, 'src'))
  const output = join(folder, 'dist', 'index.js')
  const built = existsSync(output) ? (await stat(output)).mtimeMs : 0
  if (built < sources) {
    execFileSync('npm', ['run', 'build', '-w', '@routewright/node-support'], {
      cwd: REPO_ROOT,
      stdio: 'pipe',
    })
  }
  return sources
}

function requireBuild(dist: string): void {
  if (!existsSync(join(dist, 'index.html'))) {
    throw new Error(`The designer is not built (no ${join(dist, 'index.html')}): run npm run build`)
  }
}

const READY_LINE = /Routewright designer: (http:\/\/127\.0\.0\.1:(\d+)\/) \(workspace: (.*)\)/

/** Starts the built server bundle as a child process and waits for the line with its address. */
export function startServerProcess(
  workspace: string,
  dist: string,
  extraArgs: readonly string[] = [],
  /** Another user to run it as (root testing what a user without a permission sees). */
  runAs?: { user: string; group: string },
): Promise<DesignerServerProcess> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      ...tiedCommand(
        process.execPath,
        [SERVER_BUNDLE, '--workspace', workspace, '--dist', dist, '--port', '0', '--no-open', ...extraArgs],
        { runAs },
      ),
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, BROWSER: 'none' },
      },
    )
    let output = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`The designer server did not start within 15 s. Output:\n${output}`))
    }, 15_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8')
      const match = READY_LINE.exec(output)
      if (match !== null) {
        clearTimeout(timer)
        resolvePromise({ port: Number(match[2]), process: child, output: () => output })
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(
        new Error(`The designer server exited with code ${code} before it was ready. Output:\n${output}`),
      )
    })
  })
}

async function stopServerProcess(server: DesignerServerProcess): Promise<void> {
  const child = server.process
  if (child.exitCode !== null || child.signalCode !== null) return
  await new Promise<void>((resolvePromise) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 3000)
    child.once('exit', () => {
      clearTimeout(force)
      resolvePromise()
    })
    child.kill('SIGTERM')
  })
}

/** Fills the sandbox's workspace: a copy of the fixture (or nothing), then `files` over it, each kept inside. */
async function fillWorkspace(workspace: string, options: StartDesignerOptions): Promise<void> {
  if (options.workspaceFixture === null) await mkdir(workspace)
  else
    await cp(resolve(options.workspaceFixture ?? join(REPO_ROOT, 'examples')), workspace, { recursive: true })
  for (const [path, text] of Object.entries(options.files ?? {})) {
    const target = resolve(workspace, path)
    if (!target.startsWith(`${workspace}/`))
      throw new Error(`A workspace file must stay inside it: "${path}"`)
    await mkdir(dirname(target), { recursive: true })
    await writeFile(target, text)
  }
}

/** The worker's one Chromium (files share the module: `isolate: false`); a launch costs ~1-2.5 s on this host. */
let sharedBrowser: Promise<Browser> | undefined

/** The worker's Chromium, launched on first use and again if it went away; each session gets its own context. */
function workerBrowser(): Promise<Browser> {
  if (sharedBrowser === undefined) {
    const launching = chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
    })
    sharedBrowser = launching
    launching.then(
      (browser) => browser.on('disconnected', () => (sharedBrowser = undefined)),
      () => (sharedBrowser = undefined),
    )
  }
  return sharedBrowser
}

/** One private copy per build (build path and time -> copy), only read by the sessions that serve it. */
const servedCopies = new Map<string, Promise<string>>()
let copiesRoot: Promise<string> | undefined

/** The run's folder for copies (global-setup.ts removes it); a run without that setup (benchmarks) makes its own. */
function servedRoot(): Promise<string> {
  copiesRoot ??= (async () => {
    const provided = inject('designerServedRoot') as string | undefined
    if (provided !== undefined) return provided
    const root = await realpath(await mkdtemp(join(tmpdir(), 'rw-e2e-served-')))
    process.once('exit', () => rmSync(root, { recursive: true, force: true }))
    return root
  })()
  return copiesRoot
}

/**
 * The copy of the build sessions serve: another engineer's `vite build` empties dist/ while it runs, so no session
 * serves dist/ itself; copied once per run (~17 MB), and again when the build changed (a newer index.html).
 */
async function servedDistFor(dist: string): Promise<string> {
  const key = `${dist}@${(await stat(join(dist, 'index.html'))).mtimeMs}`
  let copy = servedCopies.get(key)
  if (copy === undefined) {
    copy = (async () => {
      // a folder of its own: files share the root across workers and runs of this module
      const target = await mkdtemp(join(await servedRoot(), 'dist-'))
      await cp(dist, target, { recursive: true })
      requireBuild(target)
      return target
    })()
    servedCopies.set(key, copy)
    // a failed copy is not kept: the next session tries again
    copy.catch(() => servedCopies.delete(key))
  }
  return copy
}

/** What the run's global setup checked (global-setup.ts); nothing in a run without it (benchmarks). */
function buildsChecked(): { testBuild: boolean; serverBundle: boolean } {
  return inject('designerBuildsChecked') ?? { testBuild: false, serverBundle: false }
}

/** The session's workspace filled and its server started (the sandbox removed if either fails). */
async function serveSandbox(
  options: StartDesignerOptions,
  dist: string,
): Promise<{ sandbox: string; workspace: string; server: DesignerServerProcess }> {
  const sandbox = await realpath(await mkdtemp(join(tmpdir(), 'rw-e2e-')))
  const workspace = join(sandbox, 'workspace')
  try {
    await fillWorkspace(workspace, options)
    const server = await startServerProcess(workspace, await servedDistFor(dist), options.serverArgs)
    return { sandbox, workspace, server }
  } catch (error) {
    await rm(sandbox, { recursive: true, force: true })
    throw error
  }
}

/** A fresh context per session: its own storage, cache and pages, as a new profile had. */
async function freshPage(options: StartDesignerOptions): Promise<Page> {
  const context = await (await workerBrowser()).newContext({
    viewport: options.viewport ?? { width: 1440, height: 900 },
    ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}),
  })
  try {
    return await context.newPage()
  } catch (error) {
    await context.close().catch(() => {})
    throw error
  }
}

export async function startDesigner(options: StartDesignerOptions = {}): Promise<DesignerSession> {
  const checked = buildsChecked()
  const dist = resolve(options.dist ?? (checked.testBuild ? TEST_DIST : await ensureTestBuild()))
  requireBuild(dist)
  if (!checked.serverBundle) await ensureServerBundle()
  // the server's start (seconds under load) and the browser's page are independent: made side by side
  const [served, opened] = await Promise.allSettled([serveSandbox(options, dist), freshPage(options)])
  if (served.status === 'rejected' || opened.status === 'rejected') {
    if (opened.status === 'fulfilled')
      await opened.value
        .context()
        .close()
        .catch(() => {})
    if (served.status === 'fulfilled') {
      await stopServerProcess(served.value.server)
      await rm(served.value.sandbox, { recursive: true, force: true })
    }
    throw served.status === 'rejected' ? served.reason : (opened as PromiseRejectedResult).reason
  }
  const { sandbox, workspace, server } = served.value
  const page = opened.value
  const context = page.context()
  const pageErrors: string[] = []
  const activity = recordPageActivity(page)
  page.on('pageerror', (error) => pageErrors.push(error.message))
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text())
  })
  const url = `http://127.0.0.1:${server.port}/`
  const session: DesignerSession = {
    page,
    context,
    url,
    workspace,
    server,
    pageErrors,
    activity: () => activity.describe(),
    async openFile(file) {
      await page.goto(`${url}?file=${file}`)
      await page.locator(FITTED_CANVAS).waitFor({ timeout: 20_000 })
    },
    async screenshot(name) {
      await mkdir(TEST_OUTPUT, { recursive: true })
      const path = join(TEST_OUTPUT, `${name.replace(/[^\w.-]+/g, '-')}.png`)
      await page.screenshot({ path, fullPage: true })
      return path
    },
    async close() {
      await context.close().catch(() => {})
      await stopServerProcess(server)
      await rm(sandbox, { recursive: true, force: true })
    },
  }
  if (options.open !== false) {
    try {
      await page.goto(url)
    } catch (error) {
      await session.close()
      throw error
    }
  }
  return session
}
