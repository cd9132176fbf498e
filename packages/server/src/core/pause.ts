// Waits a stop cuts short: a loop that slept out its period before it saw the stop, or a bound whose timer was left
// running after what it bounded had settled, kept a stopping process alive that long (SIGTERM's exit waited 0.2-1.5 s).

/** Resolves after `ms`, or at once when `signal` aborts; its timer is cleared either way. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve()
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal?.addEventListener('abort', done, { once: true })
  })
}

/** Waits for `work` to settle (either way), at most `ms`; the bound's timer is cleared once it has. */
export async function settledWithin(work: Promise<unknown>, ms: number): Promise<void> {
  const bound = new AbortController()
  await Promise.race([
    work.then(
      () => {},
      () => {},
    ),
    pause(ms, bound.signal),
  ])
  bound.abort()
}
