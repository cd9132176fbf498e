import { type RefObject, useLayoutEffect, useState } from 'react'

export interface PaneSize {
  width: number
  height: number
}

/**
 * The element's size in CSS px, measured before the first paint and again whenever it changes (the window or a
 * panel beside it resized); undefined until measured. While `hold` is true (a splitter being dragged) the size from
 * before stays: what follows the size (layout, fit) runs once on the final size instead of on every move.
 */
export function usePaneSize(ref: RefObject<HTMLElement | null>, hold = false): PaneSize | undefined {
  const [size, setSize] = useState<PaneSize | undefined>(undefined)
  const [held, setHeld] = useState<PaneSize | undefined>(undefined)
  // the size last reported while not held (React's "state from the previous render" pattern, no extra commit)
  if (!hold && held !== size) setHeld(size)
  useLayoutEffect(() => {
    const element = ref.current
    if (!element) return
    const update = (w: number, h: number) => {
      const width = Math.round(w)
      const height = Math.round(h)
      setSize((old) => (old?.width === width && old.height === height ? old : { width, height }))
    }
    const box = element.getBoundingClientRect()
    update(box.width, box.height)
    const observer = new ResizeObserver((entries) => {
      const rect = entries[entries.length - 1]?.contentRect
      if (rect) update(rect.width, rect.height)
    })
    observer.observe(element)
    return () => observer.disconnect()
  }, [ref])
  return hold && held !== undefined ? held : size
}
