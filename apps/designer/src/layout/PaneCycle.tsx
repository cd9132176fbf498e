// F6 and Shift+F6 move the keyboard from pane to pane, as in browsers and desktop editors: file list, palette, canvas
// (or code view), inspector, bottom panel. Each pane takes the focus where its keyboard use starts, so the canvas is
// one key away however many nodes, edges and buttons lie between in the Tab order.
import { useEffect } from 'react'

/** A pane: its element, and where the focus goes in it (the first selector that matches a shown element). */
interface Pane {
  root: string
  entry: readonly string[]
}

/** What Tab can reach: the inspector starts at its first field. */
const TABBABLE =
  'button:not([disabled]):not([tabindex="-1"]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [href], [tabindex="0"]'

const PANES: readonly Pane[] = [
  { root: '[data-testid="file-list"]', entry: ['[role="option"][tabindex="0"]'] },
  { root: '[data-testid="palette"]', entry: ['[data-testid="palette-search"]'] },
  // the selected node, else the first node, else the canvas itself (an empty strategy)
  {
    root: '[data-testid="canvas"]',
    entry: ['.react-flow__node.selected', '.react-flow__node[tabindex="0"]', ':scope'],
  },
  { root: '[data-testid="code-view-editor"]', entry: ['.monaco-editor textarea'] },
  { root: '[data-testid="inspector"]', entry: [`.rw-inspector__body :is(${TABBABLE})`] },
  { root: '.rw-bottom', entry: ['[role="tab"][aria-selected="true"]'] },
]

const shown = (element: HTMLElement) => element.getClientRects().length > 0

/** Where pane `pane` takes the focus, or undefined when it is not on screen (a collapsed panel, the hidden view). */
function entryOf(pane: Pane): HTMLElement | undefined {
  const root = document.querySelector<HTMLElement>(pane.root)
  if (root === null || !shown(root)) return undefined
  for (const selector of pane.entry) {
    const candidates = selector === ':scope' ? [root] : [...root.querySelectorAll<HTMLElement>(selector)]
    const found = candidates.find(shown)
    if (found !== undefined) return found
  }
  return undefined
}

/** Focuses the next pane on screen after the one holding the focus (the previous with `back`). */
export function focusNextPane(back: boolean): void {
  const active = document.activeElement
  const current = PANES.findIndex((pane) => active?.closest(pane.root) != null)
  const step = back ? -1 : 1
  for (let i = 1; i <= PANES.length; i++) {
    // from outside every pane (the header), F6 goes to the first and Shift+F6 to the last
    const from = current === -1 ? (back ? PANES.length : -1) : current
    const pane = PANES[(from + i * step + PANES.length * 2) % PANES.length]!
    const entry = entryOf(pane)
    if (entry !== undefined && entry !== active) {
      entry.focus()
      return
    }
  }
}

/** Listens on the window, in the capture phase: the code view and a focused field must not keep the key. */
export function PaneCycle() {
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== 'F6' || event.ctrlKey || event.metaKey || event.altKey) return
      event.preventDefault()
      event.stopPropagation()
      focusNextPane(event.shiftKey)
    }
    window.addEventListener('keydown', onKeyDown, true)
    return () => window.removeEventListener('keydown', onKeyDown, true)
  }, [])
  return null
}
