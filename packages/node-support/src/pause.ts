// A wait a stop cuts short: a loop that slept out its period before it saw the stop kept a stopping process alive
// that long. The server's Redis loops and the telephony bridge's router client wait on it.

/** setTimeout and clearTimeout of some clock (a simulated one in tests); Node's by default. */
export interface PauseTimers {
  setTimeout(run: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

const nodeTimers: PauseTimers = {
  // looked up on each call: a test's fake timers still take them over
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}

/** Resolves after `ms` on `timers`, or at once when `signal` aborts; its timer is cleared either way. */
export function pause(ms: number, signal?: AbortSignal, timers: PauseTimers = nodeTimers): Promise<void> {
  if (signal?.aborted) return Promise.resolve()
  return new Promise((resolve) => {
    const done = () => {
      timers.clearTimeout(handle)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    const handle = timers.setTimeout(done, ms)
    signal?.addEventListener('abort', done, { once: true })
  })
}
