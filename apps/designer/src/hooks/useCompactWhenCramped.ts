// A bar of buttons (canvas toolbar, bottom tab strip) that switches to its short labels when the long ones would not
// fit on one line: measured with the long labels each time its width or text changes, so any state is covered.
import { type RefObject, useLayoutEffect, useState } from 'react'

/** Class on the bar while it shows short labels (ShortLabel shows `short` under it). */
export const COMPACT_CLASS = 'is-compact'
/** Class on the bar while it is measured: one line, long labels. */
const MEASURING_CLASS = 'is-measuring'

/** True when `bar`'s buttons with their long labels would wrap or scroll in its width now. */
export function useCompactWhenCramped(bar: RefObject<HTMLElement | null>): boolean {
  const [compact, setCompact] = useState(false)
  useLayoutEffect(() => {
    const el = bar.current
    if (el === null) return
    function measure() {
      if (el === null) return
      const wasCompact = el.classList.contains(COMPACT_CLASS)
      // read and put back before the next paint: the long labels never show cramped
      el.classList.remove(COMPACT_CLASS)
      el.classList.add(MEASURING_CLASS)
      const cramped = el.scrollWidth > el.clientWidth
      el.classList.remove(MEASURING_CLASS)
      if (wasCompact) el.classList.add(COMPACT_CLASS)
      setCompact(cramped)
    }
    measure()
    const resized = new ResizeObserver(measure)
    resized.observe(el)
    // a label's text (the Problems count, "Laying out…") changes its width too
    const changed = new MutationObserver(measure)
    changed.observe(el, { subtree: true, childList: true, characterData: true })
    return () => {
      resized.disconnect()
      changed.disconnect()
    }
  }, [bar])
  return compact
}
