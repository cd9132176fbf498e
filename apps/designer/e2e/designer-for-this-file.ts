// The one way an e2e test file gets its designer: registers beforeAll/afterAll that start a session (temp workspace,
// server, browser page) and always tear it down, and hands back the session for the file's tests to use.
import { afterAll, beforeAll, beforeEach } from 'vitest'
import { type DesignerSession, type StartDesignerOptions, startDesigner } from './harness.ts'

export interface DesignerForThisFileOptions extends Omit<StartDesignerOptions, 'open'> {
  /** Workspace file to open before the tests (waits until its canvas is fitted); without it the root page opens. */
  file?: string
  /** Open nothing: the file's `ready` navigates itself (an empty file, a query string, a wait of its own). */
  blank?: boolean
  /** The file's own steps once the session is up and the page open (fixtures that need the URL, panels, tabs). */
  ready?(session: DesignerSession): Promise<void> | void
  /** Runs after the session has closed, also when starting it failed (servers or folders `ready` made). */
  teardown?(): Promise<void> | void
}

/** The built designer to test: RW_E2E_DIST points at a private build (parallel builds share dist/). */
function distOption(): { dist?: string } {
  const dist = process.env.RW_E2E_DIST
  return dist ? { dist } : {}
}

/** The error with the page's activity appended to its message (a timeout in `ready` fails the whole file). */
function withActivity(error: unknown, session: DesignerSession): unknown {
  if (!(error instanceof Error)) return error
  error.message += `\n\nWhat the page did before the failure:\n${session.activity()}`
  return error
}

/**
 * Registers this file's designer session and returns it. The returned session is usable inside tests and hooks
 * registered after this call (it starts in beforeAll); reading it earlier throws with a message that says so.
 * Options may be a function, evaluated in beforeAll, for options that need work first (a recorded store).
 */
export function designerForThisFile(
  options: DesignerForThisFileOptions | (() => Promise<DesignerForThisFileOptions>) = {},
): DesignerSession {
  let live: DesignerSession | undefined
  let teardown: DesignerForThisFileOptions['teardown']
  beforeAll(async () => {
    const {
      file,
      blank,
      ready,
      teardown: after,
      ...start
    } = typeof options === 'function' ? await options() : options
    teardown = after
    live = await startDesigner({ ...distOption(), ...start, open: file === undefined && blank !== true })
    try {
      if (file !== undefined) await live.openFile(file)
      await ready?.(live)
    } catch (error) {
      throw withActivity(error, live)
    }
  })
  // a failing test says what the page was doing (a request that never came back, an error in the console)
  beforeEach((context) => {
    context.onTestFailed(async () => {
      if (live === undefined) return
      const shot = await live.screenshot(`failed-${context.task.name}`).catch((error: Error) => error.message)
      console.error(`What the page did before the failure (screenshot: ${shot}):\n${live.activity()}`)
    })
  })
  afterAll(async () => {
    try {
      await live?.close()
    } finally {
      await teardown?.()
    }
  })
  return new Proxy({} as DesignerSession, {
    get(_target, key) {
      if (live === undefined) {
        throw new Error(
          `The designer session is not started yet (read .${String(key)} inside a test or a hook)`,
        )
      }
      return Reflect.get(live, key)
    },
  })
}
