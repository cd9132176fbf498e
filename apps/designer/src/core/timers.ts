// Timers as a dependency: logic that waits (a debounce, a resize settling) takes them, so its tests run a manual
// timer instead of waiting for the wall clock.

/** setTimeout/clearTimeout, or a test's manual timers. */
export interface TimerApi {
  setTimeout(callback: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

/** The browser's (or Node's) own timers. */
export const browserTimers: TimerApi = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
}

/** Timers that run only when told: `fire()` runs every callback due, whatever its delay. */
export interface ManualTimers {
  timers: TimerApi
  /** Runs the callbacks set and not cleared (in the order set), and forgets them. */
  fire(): void
  /** How many callbacks wait. */
  count(): number
  /** The delays asked for, in the order set, cleared ones included. */
  delays: number[]
}

export function createManualTimers(): ManualTimers {
  let next = 1
  const due = new Map<number, () => void>()
  const delays: number[] = []
  return {
    timers: {
      setTimeout(callback, ms) {
        const id = next++
        due.set(id, callback)
        delays.push(ms)
        return id
      },
      clearTimeout: (id) => {
        due.delete(id as number)
      },
    },
    fire() {
      const callbacks = [...due.values()]
      due.clear()
      for (const c of callbacks) c()
    },
    count: () => due.size,
    delays,
  }
}
