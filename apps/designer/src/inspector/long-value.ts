// A plain value longer than its input stays readable without clicking into it: the whole text is the tooltip, and
// while the cursor is elsewhere the input shows the value's start (a title is read from there), or for a resource
// path its end (an audio path's file name), not wherever the caret last scrolled it.
import { type RefObject, useLayoutEffect, useState } from 'react'

/**
 * Whether the input's value is wider than the input (a wrapping textarea's: taller). While unfocused, a cut value is scrolled to its start (to its
 * end with `showEnd`) and an uncut one to the start; measured again when the value, the focus or the width changes.
 */
export function useLongValue(
  ref: RefObject<HTMLInputElement | HTMLTextAreaElement | null>,
  value: string,
  focused: boolean,
  showEnd: boolean,
): boolean {
  const [cut, setCut] = useState(false)
  // biome-ignore lint/correctness/useExhaustiveDependencies: value is read from the DOM, its width changes with it
  useLayoutEffect(() => {
    const input = ref.current
    if (!input) return
    const show = () => {
      // a wrapping field (grow-lines.ts) is cut when its lines outgrow it
      if (input instanceof HTMLTextAreaElement) {
        const over = input.scrollHeight > input.clientHeight + 1
        setCut(over)
        if (!focused) input.scrollTop = 0
        return
      }
      // 1 px of slack: sub-pixel text widths round up in scrollWidth
      const over = input.scrollWidth > input.clientWidth + 1
      setCut(over)
      // typing at the end left the input scrolled to its caret: the blur (or a value from elsewhere) puts it back
      if (!focused) input.scrollLeft = over && showEnd ? input.scrollWidth : 0
    }
    show()
    // the inspector is resizable: a value cut at one width may fit at another
    const observer = new ResizeObserver(show)
    observer.observe(input)
    return () => observer.disconnect()
  }, [ref, value, focused, showEnd])
  return cut
}
