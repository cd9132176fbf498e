// Counts renders of canvas nodes (and routed edges) so a test can check that an edit re-renders only the nodes it changed, and the
// node lists React Flow is handed (it adopts each one whole: 3,001 nodes for a large strategy) so a test can check
// that none comes without a change (test builds only: the production build counts nothing).
import { TEST_HOOKS } from '../core/test-hooks.ts'

declare global {
  var __rwNodeRenders: Record<string, number> | undefined
  /** Renders of each routed edge: a route tile re-renders only the edges it planned. */
  var __rwEdgeRenders: Record<string, number> | undefined
  /**
   * Each node list handed to React Flow since the page loaded (an empty one not, the same array once): how many of
   * its nodes are not the objects of the list before (the first: all of them).
   */
  var __rwNodeLists: number[] | undefined
}

export function countRender(id: string): void {
  if (!TEST_HOOKS) return
  const counts = globalThis.__rwNodeRenders ?? {}
  globalThis.__rwNodeRenders = counts
  counts[id] = (counts[id] ?? 0) + 1
}

export function countEdgeRender(id: string): void {
  if (!TEST_HOOKS) return
  const counts = globalThis.__rwEdgeRenders ?? {}
  globalThis.__rwEdgeRenders = counts
  counts[id] = (counts[id] ?? 0) + 1
}

let lastList: readonly object[] = []

/** Records a node list handed to React Flow, once however many renders hand it the same array. */
export function countNodeList(nodes: readonly object[]): void {
  if (!TEST_HOOKS || nodes.length === 0 || nodes === lastList) return
  const before = new Set(lastList)
  lastList = nodes
  globalThis.__rwNodeLists = [...(globalThis.__rwNodeLists ?? []), nodes.filter((n) => !before.has(n)).length]
}
