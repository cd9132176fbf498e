// The designer shell: toolbar, file list and palette on the left, canvas and code view in the middle, inspector
// on the right, problems and test run below. Every panel reads and writes the one editor store.
//
// data-testid contract (e2e tests and designer-panels rely on these):
//   palette            the palette;          palette-<type>        a palette item (drag onto canvas)
//   palette-kinds      the palette's kinds: one toolbar, one Tab stop (arrows move, Enter or Space adds)
//   canvas             the canvas area (data-fitted=true once the opened file is laid out and in view;
//                      data-opened=whole|start-node: the view it then set, the whole strategy or its start node)
//   canvas-empty       hint shown on an empty canvas
//   canvas-stale       banner while the text does not parse
//   node-<id>          a node on the canvas; node-badge-<id>       its diagnostics badge (count, tooltip)
//   handle-<id>-<key>  an output handle (key = output path, e.g. next.timeout, cases.0.next)
//   output-<id>-<name> an output row;        start-marker          the start node's marker
//   node-values-<id>   values a test run computed at the node
//   undo, redo, auto-layout, fit-view, find, find-input           canvas toolbar and find box
//   expand-call-<id>, collapse-call-<id>   draw a subroutine call with the called strategy inside it, and back
//   toast              transient hint (refused connection, paste)
//   inspector          the inspector;        field-<name>          an inspector field (id, title, notes, wait ...)
//   set-start          "Set as start" button in the inspector
//   problems           the problems list;    problem               one problem (data-code = RWnnn)
//   problems-count     "N errors, M warnings"
//   where-used-<kind>-<name>  inspector button: list the uses of a name the node refers to
//   where-used-input, where-used-find, where-used-count, where-used-item (data-file, data-node), where-used-none
//   find-all-*        the Find tab (Ctrl/Cmd+Shift+F): find and replace in every file (find/FindPanel.tsx lists them)
//   save-status        save state text (designer-panels' workspace bar); save-button
//   tab-<id>, tabpanel-<id>   bottom panel tabs (layout/bottom-tabs.tsx lists them: problems, testrun, ...)
//   panel-<left|right|bottom>, toggle-<...>, splitter-<...>      collapsible, resizable shell panels
//   view-canvas, view-code, view-split   layout switch of the middle area
//   pane-fault-<pane>, pane-retry-<pane>  a pane's render fault and its Try again (layout/PaneBoundary.tsx)
import { ReactFlowProvider } from '@xyflow/react'
import { useMemo, useState } from 'react'
import { AddFromPalette } from './canvas/AddFromPalette.tsx'
import { CanvasPane } from './canvas/CanvasPane.tsx'
import { CodeView } from './code/LazyCodeView.tsx'
import type { EditorStore } from './core/editor-store.ts'
import { rovingIndex } from './core/roving-keys.ts'
import { FindShortcut } from './find/FindShortcut.tsx'
import { EditorStoreContext, useEditor } from './hooks/useEditor.ts'
import { Inspector } from './inspector/Inspector.tsx'
import { BottomPanel, BottomPanelProvider } from './layout/BottomPanel.tsx'
import { type MiddleView, MiddleViewContext } from './layout/middle-view.ts'
import { PaneBoundary } from './layout/PaneBoundary.tsx'
import { PaneCycle } from './layout/PaneCycle.tsx'
import { ShellPanel } from './layout/ShellPanel.tsx'
import { ShellLayoutContext, useShellLayoutState } from './layout/useShellLayout.ts'

import { ConflictDialog } from './workspace/ConflictDialog.tsx'
import { SaveBar } from './workspace/SaveBar.tsx'
import { WorkspacePanel } from './workspace/WorkspacePanel.tsx'
import { WorkspaceProvider } from './workspace/WorkspaceProvider.tsx'

function Header({ view, onView }: { view: MiddleView; onView: (v: MiddleView) => void }) {
  const file = useEditor((s) => s.file)
  const dirty = useEditor((s) => s.dirty)
  const title = useEditor((s) => s.document?.title ?? s.document?.strategy)
  return (
    <header className="rw-header">
      <div className="rw-brand">Routewright</div>
      <div className="rw-header__doc">
        <span className="rw-header__file">{file ?? 'No file open'}</span>
        {title && <span className="rw-header__title">{title}</span>}
        {dirty && <span className="rw-dirty-dot" title="Unsaved changes" />}
      </div>
      <div className="rw-header__actions">
        <ViewSwitch view={view} onChange={onView} />
        <SaveBar />
      </div>
    </header>
  )
}

const VIEWS: readonly MiddleView[] = ['canvas', 'split', 'code']

function ViewSwitch({ view, onChange }: { view: MiddleView; onChange: (v: MiddleView) => void }) {
  return (
    <div
      className="rw-view-switch"
      role="tablist"
      aria-label="View"
      // WAI-ARIA tabs: one Tab stop, Left/Right/Home/End select the view and keep the focus on its tab
      onKeyDown={(event) => {
        if (event.ctrlKey || event.metaKey || event.altKey) return
        const next = VIEWS[rovingIndex(event.key, VIEWS.indexOf(view), VIEWS.length, 'horizontal') ?? -1]
        if (next === undefined) return
        event.preventDefault()
        onChange(next)
        event.currentTarget.querySelector<HTMLElement>(`[data-testid="view-${next}"]`)?.focus()
      }}
    >
      {VIEWS.map((v) => (
        <button
          key={v}
          type="button"
          role="tab"
          aria-selected={view === v}
          tabIndex={view === v ? 0 : -1}
          className={view === v ? 'is-active' : ''}
          data-testid={`view-${v}`}
          // "Split" also named a node kind in the palette: the view's name says what it shows
          aria-label={v === 'split' ? 'Canvas and YAML side by side' : undefined}
          onClick={() => onChange(v)}
        >
          {v === 'canvas' ? 'Canvas' : v === 'code' ? 'YAML' : 'Side by side'}
        </button>
      ))}
    </div>
  )
}

export function App({ store }: { store: EditorStore }) {
  // the canvas alone by default: it gets most of the screen; YAML is one click away
  const [view, setView] = useState<MiddleView>('canvas')
  const middleView = useMemo(() => ({ view, setView }), [view])
  const layout = useShellLayoutState()
  return (
    <EditorStoreContext.Provider value={store}>
      <MiddleViewContext.Provider value={middleView}>
        <WorkspaceProvider>
          <ReactFlowProvider>
            <ShellLayoutContext.Provider value={layout}>
              <BottomPanelProvider>
                <FindShortcut />
                <PaneCycle />
                <div className="rw-app" style={layout.style}>
                  <Header view={view} onView={setView} />
                  <ShellPanel panel="left" label="files and palette" className="rw-left">
                    <PaneBoundary pane="files" label="The file list">
                      <WorkspacePanel />
                    </PaneBoundary>
                    <PaneBoundary pane="palette" label="The palette">
                      <AddFromPalette />
                    </PaneBoundary>
                  </ShellPanel>
                  <main className={`rw-middle rw-middle--${view}`}>
                    <div className="rw-middle__panes">
                      {view !== 'code' && (
                        <PaneBoundary pane="canvas" label="The canvas">
                          <CanvasPane />
                        </PaneBoundary>
                      )}
                      {view !== 'canvas' && (
                        // nokey: React Flow's space-to-pan must not swallow spaces typed into Monaco
                        <div className="rw-code-pane nokey">
                          <PaneBoundary pane="code" label="The code view">
                            <CodeView />
                          </PaneBoundary>
                        </div>
                      )}
                    </div>
                  </main>
                  <ShellPanel panel="right" label="inspector" className="rw-right nokey">
                    <PaneBoundary pane="inspector" label="The inspector">
                      <Inspector />
                    </PaneBoundary>
                  </ShellPanel>
                  <BottomPanel />
                </div>
              </BottomPanelProvider>
            </ShellLayoutContext.Provider>
            <ConflictDialog />
          </ReactFlowProvider>
        </WorkspaceProvider>
      </MiddleViewContext.Provider>
    </EditorStoreContext.Provider>
  )
}
