// Where the canvas's keyboard tools (the connect chooser, Find, the edge keys) hand the focus back: a node, else the canvas.
import { CANVAS_SELECTOR } from './shortcut-scope.ts'

/** Focuses node `id`'s wrapper on the canvas (React Flow's Tab stop); false when it is not drawn (culled, gone). */
export function focusCanvasNode(id: string): boolean {
  const node = globalThis.document.querySelector<HTMLElement>(
    `.react-flow__node[data-id="${CSS.escape(id)}"]`,
  )
  node?.focus({ preventScroll: true })
  return node != null
}

/** Focuses the canvas itself (`tabIndex={-1}`): Tab goes on to its nodes from there. */
export function focusCanvas(): void {
  globalThis.document.querySelector<HTMLElement>(CANVAS_SELECTOR)?.focus({ preventScroll: true })
}
