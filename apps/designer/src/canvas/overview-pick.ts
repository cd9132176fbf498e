// What picking a node of the overview does, one copy for the pointer (useOverviewPicking) and the keyboard
// (useOverviewKeys): no node is mounted there, so React Flow's own node click never happens.
import type { InternalNode, ReactFlowInstance, useStoreApi } from '@xyflow/react'
import type { CanvasNode } from './collapse.ts'
import type { FlowEdge } from './flow-nodes.ts'
import { READABLE_ZOOM } from './initial-viewport.ts'
import { nodeBox } from './overview-hit.ts'

type FlowStore = ReturnType<typeof useStoreApi<CanvasNode, FlowEdge>>

/** What React Flow does on a node click (handleNodeClick): one selection path, onNodesChange to the editor store. */
export function selectOverviewNode(rfStore: FlowStore, node: InternalNode<CanvasNode>): void {
  const { addSelectedNodes, unselectNodesAndEdges, multiSelectionActive } = rfStore.getState()
  if (!node.selected) addSelectedNodes([node.id])
  else if (multiSelectionActive) unselectNodesAndEdges({ nodes: [node.internals.userNode] })
}

/** Zooms to reading size centred on `node`, which leaves the overview and mounts it. */
export function zoomToOverviewNode(
  flow: ReactFlowInstance<CanvasNode, FlowEdge>,
  node: InternalNode<CanvasNode>,
): Promise<boolean> {
  const b = nodeBox(node)
  return flow.setCenter(b.x + b.w / 2, b.y + b.h / 2, { zoom: READABLE_ZOOM, duration: 200 })
}
