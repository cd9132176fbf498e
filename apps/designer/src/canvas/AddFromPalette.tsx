import type { NodeType } from '@routewright/strategy-dsl'
import { useReactFlow } from '@xyflow/react'
import { useCallback } from 'react'
import { addNodeAt } from '../core/commands.ts'
import { useEditorStore } from '../hooks/useEditor.ts'
import { Palette } from './Palette.tsx'

/** The palette wired to the store: double-click adds the kind in the middle of the visible canvas. */
export function AddFromPalette() {
  const store = useEditorStore()
  const flow = useReactFlow()
  const onAdd = useCallback(
    (type: NodeType) => {
      const pane = document.querySelector('.react-flow')?.getBoundingClientRect()
      const center = pane
        ? flow.screenToFlowPosition({ x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 })
        : { x: 0, y: 0 }
      addNodeAt(store, type, [center.x - 116, center.y - 40])
    },
    [flow, store],
  )
  return <Palette onAdd={onAdd} />
}
