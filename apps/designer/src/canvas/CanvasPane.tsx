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
  // the overview map earns its room on strategies larger than a screen; the toolbar toggles it
  const large = useEditor((s) => Object.keys(s.document?.nodes ?? {}).length > 25)
  const [mapChoice, setMapChoice] = useState<boolean | undefined>(undefined)
  const showMap = mapChoice ?? large
  const openFind = useCallback(() => setFinding(true), [])
  useShortcuts(store, openFind)
  return (
    <div className="rw-canvas-pane">
      <CanvasToolbar onFind={openFind} showMap={showMap} onToggleMap={() => setMapChoice(!showMap)} />
      {finding && <FindBox store={store} document={document} onClose={() => setFinding(false)} />}
      <Canvas showMap={showMap} />
      <Toast />
    </div>
  )
}
