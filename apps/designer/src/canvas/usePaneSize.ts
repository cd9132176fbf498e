import { type RefObject, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react'

export interface PaneSize {
  width: number
  height: number
}

/** A resize (the window's edge dragged) counts as over once the size has stayed this long. */
export const RESIZE_SETTLE_MS = 250

const area = (s: PaneSize) => s.width * s.height
const sameSize = (a: PaneSize | undefined, b: PaneSize) => a?.width === b.width && a.height === b.height

/**
 * The element's size in CSS px, measured before the first paint; later changes (the window or a panel beside it
 * resized) are reported once the size has stayed `settleMs` (at once when the pane is shown or hidden), so what follows the size (layout, fit) runs once when
 * a resize stops instead of on every step of it. Undefined until measured. While `hold` is true (a splitter dragged
 * or stepped with a held key) the size from before stays, and it is let go at once, without waiting to settle.
 */
export function usePaneSize(
  ref: RefObject<HTMLElement | null>,
  hold = false,
  settleMs = RESIZE_SETTLE_MS,
): PaneSize | undefined {
  const [size, setSize] = useState<PaneSize | undefined>(undefined)
  const [held, setHeld] = useState<PaneSize | undefined>(undefined)
  // the size last reported while not held (React's "state from the previous render" pattern, no extra commit)
  if (!hold && held !== size) setHeld(size)
  const measured = useRef<PaneSize | undefined>(undefined)
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  const reported = useRef<PaneSize | undefined>(undefined)
  const report = useCallback(() => {
    clearTimeout(timer.current)
    timer.current = undefined
    const latest = measured.current
    reported.current = latest
    if (latest) setSize((old) => (sameSize(old, latest) ? old : latest))
  }, [])
  useLayoutEffect(() => {
    const element = ref.current
    if (!element) return
    const measure = (w: number, h: number) => {
      measured.current = { width: Math.round(w), height: Math.round(h) }
    }
    const box = element.getBoundingClientRect()
    measure(box.width, box.height)
    report()
    const observer = new ResizeObserver((entries) => {
      const rect = entries[entries.length - 1]?.contentRect
      if (!rect) return
      const shown = reported.current !== undefined && area(reported.current) > 0
      measure(rect.width, rect.height)
      clearTimeout(timer.current)
      // a pane shown (from hidden) or hidden is no resize in steps: its first size counts at once
      if (!shown || area(measured.current!) === 0) report()
      else timer.current = setTimeout(report, settleMs)
    })
    observer.observe(element)
    return () => {
      observer.disconnect()
      clearTimeout(timer.current)
    }
  }, [ref, report, settleMs])
  // a drag or held key let go: the size it ended at, now
  useEffect(() => {
    if (!hold) report()
  }, [hold, report])
  return hold && held !== undefined ? held : size
}
