// pure: where the keyboard's focus lets a canvas shortcut act on the selected nodes (no DOM globals read here).

/** What of the focused element the rule reads: a DOM element passes as it is. */
export interface FocusLike {
  tagName: string
  closest(selector: string): unknown
}

/** The canvas's own element (`Canvas.tsx`): its nodes, edges, zoom buttons, and the section itself. */
export const CANVAS_SELECTOR = '.rw-canvas'

/**
 * Delete, the arrows and Ctrl/Cmd+A/C/V/D act on the canvas's selection only from inside the canvas, or with
 * nothing focused (the page's body, after a click on empty canvas): before, Delete pressed on a palette kind, a
 * toolbar button, a tab or a problem deleted the selected nodes.
 */
export function actsOnCanvas(target: FocusLike | null): boolean {
  if (target === null) return true
  if (target.tagName === 'BODY' || target.tagName === 'HTML') return true
  return target.closest(CANVAS_SELECTOR) !== null
}
