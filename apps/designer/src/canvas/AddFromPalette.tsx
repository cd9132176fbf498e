import { type NodeType, nodeKinds } from '@routewright/strategy-dsl'
import { useReactFlow } from '@xyflow/react'
import { useCallback } from 'react'
import { addNodeAt } from '../core/commands.ts'
import { freePosition, NEW_NODE_SIZE } from '../core/free-position.ts'
import { useEditorStore } from '../hooks/useEditor.ts'
import { Palette } from './Palette.tsx'

/**
 * The palette wired to the store: a double-click, Enter or Space adds the kind in the middle of the visible canvas,
 * or at the nearest place there that no node covers, selected (its form in the inspector) and announced.
 */
export function AddFromPalette() {
  const store = useEditorStore()
  const flow = useReactFlow()
  const onAdd = useCallback(
    (type: NodeType) => {
      const pane = document.querySelector('.react-flow')?.getBoundingClientRect()
      const center = pane
        ? flow.screenToFlowPosition({ x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 })
        : { x: 0, y: 0 }
      const boxes = flow.getNodes().map((n) => ({
        x: n.position.x,
        y: n.position.y,
        width: n.measured?.width ?? NEW_NODE_SIZE.width,
        height: n.measured?.height ?? NEW_NODE_SIZE.height,
      }))
      const want = [center.x - NEW_NODE_SIZE.width / 2, center.y - NEW_NODE_SIZE.height / 2] as const
      const id = addNodeAt(store, type, freePosition(want, boxes))
      if (id !== '') {
        store.notify(
          `Added ${nodeKinds[type].title} node "${id}": its settings and outputs are in the inspector.`,
        )
      }
    },
    [flow, store],
  )
  return <Palette onAdd={onAdd} />
}
