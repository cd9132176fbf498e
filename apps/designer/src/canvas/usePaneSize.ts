import { type RefObject, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react'
import { TEST_HOOKS } from '../core/test-hooks.ts'
import { browserTimers, type TimerApi } from '../core/timers.ts'
import { createPaneSizeSettle, type PaneSize, type PaneSizeSettle } from './pane-size-settle.ts'

declare global {
  /** Test builds: timers a resize settles on instead of the browser's (an e2e test's manual ones). */
  var __rwResizeTimers: TimerApi | undefined
}

/** A resize (the window's edge dragged) counts as over once the size has stayed this long. */
export const RESIZE_SETTLE_MS = 250

/** The browser's timers; in test builds, `__rwResizeTimers` when a test has set it (read on each call). */
const resizeTimers: TimerApi = TEST_HOOKS
  ? {
      setTimeout: (callback, ms) => (globalThis.__rwResizeTimers ?? browserTimers).setTimeout(callback, ms),
      clearTimeout: (handle) => (globalThis.__rwResizeTimers ?? browserTimers).clearTimeout(handle),
    }
  : browserTimers

const sameSize = (a: PaneSize | undefined, b: PaneSize) => a?.width === b.width && a.height === b.height

/**
 * The element's size in CSS px, measured before the first paint; later changes (the window or a panel beside it
 * resized) are reported once the size has stayed `settleMs` on `timers` (at once when the pane is shown or hidden:
 * pane-size-settle.ts), so what follows the size (layout, fit) runs once when a resize stops instead of on every
 * step of it. Undefined until measured. While `hold` is true (a splitter dragged or stepped with a held key) the
 * size from before stays, and it is let go at once, without waiting to settle.
 */
export function usePaneSize(
  ref: RefObject<HTMLElement | null>,
  hold = false,
  settleMs = RESIZE_SETTLE_MS,
  timers: TimerApi = resizeTimers,
): PaneSize | undefined {
  const [size, setSize] = useState<PaneSize | undefined>(undefined)
  const [held, setHeld] = useState<PaneSize | undefined>(undefined)
  // the size last reported while not held (React's "state from the previous render" pattern, no extra commit)
  if (!hold && held !== size) setHeld(size)
  const settle = useRef<PaneSizeSettle | undefined>(undefined)
  const flush = useCallback(() => settle.current?.flush(), [])
  useLayoutEffect(() => {
    const element = ref.current
    if (!element) return
    const settling = createPaneSizeSettle({
      timers,
      settleMs,
      report: (latest) => setSize((old) => (sameSize(old, latest) ? old : latest)),
    })
    settle.current = settling
    const box = element.getBoundingClientRect()
    settling.measured({ width: box.width, height: box.height })
    const observer = new ResizeObserver((entries) => {
      const rect = entries[entries.length - 1]?.contentRect
      if (rect) settling.measured({ width: rect.width, height: rect.height })
    })
    observer.observe(element)
    return () => {
      observer.disconnect()
      settling.destroy()
      if (settle.current === settling) settle.current = undefined
    }
  }, [ref, settleMs, timers])
  // a drag or held key let go: the size it ended at, now
  useEffect(() => {
    if (!hold) flush()
  }, [hold, flush])
  return hold && held !== undefined ? held : size
}
