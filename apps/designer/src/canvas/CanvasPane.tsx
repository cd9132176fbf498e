import { useCallback, useState } from 'react'
import { useEditor, useEditorStore } from '../hooks/useEditor.ts'
import { Canvas } from './Canvas.tsx'
import { CanvasToolbar } from './CanvasToolbar.tsx'
import { FindBox } from './FindBox.tsx'
import { Toast } from './Toast.tsx'
import { useShortcuts } from './useShortcuts.ts'

/** The canvas with its toolbar, find box, toasts and keyboard shortcuts (inside a ReactFlowProvider). */
export function CanvasPane() {
  const store = useEditorStore()
  const document = useEditor((s) => s.document)
  const [finding, setFinding] = useState(false)
  const openFind = useCallback(() => setFinding(true), [])
  useShortcuts(store, openFind)
  return (
    <div className="rw-canvas-pane">
      <CanvasToolbar onFind={openFind} />
      {finding && <FindBox store={store} document={document} onClose={() => setFinding(false)} />}
      <Canvas />
      <Toast />
    </div>
  )
}
