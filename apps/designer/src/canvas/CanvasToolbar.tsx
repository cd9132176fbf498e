import { useStoreApi } from '@xyflow/react'
import { useMemo, useRef, useState } from 'react'
import { editableDocument } from '../core/commands.ts'
import { moveNodes } from '../core/document-edit.ts'
import { fitBoxFor, layoutDocument } from '../core/layout.ts'
import { COMPACT_CLASS, useCompactWhenCramped } from '../hooks/useCompactWhenCramped.ts'
import { useEditor, useEditorStore } from '../hooks/useEditor.ts'
import { useRovingFocus } from '../hooks/useRovingFocus.ts'
import { ShortLabel } from '../layout/ShortLabel.tsx'
import { useFitAll } from './useFitAll.ts'

/** Undo/redo, automatic layout and fit view, above the canvas: one Tab stop, Left/Right/Home/End between buttons. */
export function CanvasToolbar({
  onFind,
  showMap,
  onToggleMap,
  onCollapse,
}: {
  onFind: () => void
  showMap: boolean
  onToggleMap: () => void
  /** Draws the selected nodes as one block (a subroutine's worth of detail, a finished part of the flow). */
  onCollapse: () => void
}) {
  const canCollapse = useEditor((s) => s.selection.length >= 2)
  const store = useEditorStore()
  const fitAll = useFitAll()
  const flowStore = useStoreApi()
  const canUndo = useEditor((s) => s.canUndo)
  const canRedo = useEditor((s) => s.canRedo)
  const [busy, setBusy] = useState(false)
  // beside the code view (a 372 px pane at 1,024 px) the long labels wrapped "Collapse" and "Map" to a second line
  const bar = useRef<HTMLDivElement>(null)
  const compact = useCompactWhenCramped(bar)
  // the enabled buttons, in order: a disabled one cannot hold the toolbar's Tab stop
  const enabled = useMemo(
    () =>
      [
        canUndo && 'undo',
        canRedo && 'redo',
        !busy && 'auto-layout',
        'fit-view',
        'find',
        canCollapse && 'collapse',
        'toggle-map',
      ].filter((id): id is string => typeof id === 'string'),
    [canUndo, canRedo, busy, canCollapse],
  )
  const roving = useRovingFocus(enabled, 'horizontal')

  async function autoLayout() {
    const doc = editableDocument(store)
    if (!doc || Object.keys(doc.nodes).length === 0) return
    setBusy(true)
    try {
      // laid out for the canvas as it is now (React Flow's measured pane)
      const positions = layoutDocument(doc, { fitWithin: fitBoxFor(flowStore.getState()) })
      const latest = editableDocument(store)
      if (latest) store.applyDocument(moveNodes(latest, positions))
      requestAnimationFrame(() => void fitAll({ duration: 200 }))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div
      ref={bar}
      className={compact ? `rw-canvas-toolbar ${COMPACT_CLASS}` : 'rw-canvas-toolbar'}
      role="toolbar"
      aria-label="Canvas"
      {...roving.groupProps}
    >
      <button
        type="button"
        data-testid="undo"
        {...roving.itemProps('undo')}
        disabled={!canUndo}
        onClick={() => store.undo()}
        title="Undo (Ctrl+Z)"
      >
        <ShortLabel long="Undo" short="↶" />
      </button>
      <button
        type="button"
        data-testid="redo"
        {...roving.itemProps('redo')}
        disabled={!canRedo}
        onClick={() => store.redo()}
        title="Redo (Ctrl+Shift+Z)"
      >
        <ShortLabel long="Redo" short="↷" />
      </button>
      <span className="rw-sep" />
      <button
        type="button"
        data-testid="auto-layout"
        {...roving.itemProps('auto-layout')}
        disabled={busy}
        onClick={() => void autoLayout()}
      >
        {busy ? (
          <ShortLabel long="Laying out…" short="Layout…" />
        ) : (
          <ShortLabel long="Auto layout" short="Layout" />
        )}
      </button>
      <button
        type="button"
        data-testid="fit-view"
        {...roving.itemProps('fit-view')}
        onClick={() => void fitAll({ duration: 200 })}
      >
        <ShortLabel long="Fit view" short="Fit" />
      </button>
      <button
        type="button"
        data-testid="find"
        {...roving.itemProps('find')}
        onClick={onFind}
        title="Find node (Ctrl+F)"
      >
        Find
      </button>
      <button
        type="button"
        data-testid="collapse"
        {...roving.itemProps('collapse')}
        disabled={!canCollapse}
        onClick={onCollapse}
        title="Draw the selected nodes as one block"
      >
        Collapse
      </button>
      <button
        type="button"
        data-testid="toggle-map"
        {...roving.itemProps('toggle-map')}
        aria-pressed={showMap}
        onClick={onToggleMap}
        title="Overview map"
      >
        Map
      </button>
    </div>
  )
}
