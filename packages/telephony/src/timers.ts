// The timers the bridge's parts wait on: injected (BridgeOptions, EvapiOptions, RouterClientOptions, DesktopApiOptions
// and StackOptions `timers`) so a test drives them on a simulated clock and replays exactly; the real ones are the default.

/** setTimeout and clearTimeout of some clock (strategy-runtime's SimulatedClock is one). */
export interface Timers {
  setTimeout(run: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

/** Node's timers, looked up on each call (a test's vi.useFakeTimers still takes them over). */
export const realTimers: Timers = {
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}

/** Lets a real timer's handle not keep a stopping process alive (a simulated clock's has nothing to unref). */
export function unrefTimer(handle: unknown): void {
  const timer = handle as { unref?: unknown } | undefined
  if (typeof timer?.unref === 'function') (timer as { unref(): void }).unref()
}

/** Resolves `ms` later on `timers`. */
export function sleep(timers: Timers, ms: number): Promise<void> {
  return new Promise((resolve) => {
    timers.setTimeout(resolve, ms)
  })
}

/**
 * Runs `run` every `ms` on `timers` until the returned stop is called: each run sets the next timer (a Timers has no
 * setInterval), so a simulated clock fires it once per `ms` it moves. A real timer does not keep the process alive.
 */
export function every(timers: Timers, ms: number, run: () => void): () => void {
  let handle: unknown
  let stopped = false
  const arm = () => {
    handle = timers.setTimeout(() => {
      if (stopped) return
      arm()
      run()
    }, ms)
    unrefTimer(handle)
  }
  arm()
  return () => {
    stopped = true
    timers.clearTimeout(handle)
  }
}
