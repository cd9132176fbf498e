// A quick fix removes its own button with its finding, and the focus fell to the page's body: once the findings are
// redrawn, focus the row now at the fixed one's place (the next finding), or a fallback when none is left.
import { type RefObject, useEffect, useRef } from 'react'

/**
 * Answers the ref to set to a row's index when a fix is applied from it. `rows` are the rows' selector inside
 * `container`; `fallback` what to focus when no row is left; `findings` whatever changes when they are redrawn.
 */
export function useFocusAfterFix(
  container: RefObject<HTMLElement | null>,
  rows: string,
  fallback: (container: HTMLElement) => HTMLElement | null | undefined,
  findings: unknown,
) {
  const fixedAt = useRef<number | undefined>(undefined)
  // biome-ignore lint/correctness/useExhaustiveDependencies: the rows are redrawn when the findings change
  useEffect(() => {
    const at = fixedAt.current
    const box = container.current
    if (at === undefined || !box) return
    const active = window.document.activeElement
    if (active !== null && active !== window.document.body) {
      // still on the fix's button (its finding not yet gone), or the user moved on
      if (!active.matches('[data-testid="quick-fix"]')) fixedAt.current = undefined
      return
    }
    fixedAt.current = undefined
    const found = box.querySelectorAll<HTMLElement>(rows)
    ;(found[Math.min(at, found.length - 1)] ?? fallback(box))?.focus()
  }, [findings])
  return fixedAt
}
