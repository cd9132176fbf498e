import type { Clock, TimerHandle } from './clock.ts'

/** The wall clock: `Date.now()` and the platform's timers (Node and browsers alike). */
export function createRealClock(): Clock {
  let nextId = 1
  const timers = new Map<number, ReturnType<typeof globalThis.setTimeout>>()
  return {
    now: () => Date.now(),
    setTimeout(callback, ms) {
      const id = nextId++
      timers.set(
        id,
        globalThis.setTimeout(() => {
          timers.delete(id)
          callback()
        }, ms),
      )
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
