import type { Clock, TimerHandle } from './clock.ts'

/** The longest delay the platform's setTimeout takes; a longer one fires at once (Node's TimeoutOverflowWarning). */
const MAX_PLATFORM_DELAY = 2 ** 31 - 1

/** The wall clock: `Date.now()` and the platform's timers (Node and browsers alike). */
export function createRealClock(): Clock {
  let nextId = 1
  const timers = new Map<number, ReturnType<typeof globalThis.setTimeout>>()
  // a delay over the platform's limit (a host's limit of weeks) waits in steps instead of firing at once
  const arm = (id: number, callback: () => void, ms: number) => {
    const step = Math.min(ms, MAX_PLATFORM_DELAY)
    timers.set(
      id,
      globalThis.setTimeout(() => {
        if (ms > step) return arm(id, callback, ms - step)
        timers.delete(id)
        callback()
      }, step),
    )
  }
  return {
    now: () => Date.now(),
    setTimeout(callback, ms) {
      const id = nextId++
      arm(id, callback, ms)
      return { id }
    },
    clearTimeout(handle: TimerHandle | undefined) {
      if (!handle) return
      const timer = timers.get(handle.id)
      if (timer !== undefined) globalThis.clearTimeout(timer)
      timers.delete(handle.id)
    },
  }
}
