import { useReactFlow } from '@xyflow/react'
import { useEffect } from 'react'
import {
  commitPositions,
  copySelection,
  deleteSelection,
  duplicateSelection,
  paste,
  selectAll,
} from '../core/commands.ts'
import type { EditorStore } from '../core/editor-store.ts'
import { readClipboardPayload, writeClipboard } from './clipboard-io.ts'
import type { FlowEdge, FlowNode } from './flow-nodes.ts'
import { actsOnCanvas } from './shortcut-scope.ts'

/** Typing in a field or the code view keeps its own keys (except save). */
function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  return (
    target.isContentEditable ||
    ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) ||
    target.closest('.monaco-editor') !== null
  )
}

/**
 * A key a control outside the canvas already handled (the inspector splitter's arrows, the file list's arrows and
 * Delete) is that control's, not a shortcut on the selected nodes. Inside the canvas React Flow marks the arrows it
 * moves a focused node with as handled: those still move the nodes in the document here.
 */
function handledOutsideCanvas(event: KeyboardEvent): boolean {
  return (
    event.defaultPrevented &&
    !(event.target instanceof Element && event.target.closest('.react-flow') !== null)
  )
}

/**
 * Keeps the keyboard's focus in the canvas when Delete removes the node or edge that holds it. Before, it fell to
 * the page's body: Tab started again at the header, far from where the user was.
 */
function keepFocusInCanvas(selection: readonly string[]): void {
  const active = document.activeElement
  const node = active?.closest('.react-flow__node')
  const edge = active?.closest('.react-flow__edge.selected')
  const goes = edge != null || (node != null && selection.includes(node.getAttribute('data-id') ?? ''))
  if (goes) active?.closest<HTMLElement>('.rw-canvas')?.focus({ preventScroll: true })
}

const ARROWS: Record<string, readonly [number, number]> = {
  arrowleft: [-1, 0],
  arrowright: [1, 0],
  arrowup: [0, -1],
  arrowdown: [0, 1],
}

/** The document node whose outputs C connects: the focused node, else the one selected node. */
function connectSourceOf(store: EditorStore, target: Element | null): string | undefined {
  const { document, selection } = store.getState()
  const focused = target?.closest('.react-flow__node')?.getAttribute('data-id')
  if (focused != null) return document?.nodes[focused] ? focused : undefined
  const [only] = selection
  return selection.length === 1 && only !== undefined && document?.nodes[only] ? only : undefined
}

/** What the canvas's keys open besides the store's commands. */
export interface ShortcutActions {
  openFind: () => void
  /** C on a node: the chooser of its outputs and then of the node to connect to (ConnectChooser.tsx). */
  openConnect: (source: string) => void
}

/** Designer keyboard shortcuts (Ctrl/Cmd+S lives in the workspace panel): undo/redo and find from anywhere but a
 * field; delete, select all, copy/paste/duplicate, connect (C) and arrow keys that move the selected nodes (saved
 * in the layout, one undo step) from inside the canvas or with nothing focused (shortcut-scope.ts). */
export function useShortcuts(store: EditorStore, { openFind, openConnect }: ShortcutActions) {
  const flow = useReactFlow<FlowNode, FlowEdge>()
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      const mod = event.ctrlKey || event.metaKey
      const key = event.key.toLowerCase()
      // Ctrl/Cmd+Shift+F is find in files (find/FindShortcut.tsx)
      if (mod && key === 'f' && !event.shiftKey) {
        event.preventDefault()
        openFind()
        return
      }
      if (isEditable(event.target) || handledOutsideCanvas(event)) return
      if (mod && ((key === 'z' && event.shiftKey) || key === 'y')) {
        event.preventDefault()
        store.redo()
        return
      }
      if (mod && key === 'z') {
        event.preventDefault()
        store.undo()
        return
      }
      const target = event.target instanceof Element ? event.target : null
      if (!actsOnCanvas(target)) return
      if (mod && key === 'a') {
        event.preventDefault()
        selectAll(store)
      } else if (mod && key === 'c') {
        const payload = copySelection(store)
        if (payload) {
          event.preventDefault()
          writeClipboard(payload)
          store.notify(`Copied ${Object.keys(payload.nodes).length} node(s).`)
        }
      } else if (mod && key === 'v') {
        event.preventDefault()
        void readClipboardPayload().then((payload) => {
          if (payload) paste(store, payload, [40, 40])
          else store.notify('Nothing to paste: copy nodes first.')
        })
      } else if (mod && key === 'd') {
        event.preventDefault()
        duplicateSelection(store)
      } else if (!mod && !event.altKey && !event.shiftKey && key === 'c') {
        const source = connectSourceOf(store, target)
        if (source === undefined) return store.notify('Focus or select one node to connect its outputs (C).')
        event.preventDefault()
        openConnect(source)
      } else if (!mod && !event.altKey && ARROWS[key] !== undefined) {
        const selection = store.getState().selection
        if (selection.length === 0) return
        event.preventDefault()
        const step = event.shiftKey ? 50 : 10
        const [dx, dy] = ARROWS[key]!
        const layout = store.getState().document?.layout
        const positions: Record<string, [number, number]> = {}
        for (const id of selection) {
          const at = layout?.[id] ?? flow.getNode(id)?.position
          if (at === undefined) continue
          const [x, y] = Array.isArray(at) ? at : [at.x, at.y]
          positions[id] = [x + dx * step, y + dy * step]
        }
        commitPositions(store, positions, { coalesce: `arrows:${selection.join(',')}` })
      } else if (!mod && (key === 'delete' || key === 'backspace')) {
        const edges = flow
          .getEdges()
          .filter((e) => e.selected && e.sourceHandle)
          .map((e) => ({ source: e.source, key: e.sourceHandle! }))
        if (store.getState().selection.length === 0 && edges.length === 0) return
        event.preventDefault()
        keepFocusInCanvas(store.getState().selection)
        deleteSelection(store, edges)
      }
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [store, flow, openFind, openConnect])
}
