import { useCallback, useMemo, useRef, useState } from 'react'
import { outputChoices } from '../core/connect-choices.ts'
import { useEditor, useEditorStore } from '../hooks/useEditor.ts'
import { Canvas } from './Canvas.tsx'
import { CanvasToolbar } from './CanvasToolbar.tsx'
import { ConnectChooser } from './ConnectChooser.tsx'
import { type CallExpansion, CallExpansionContext } from './call-context.ts'
import type { CollapsedGroup } from './collapse.ts'
import { FindBox } from './FindBox.tsx'
import { type FittedView, FittedViewContext } from './fitted-view.ts'
import { focusCanvas, focusCanvasNode } from './focus-node.ts'
import { ExpandGroupContext } from './group-context.ts'
import { createOverviewAhead, OverviewAheadContext } from './overview.ts'
import { NO_PLAN, RoutePlanContext, type RoutePlanRef } from './route-plan.ts'
import { Toast } from './Toast.tsx'
import { useShortcuts } from './useShortcuts.ts'

const NO_CALLS: ReadonlySet<string> = new Set()

/** The canvas with its toolbar, find box, toasts and keyboard shortcuts (inside a ReactFlowProvider). */
export function CanvasPane() {
  const store = useEditorStore()
  const document = useEditor((s) => s.document)
  const [finding, setFinding] = useState(false)
  // the overview map earns its room on strategies larger than a screen; the toolbar toggles it
  const large = useEditor((s) => Object.keys(s.document?.nodes ?? {}).length > 25)
  const [mapChoice, setMapChoice] = useState<boolean | undefined>(undefined)
  const showMap = mapChoice ?? large
  // collapsed groups are a view setting of the open file: a file opens expanded
  const file = useEditor((s) => s.file)
  const [groups, setGroups] = useState<readonly CollapsedGroup[]>([])
  const [counter, setCounter] = useState(0)
  const [groupsFile, setGroupsFile] = useState(file)
  // expanded subroutine calls too (by node id; a call removed by an edit or an undo simply draws no frame)
  const [calls, setCalls] = useState<ReadonlySet<string>>(NO_CALLS)
  if (groupsFile !== file) {
    setGroupsFile(file)
    setGroups([])
    setCalls(NO_CALLS)
  }
  const strategies = useEditor((s) => s.context.strategies)
  const expansion = useMemo<CallExpansion>(
    () => ({
      toggle: (id) =>
        setCalls((current) => {
          const next = new Set(current)
          if (!next.delete(id)) next.add(id)
          return next
        }),
      canExpand: (strategy) => strategies?.has(strategy) ?? false,
    }),
    [strategies],
  )
  const collapse = useCallback(() => {
    const { selection, document: doc } = store.getState()
    const members = selection.filter((id) => doc?.nodes[id] !== undefined)
    if (members.length < 2) return store.notify('Select two or more nodes to collapse them into one block.')
    setGroups((current) => [
      ...current.filter((g) => !g.members.some((m) => members.includes(m))),
      { id: `group:${counter + 1}`, members },
    ])
    setCounter((n) => n + 1)
    store.select([])
  }, [store, counter])
  const expand = useCallback((id: string) => setGroups((current) => current.filter((g) => g.id !== id)), [])
  // where the focus was when Find opened (a node, the canvas, a toolbar button): it goes back there when Find closes
  const findOpener = useRef<Element | null>(null)
  const openFind = useCallback(() => {
    const active = globalThis.document.activeElement
    if (active?.closest('.rw-findbox') == null) findOpener.current = active
    setFinding(true)
  }, [])
  const closeFind = useCallback((found: string | undefined) => {
    setFinding(false)
    const opener = findOpener.current
    findOpener.current = null
    if (found !== undefined && focusCanvasNode(found)) return
    // before, the focus fell to the page's body with the box (Tab restarted at the header); an edge is an SVG element
    const focusable = opener instanceof HTMLElement || opener instanceof SVGElement
    if (focusable && opener.isConnected && opener !== globalThis.document.body) opener.focus()
    else focusCanvas()
  }, [])
  // the node whose outputs the keyboard's connect chooser is open for (C on a node)
  const [connecting, setConnecting] = useState<string | undefined>(undefined)
  const openConnect = useCallback(
    (source: string) => {
      const doc = store.getState().document
      if (doc && outputChoices(doc, source).length > 0) return setConnecting(source)
      store.notify(`Node "${source}" has no output to connect.`)
    },
    [store],
  )
  useShortcuts(store, { openFind, openConnect })
  const fitted = useRef<FittedView['current']>(undefined)
  // the edge routes' one plan: made by the canvas's fits, adopted by its drawing
  const plan = useRef<RoutePlanRef['current']>(NO_PLAN)
  const [ahead] = useState(createOverviewAhead)
  return (
    <FittedViewContext.Provider value={fitted}>
      <OverviewAheadContext.Provider value={ahead}>
        <RoutePlanContext.Provider value={plan}>
          <div className="rw-canvas-pane">
            <CanvasToolbar
              onFind={openFind}
              showMap={showMap}
              onToggleMap={() => setMapChoice(!showMap)}
              onCollapse={collapse}
            />
            {finding && <FindBox store={store} document={document} onClose={closeFind} />}
            {connecting !== undefined && (
              <ConnectChooser
                store={store}
                document={document}
                source={connecting}
                onClose={() => setConnecting(undefined)}
              />
            )}
            <ExpandGroupContext.Provider value={expand}>
              <CallExpansionContext.Provider value={expansion}>
                <Canvas showMap={showMap} groups={groups} calls={calls} />
              </CallExpansionContext.Provider>
            </ExpandGroupContext.Provider>
            <Toast />
          </div>
        </RoutePlanContext.Provider>
      </OverviewAheadContext.Provider>
    </FittedViewContext.Provider>
  )
}
