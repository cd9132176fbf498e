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

export function useMonitor(serve: string | null, token: string): MonitorConnection | null {
  const [connection, setConnection] = useState<MonitorConnection | null>(null)
  const [, redraw] = useReducer((n: number) => n + 1, 0)
  useEffect(() => {
    if (serve === null) {
      setConnection(null)
      return
    }
    const next = createMonitorConnection({ serve, ...(token ? { token } : {}) }, BROWSER_DEPS)
    setConnection(next)
    const unsubscribe = next.subscribe(redraw)
    return () => {
      unsubscribe()
      next.destroy()
    }
  }, [serve, token])
  return connection
}
