// React binding of a MonitorConnection: connects while a serve URL is set, draws again once per animation frame.
import { useEffect, useReducer, useState } from 'react'
import { createMonitorConnection, type MonitorConnection } from './monitor-connection.ts'

const BROWSER_DEPS = {
  fetch: (input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init),
  now: () => Date.now(),
  requestFrame: (callback: () => void) => requestAnimationFrame(() => callback()),
  setTimer: (callback: () => void, ms: number) => setTimeout(callback, ms),
  clearTimer: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}

/** A new `target` object connects afresh (the Reconnect button), even to the same serve. */
export function useMonitor(target: { serve: string; token: string } | null): MonitorConnection | null {
  const [connection, setConnection] = useState<MonitorConnection | null>(null)
  const [, redraw] = useReducer((n: number) => n + 1, 0)
  useEffect(() => {
    if (target === null) {
      setConnection(null)
      return
    }
    const { serve, token } = target
    const next = createMonitorConnection(
      { serve, origin: globalThis.location.origin, ...(token ? { token } : {}) },
      BROWSER_DEPS,
    )
    setConnection(next)
    const unsubscribe = next.subscribe(redraw)
    return () => {
      unsubscribe()
      next.destroy()
    }
  }, [target])
  return connection
}
