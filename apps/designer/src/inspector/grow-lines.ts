// A text field that wraps its value (a sentence title, a reason, a CEL expression before its editor loads) grows with
// it: at a 1,024 px window a 229 px input cut "CRM did not answer or does not know the number" after 33 letters.
import { type RefObject, useLayoutEffect } from 'react'

/** Lines a wrapping sentence grows to before it scrolls: a sentence reads whole, a pasted page has a budget. */
export const SENTENCE_MAX_LINES = 4
/** Lines an expression grows to, the same in its plain field as in its editor (CelEditor). */
export const EXPRESSION_MAX_LINES = 16

/**
 * Sizes the textarea to its wrapped text, one line to `maxLines`, then scrolls; measured again when the value
 * changes or the inspector's width does. Does nothing for an input (`enabled` false).
 */
export function useGrowLines(
  ref: RefObject<HTMLInputElement | HTMLTextAreaElement | null>,
  value: string,
  enabled: boolean,
  maxLines: number,
): void {
  // biome-ignore lint/correctness/useExhaustiveDependencies: value is read from the DOM, its height changes with it
  useLayoutEffect(() => {
    const box = ref.current
    if (!enabled || !(box instanceof HTMLTextAreaElement)) return
    const fit = () => {
      const style = getComputedStyle(box)
      const px = (v: string) => Number.parseFloat(v) || 0
      const border = px(style.borderTopWidth) + px(style.borderBottomWidth)
      const most = px(style.lineHeight) * maxLines + px(style.paddingTop) + px(style.paddingBottom) + border
      // 'auto' first: a shorter value (or a wider box) gives back the lines it no longer needs
      box.style.height = 'auto'
      const needed = box.scrollHeight + border
      box.style.height = `${Math.min(needed, most)}px`
      box.style.overflowY = needed > most + 1 ? 'auto' : 'hidden'
    }
    fit()
    // width alone: its own height change would call it again; a frame later, so no ResizeObserver loop is reported
    let width = box.clientWidth
    let frame = 0
    const observer = new ResizeObserver(() => {
      if (box.clientWidth === width) return
      width = box.clientWidth
      cancelAnimationFrame(frame)
      frame = requestAnimationFrame(fit)
    })
    observer.observe(box)
    return () => {
      observer.disconnect()
      cancelAnimationFrame(frame)
    }
  }, [ref, value, enabled, maxLines])
}
