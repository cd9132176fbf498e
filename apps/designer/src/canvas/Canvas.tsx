import {
  type AriaLabelConfig,
  applyEdgeChanges,
  applyNodeChanges,
  Background,
  type Connection,
  Controls,
  type EdgeChange,
  type FinalConnectionState,
  MiniMap,
  type NodeChange,
  ReactFlow,
  type ReactFlowState,
  useReactFlow,
  useStore,
  useStoreApi,
} from '@xyflow/react'
import '@xyflow/react/dist/style.css'
import { documentKindOf, type NodeType } from '@routewright/strategy-dsl'
import { type DragEvent, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import { addNodeAt, commitPositions, connectOutput, disconnectOutputs } from '../core/commands.ts'
import type { Box } from '../core/edge-route.ts'
import { createGraphMapper } from '../core/graph.ts'
import { needsLayout, unplacedPlaces } from '../core/layout.ts'
import { useEditor, useEditorStore } from '../hooks/useEditor.ts'
import { useShellLayout } from '../layout/useShellLayout.ts'
import { CallFrameView } from './CallFrameView.tsx'
import { type CalledGraph, callEdges, calledGraph, expandCalls, framesKey, isCallChildId } from './calls.ts'
import { type CanvasNode, type CollapsedGroup, collapseEdges, collapseNodes, isGroupId } from './collapse.ts'
import { edgeAt } from './drop-on-edge.ts'
import { createEdgeObstaclesStore, EdgeObstaclesContext, obstaclesOf } from './edge-obstacles.ts'
import { createEdgeRouteStore, EdgeRouteStoreContext } from './edge-route-store.ts'
import { isStillFitted, useFittedView } from './fitted-view.ts'
import { dropEstimatedHandles, type FlowEdge, type FlowNode, syncEdges, syncNodes } from './flow-nodes.ts'
import { GroupNodeView } from './GroupNodeView.tsx'
import { fitViewport, isWholeFit, openingViewport, READABLE_ZOOM } from './initial-viewport.ts'
import { MotionPreview } from './MotionPreview.tsx'
import { NodesInViewChip } from './NodesInViewChip.tsx'
import { OverviewMap } from './OverviewMap.tsx'
import { DRAW_ALL_ZOOMED_OUT, hiddenForOverview, isOverview, useOverviewAhead } from './overview.ts'
import { countProblems, cursorReadOut, problemsReadOut } from './overview-read-out.ts'
import { PALETTE_MIME } from './Palette.tsx'
import { plannedPaths } from './planned-routes.ts'
import { RoutedEdge } from './RoutedEdge.tsx'
import { countNodeList } from './render-counter.ts'
import { useRoutePlan } from './route-plan.ts'
import { StaleBanner } from './StaleBanner.tsx'
import { SIMPLE_ZOOM, StrategyNodeView } from './StrategyNodeView.tsx'
import { selectionAfter } from './selection-changes.ts'
import { useAfterPaint } from './useAfterPaint.ts'
import { useAutoLayout } from './useAutoLayout.ts'
import { useEdgeRoutes } from './useEdgeRoutes.ts'
import { useEdgeStop } from './useEdgeStop.ts'
import { useOverviewKeys } from './useOverviewKeys.ts'
import { useOverviewPicking } from './useOverviewPicking.ts'
import { usePaneSize } from './usePaneSize.ts'
import { ZoomedOutContext } from './zoom-context.ts'

const nodeTypes = { strategy: StrategyNodeView, group: GroupNodeView, call: CallFrameView }
const NO_GROUPS: readonly CollapsedGroup[] = []
const NO_CALLS: ReadonlySet<string> = new Set()
/** Nodes that are not document nodes: collapsed group blocks and the nodes inside an expanded call. */
const isViewOnly = (id: string) => isGroupId(id) || isCallChildId(id)
const proOptions = { hideAttribution: true }
const edgeTypes = { routed: RoutedEdge }
const defaultEdgeOptions = { type: 'routed' as const }
/** What a screen reader reads on a focused node or edge: React Flow's keys, and the canvas's own (useEdgeStop.ts). */
const ariaLabelConfig: Partial<AriaLabelConfig> = {
  // React Flow reads `keyboardDisabled` while its keyboard is on (`default` only with disableKeyboardA11y): before,
  // the text below never reached a screen reader, which heard React Flow's own without E, I or C
  'node.a11yDescription.keyboardDisabled':
    'Press enter or space to select a node, then the arrow keys move it, delete removes it, escape cancels. E goes to its outgoing edges, I to its incoming edges, C connects an output.',
  'edge.a11yDescription.default':
    'Press enter or space to select an edge, then delete to remove it or escape to cancel. E and Shift+E go to the next and previous edge from the same node, I and Shift+I into the same node, Alt+Left to the node it leaves, Alt+Right to the node it goes to.',
}

/** Strategies with more nodes draw only those on screen at reading zoom. */
const CULL_FROM = 150
const nodeCount = (document: { nodes: object } | undefined) =>
  document ? Object.keys(document.nodes).length : 0

/** The area of the flow a viewport shows in a pane of this size. */
function viewOfViewport(
  viewport: { x: number; y: number; zoom: number } | undefined,
  size: { width: number; height: number },
): Box | undefined {
  if (viewport === undefined) return undefined
  const { x, y, zoom } = viewport
  return { x: -x / zoom, y: -y / zoom, width: size.width / zoom, height: size.height / zoom }
}

const NO_NODES: CanvasNode[] = []
const NO_EDGES: FlowEdge[] = []
/** Whether two lists hold the same objects in the same order. */
const sameItems = <T,>(a: readonly T[], b: readonly T[]) =>
  a.length === b.length && a.every((x, i) => x === b[i])

/** Below this zoom the background dots are closer than 5 px apart. */
const GRID_ZOOM = 0.3
const gridVisible = (s: ReactFlowState) => s.transform[2] >= GRID_ZOOM
const isZoomedOut = (s: ReactFlowState) => s.transform[2] < SIMPLE_ZOOM

/** The strategy graph: nodes from the document, edges from node outputs; every edit goes through the store. */
export function Canvas({
  showMap = false,
  groups = NO_GROUPS,
  calls = NO_CALLS,
}: {
  showMap?: boolean
  /** Node groups drawn as one block (collapse.ts). */
  groups?: readonly CollapsedGroup[]
  /** Subroutine nodes drawn expanded, with the called strategy inside (calls.ts). */
  calls?: ReadonlySet<string>
}) {
  const store = useEditorStore()
  const flow = useReactFlow<CanvasNode, FlowEdge>()
  const rfStore = useStoreApi<CanvasNode, FlowEdge>()
  // zoomed far out the dots are a grey wash that has to be repainted on every frame of a pan: leave them out
  const showGrid = useStore(gridVisible)
  const zoomedOut = useStore(isZoomedOut)
  const document = useEditor((s) => s.document)
  const diagnostics = useEditor((s) => s.diagnostics)
  const highlight = useEditor((s) => s.highlight)
  const selection = useEditor((s) => s.selection)
  const file = useEditor((s) => s.file)
  const otherKind = useEditor((s) => {
    const kind = s.file === undefined ? undefined : documentKindOf(s.file)
    return kind === 'directory' || kind === 'test' ? kind : undefined
  })
  const broken = useEditor((s) => !s.inSync && s.text.trim() !== '') && otherKind === undefined
  const mapper = useMemo(() => createGraphMapper(), [])
  const graph = useMemo(
    () => mapper(document, diagnostics, highlight),
    [mapper, document, diagnostics, highlight],
  )
  const wrapper = useRef<HTMLElement>(null)
  // a splitter drag (or an arrow key held on one) resizes the pane on every step: lay out and fit once, on the size
  // it is let go at; a window resize reaches the layout once it stops (usePaneSize)
  const pane = usePaneSize(wrapper, useShellLayout().dragging !== undefined)
  const { positions: auto, pending, refit } = useAutoLayout(document, file, pane)
  // until ELK answers, nodes without a stored position sit on a grid; fitting then would frame the wrong area
  const layoutPending =
    pending || (document !== undefined && needsLayout(document) && Object.keys(auto).length === 0)
  const selectionSet = useMemo(() => new Set(selection), [selection])
  // a node added beside the automatically laid-out ones stores their places too (addNodeAt): the layout computed
  // on the next opening, around the new node's stored place, would move them from where the user saw them
  useEffect(() => {
    if (layoutPending) return
    store.setShownPlaces(() => unplacedPlaces(store.getState().document, auto))
    return () => store.setShownPlaces(undefined)
  }, [store, auto, layoutPending])
  // a large strategy draws only the nodes on screen; zoomed out its light nodes are all drawn, so a pan only moves
  // them (culling would mount and unmount nodes and edges on every frame of it)
  // counted once per render: the overview's selector below runs on every frame of a pan
  const count = nodeCount(document)
  const large = count > CULL_FROM
  const cull = large && !(zoomedOut && count <= DRAW_ALL_ZOOMED_OUT)
  // zoomed out past reading on a strategy too large to draw whole: the preview draws it, React Flow mounts nothing
  // (its nodes hidden, and no edges: each would mount a wrapper that draws nothing)
  // (or a move under way ends there: Fit all)
  const ahead = useOverviewAhead()
  const overview =
    useStore((s) => isOverview(s.transform[2], count)) || (ahead !== undefined && isOverview(ahead, count))
  const [nodes, setNodes] = useState<CanvasNode[]>([])
  // the file and laid-out positions `nodes` were last synced from: state lags its inputs by one commit, so on the
  // commit that opens a file (or brings its layout) `nodes` still hold the previous file's (or the grid's) places
  const [nodesFile, setNodesFile] = useState<string | undefined>(undefined)
  const [nodesAuto, setNodesAuto] = useState<typeof auto | undefined>(undefined)
  // `nodes` were synced while the layout was pending: on the temporary grid, never to be drawn
  const [nodesOnGrid, setNodesOnGrid] = useState(false)
  const gridOnly = layoutPending || nodesOnGrid
  const [edges, setEdges] = useState<FlowEdge[]>([])
  const reconnecting = useRef(false)
  // each called strategy's graph and layout, computed once per version of the workspace's strategies
  const strategies = useEditor((s) => s.context.strategies)
  const called = useMemo(() => {
    const cache = new Map<string, CalledGraph | undefined>()
    return (name: string) => {
      if (!cache.has(name)) {
        const doc = strategies?.get(name)
        cache.set(name, doc ? calledGraph(doc) : undefined)
      }
      return cache.get(name)
    }
  }, [strategies])
  /** How far expanded calls push each node from its stored position; subtracted before saving a drag. */
  const offsets = useRef<ReadonlyMap<string, readonly [number, number]>>(new Map())

  useLayoutEffect(() => {
    setNodes((previous) => {
      const synced = syncNodes(
        previous.filter((n): n is FlowNode => n.type === 'strategy' && !isCallChildId(n.id)),
        graph,
        document?.layout,
        auto,
        selectionSet,
      )
      const expanded = expandCalls(previous, collapseNodes(previous, synced, groups), calls, called)
      offsets.current = expanded.offsets
      // the same nodes (the workspace's other strategies loaded, a selection of the same ids): React Flow would
      // adopt all of them again for nothing
      return sameItems(previous, expanded.nodes) ? previous : expanded.nodes
    })
    setNodesFile(file ?? '')
    setNodesAuto(auto)
    setNodesOnGrid(layoutPending)
  }, [graph, document?.layout, auto, selectionSet, groups, calls, called, file, layoutPending])
  useLayoutEffect(
    () =>
      setEdges((previous) => {
        const next = collapseEdges(syncEdges(previous, graph), groups)
        return sameItems(previous, next) ? previous : next
      }),
    [graph, groups],
  )
  // the one selected connection goes to the store: the inspector shows what it is instead of the strategy's form (again
  // when the nodes are deselected: an edge still selected under a node a Go to selected is clicked without a change)
  // biome-ignore lint/correctness/useExhaustiveDependencies: read again when the node selection changes
  useEffect(() => {
    const picked = edges.filter((e) => e.selected)
    const only = picked.length === 1 ? picked[0] : undefined
    store.selectEdge(only?.sourceHandle ? { source: only.source, key: only.sourceHandle } : undefined)
  }, [edges, store, selectionSet])
  // the edges inside expanded calls' frames: drawn, never edited, so kept out of the edges state
  const frames = useMemo(() => framesKey(nodes), [nodes])
  const shownEdges = useMemo(
    () => (frames === '' ? edges : [...edges, ...callEdges(frames, called)]),
    [edges, frames, called],
  )

  // edges are no Tab stops: E / Shift+E on a node or an edge reach its outgoing edges, I / Shift+I its incoming ones
  // (useEdgeStop.ts)
  const { edges: stoppedEdges, onKeyDown } = useEdgeStop(shownEdges, edges, wrapper)

  // the node boxes edges route around: kept while a node is dragged (its edges then draw as before until dropped)
  const obstaclesRef = useRef<readonly Box[]>([])
  const obstacles = useMemo(() => {
    obstaclesRef.current = obstaclesOf(nodes, obstaclesRef.current)
    return obstaclesRef.current
  }, [nodes])
  // read by the edges routing on their own only: new boxes (a drop, nodes measured) re-render those, not every edge
  const [obstaclesStore] = useState(createEdgeObstaclesStore)
  obstaclesStore.publish(obstacles)
  // biome-ignore lint/correctness/useExhaustiveDependencies: the edges reading boxes are told after the commit
  useLayoutEffect(() => obstaclesStore.notify(), [obstaclesStore, obstacles])
  // all edges' paths, each on its own track in a shared lane: planned again when a node is dropped, not per frame,
  // and not again after the opening view planned them (one plan, the pane's)
  const plan = useRoutePlan()
  const dragging = useMemo(() => nodes.some((n) => n.dragging), [nodes])
  // the overview draws no edge from the plan: it is kept as it is for the view zoomed in again
  const { routes: edgeRoutes, routed: edgesRouted } = useEdgeRoutes(plan, dragging || overview)
  // each edge reads its own route: a route tile re-renders the edges it planned, not every mounted one
  const [routeStore] = useState(createEdgeRouteStore)
  routeStore.publish(edgeRoutes)
  // biome-ignore lint/correctness/useExhaustiveDependencies: each new plan's changed edges are told after its commit
  useLayoutEffect(() => routeStore.notify(), [routeStore, edgeRoutes])

  // the view of a newly opened file, set before its nodes are first painted: React Flow then draws only the
  // nodes on screen at that view once, instead of those at the previous view first; set again when the canvas was
  // resized (`refit`: a split opened or closed, a panel or the window resized), if laid out anew or if the view is
  // still the one fitted last (a view the user panned or zoomed stays theirs)
  const fittedView = useFittedView()
  const lastFit = useRef<{ file: string; refit: number; auto: typeof auto } | undefined>(undefined)
  const [fittedFile, setFittedFile] = useState<string | undefined>(undefined)
  // how the canvas last set the view itself: the whole strategy, or its start node at reading size (data-opened)
  const [opened, setOpened] = useState<{ whole: boolean } | undefined>(undefined)
  useLayoutEffect(() => {
    const key = file ?? ''
    const last = lastFit.current
    if (
      (last?.file === key && last.refit === refit) ||
      nodesFile !== key ||
      nodesAuto !== auto ||
      nodes.length === 0 ||
      layoutPending
    )
      return
    const resized = last?.file === key
    const untouched = resized && isStillFitted(fittedView, flow.getViewport())
    if (resized && last.auto === auto && !untouched) {
      lastFit.current = { file: key, refit, auto }
      return
    }
    const { width, height, minZoom, maxZoom } = rfStore.getState()
    // the size the layout was fitted to; React Flow measures its own pane in an effect, later
    const box =
      pane ?? (width > 0 && height > 0 ? { width, height } : wrapper.current?.getBoundingClientRect())
    if (!box) return
    const size = { width: box.width, height: box.height, minZoom, maxZoom }
    // a resized pane keeps a whole strategy whole (smaller if need be); else the opening rule (initial-viewport.ts)
    const keepWhole = untouched && fittedView.current?.whole === true
    // the edges as they will be drawn, framed too: the first frame is the final view; a large strategy's only those
    // in and near the view it opens at (route-plan.ts), found first with the edges drawn as smoothstep
    const near = keepWhole ? undefined : viewOfViewport(openingViewport(nodes, size, document?.start), size)
    const paths = plannedPaths(nodes, shownEdges, rfStore.getState(), plan, near)
    const viewport = keepWhole
      ? fitViewport(nodes, size, paths)
      : openingViewport(nodes, size, document?.start, paths)
    if (viewport === undefined) return
    lastFit.current = { file: key, refit, auto }
    const whole = keepWhole || isWholeFit(viewport, nodes, size, paths)
    fittedView.current = { viewport, whole }
    void flow.setViewport(viewport)
    setFittedFile(key)
    setOpened({ whole })
  }, [
    file,
    nodes,
    shownEdges,
    nodesFile,
    nodesAuto,
    auto,
    flow,
    rfStore,
    layoutPending,
    document?.start,
    refit,
    pane,
    fittedView,
    plan,
  ])
  // nothing until the layout has placed the nodes: handed the temporary grid (while the layout is pending, and for
  // the commit that brings it, as `nodes` lag by one), React Flow had their edges routed there, a plan never painted
  const shownNodes = gridOnly ? NO_NODES : nodes
  const flowNodes = useMemo(
    () => (overview ? hiddenForOverview(shownNodes) : shownNodes),
    [overview, shownNodes],
  )
  const drawnEdges = gridOnly ? NO_EDGES : stoppedEdges
  // no node is mounted to click, double-click or hover in the overview: the preview's boxes are picked instead
  const hover = useOverviewPicking(wrapper, overview)
  // nor focused: the canvas takes the focus and the arrows move a cursor over the preview's boxes
  const cursor = useOverviewKeys(wrapper, overview)
  // read from the node as it is now: Enter, a click or the file list selecting it, an edit giving it an error
  const cursorText = useStore((s) => {
    const node = cursor === undefined ? undefined : s.nodeLookup.get(cursor)
    return node ? cursorReadOut(node) : ''
  })
  const problemsText = useMemo(
    () => (overview ? problemsReadOut(countProblems(graph.nodes)) : ''),
    [overview, graph],
  )
  useEffect(() => countNodeList(flowNodes), [flowNodes])
  // the overview map draws every node: it joins after the opened file's first frame is on screen
  const paintedFile = useAfterPaint(fittedFile)

  // a problem or find result asks for a node: bring it into view without zooming out of reading size
  const focus = useEditor((s) => s.focus)
  useEffect(() => {
    if (focus === undefined) return
    const node = flow.getNode(focus.node)
    if (!node) return
    const w = node.measured?.width ?? 232
    const h = node.measured?.height ?? 80
    const zoom = Math.max(flow.getZoom(), 0.9)
    void flow.setCenter(node.position.x + w / 2, node.position.y + h / 2, { zoom, duration: 200 })
  }, [focus, flow])

  // a test run steps onto a node: show it at a size where its values are drawn (simplified nodes below
  // SIMPLE_ZOOM leave them out), panning only when it is off screen or too small to read
  const current = highlight?.current
  useEffect(() => {
    if (current === undefined) return
    const node = flow.getNode(current)
    const pane = wrapper.current?.getBoundingClientRect()
    if (!node || !pane) return
    const w = node.measured?.width ?? 232
    const h = node.measured?.height ?? 80
    const { x, y, zoom } = flow.getViewport()
    const left = node.position.x * zoom + x
    const top = node.position.y * zoom + y
    const inView = left >= 0 && top >= 0 && left + w * zoom <= pane.width && top + h * zoom <= pane.height
    if (zoom >= SIMPLE_ZOOM && inView) return
    void flow.setCenter(node.position.x + w / 2, node.position.y + h / 2, {
      zoom: Math.max(zoom, READABLE_ZOOM),
      duration: 200,
    })
  }, [current, flow])

  const onNodesChange = useCallback(
    (changes: NodeChange<CanvasNode>[]) => {
      setNodes((nds) => {
        const measured = new Set<string>()
        for (const c of changes) if (c.type === 'dimensions') measured.add(c.id)
        return dropEstimatedHandles(applyNodeChanges(changes, nds), measured)
      })
      store.select(selectionAfter(store.getState().selection, changes, (id) => !isViewOnly(id)))
    },
    [store],
  )
  const onEdgesChange = useCallback(
    (changes: EdgeChange<FlowEdge>[]) => setEdges((eds) => applyEdgeChanges(changes, eds)),
    [],
  )
  const onNodeDragStop = useCallback(
    (_event: unknown, _node: CanvasNode, dragged: CanvasNode[]) => {
      const positions: Record<string, [number, number]> = {}
      const layout = store.getState().document?.layout
      // the first move of a laid-out document stores every position, so nothing jumps on the next layout
      // nodes pushed aside by an expanded call are saved where they are without it
      const stored = (n: CanvasNode): [number, number] => {
        const [dx, dy] = offsets.current.get(n.id) ?? [0, 0]
        return [n.position.x - dx, n.position.y - dy]
      }
      for (const n of flow.getNodes()) if (!layout?.[n.id] && !isViewOnly(n.id)) positions[n.id] = stored(n)
      for (const n of dragged) if (!isViewOnly(n.id)) positions[n.id] = stored(n)
      commitPositions(store, positions)
    },
    [store, flow],
  )
  const onConnect = useCallback(
    (c: Connection) => {
      if (c.sourceHandle) connectOutput(store, c.source, c.sourceHandle, c.target)
    },
    [store],
  )
  // a connection dropped anywhere on a node's body connects to it, not only on its small input handle
  const onConnectEnd = useCallback(
    (event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (state.isValid || reconnecting.current || !state.fromNode) return
      const point = 'changedTouches' in event ? event.changedTouches[0] : event
      const element = point ? globalThis.document.elementFromPoint(point.clientX, point.clientY) : null
      const target = element?.closest('.react-flow__node')?.getAttribute('data-id') ?? state.toNode?.id
      const handle = state.fromHandle?.id
      if (target === state.fromNode.id) {
        store.notify('A node cannot connect to itself. To repeat it, go through a Wait or Assign node first.')
      } else if (target && handle && state.fromHandle?.type === 'source') {
        connectOutput(store, state.fromNode.id, handle, target)
      } else if (!target) {
        store.notify("Drop the connection on another node's input (its left side).")
      }
    },
    [store],
  )
  const onReconnectStart = useCallback(() => {
    reconnecting.current = true
  }, [])
  const onReconnect = useCallback(
    (old: FlowEdge, c: Connection) => {
      reconnecting.current = false
      if (old.source === c.source && old.sourceHandle === c.sourceHandle) {
        if (c.sourceHandle) connectOutput(store, c.source, c.sourceHandle, c.target)
        return
      }
      if (old.sourceHandle) disconnectOutputs(store, [{ source: old.source, key: old.sourceHandle }])
      if (c.sourceHandle) connectOutput(store, c.source, c.sourceHandle, c.target)
    },
    [store],
  )
  // a reconnection dropped on empty canvas removes the edge
  const onReconnectEnd = useCallback(
    (_event: unknown, edge: FlowEdge, _type: unknown, state: FinalConnectionState) => {
      const wasReconnecting = reconnecting.current
      reconnecting.current = false
      if (wasReconnecting && !state.isValid && edge.sourceHandle)
        disconnectOutputs(store, [{ source: edge.source, key: edge.sourceHandle }])
    },
    [store],
  )
  const isValidConnection = useCallback((c: Connection | FlowEdge) => c.source !== c.target, [])

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(PALETTE_MIME)) return
    event.preventDefault()
    event.dataTransfer.dropEffect = 'copy'
  }, [])
  const onDrop = useCallback(
    (event: DragEvent) => {
      const type = event.dataTransfer.getData(PALETTE_MIME) as NodeType
      if (!type) return
      event.preventDefault()
      const p = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY })
      // dropped on a connection: the new node goes between its ends rather than on top of them
      const onto = edgeAt(event.clientX, event.clientY, edges)
      addNodeAt(store, type, [p.x - 110, p.y - 30], onto)
    },
    [flow, store, edges],
  )

  return (
    <div className="rw-canvas-body">
      <section
        ref={wrapper}
        className={zoomedOut ? 'rw-canvas is-zoomed-out' : 'rw-canvas'}
        data-testid="canvas"
        // focusable from script only: where the focus goes when Delete removes the focused node (useShortcuts); in the
        // overview a Tab stop, as it mounts no node to Tab to (useOverviewKeys)
        tabIndex={overview ? 0 : -1}
        aria-label="Canvas"
        data-fitted={fittedFile === (file ?? '') ? 'true' : 'false'}
        data-opened={
          fittedFile !== (file ?? '') || !opened ? undefined : opened.whole ? 'whole' : 'start-node'
        }
        // the pane size the layout follows: it lags a resize until the resize stops (usePaneSize)
        data-pane={pane === undefined ? '' : `${pane.width}x${pane.height}`}
        // every edge on screen drawn from the plan (none routed on its own; the overview draws none from it): what
        // bench/fit-all times
        data-edges-routed={edgesRouted || overview ? 'true' : 'false'}
        data-overview={overview ? 'true' : undefined}
        onDragOver={onDragOver}
        onDrop={onDrop}
        onKeyDown={onKeyDown}
      >
        <ZoomedOutContext.Provider value={zoomedOut}>
          <EdgeObstaclesContext.Provider value={obstaclesStore}>
            <EdgeRouteStoreContext.Provider value={routeStore}>
              <ReactFlow<CanvasNode, FlowEdge>
                nodes={flowNodes}
                edges={overview ? NO_EDGES : drawnEdges}
                nodeTypes={nodeTypes}
                edgeTypes={edgeTypes}
                onNodesChange={onNodesChange}
                onEdgesChange={onEdgesChange}
                onNodeDragStop={onNodeDragStop}
                onConnect={onConnect}
                onConnectEnd={onConnectEnd}
                onReconnectStart={onReconnectStart}
                onReconnect={onReconnect}
                onReconnectEnd={onReconnectEnd}
                isValidConnection={isValidConnection}
                edgesReconnectable
                edgesFocusable={false}
                deleteKeyCode={null}
                selectionKeyCode="Shift"
                multiSelectionKeyCode={['Meta', 'Control']}
                defaultEdgeOptions={defaultEdgeOptions}
                onlyRenderVisibleElements={cull}
                minZoom={0.1}
                maxZoom={2}
                proOptions={proOptions}
                ariaLabelConfig={ariaLabelConfig}
              >
                {showGrid && <Background gap={16} size={1} />}
                <Controls showInteractive={false} />
                <MotionPreview
                  wrapper={wrapper}
                  edges={drawnEdges}
                  active={large && zoomedOut}
                  still={overview}
                  cursor={cursor}
                />
                {fittedFile === (file ?? '') && <NodesInViewChip />}
              </ReactFlow>
              {hover && (
                <div
                  className="rw-overview-tooltip"
                  role="tooltip"
                  data-testid="overview-tooltip"
                  style={{ left: hover.left, top: hover.top }}
                >
                  {hover.title}
                </div>
              )}
              {overview && (
                // the keyboard's cursor read out (and shown), as the ring on the preview is only drawn
                <div
                  className="rw-overview-status"
                  role="status"
                  aria-live="polite"
                  data-testid="overview-cursor"
                >
                  {cursorText || problemsText}
                </div>
              )}
            </EdgeRouteStoreContext.Provider>
          </EdgeObstaclesContext.Provider>
        </ZoomedOutContext.Provider>
        {broken && <StaleBanner />}
        {otherKind && (
          <div className="rw-canvas__empty" data-testid="canvas-other-kind">
            This is a {otherKind} file: edit it in the YAML view. The canvas draws strategies.
          </div>
        )}
        {nodes.length === 0 && !broken && !otherKind && (
          <div className="rw-canvas__empty" data-testid="canvas-empty">
            Drag a node from the palette to start.
          </div>
        )}
      </section>
      {showMap && (
        // beside the canvas, not over it: the map never hides a node
        <aside className="rw-minimap-dock" aria-label="Overview map" data-testid="minimap">
          {paintedFile === fittedFile &&
            // React Flow's map leaves out hidden nodes, and the overview hides them all from React Flow
            (overview ? (
              <OverviewMap className="rw-minimap" />
            ) : (
              <MiniMap
                pannable
                zoomable
                nodeStrokeWidth={2}
                className="rw-minimap"
                ariaLabel="Overview map"
              />
            ))}
        </aside>
      )}
    </div>
  )
}
