// pure: the strategy as a graph of node indices, and the linear-time passes the graph rules need.
import type { StrategyDocument } from '../document.ts'
import type { NodeKind, NodeOutput } from '../nodes/kind.ts'
import { kindOf, type StrategyNode } from '../nodes/registry.ts'

const UNKNOWN_KIND: NodeKind<StrategyNode> = {
  type: 'unknown',
  title: 'Unknown',
  description: 'A node whose type is not known',
  schema: undefined as never,
  waits: false,
  terminal: true,
  outputs: () => [],
  expressions: () => [],
  summary: () => '',
}

export interface StrategyGraph {
  ids: string[]
  index: Map<string, number>
  nodes: StrategyNode[]
  kinds: NodeKind<StrategyNode>[]
  outputs: NodeOutput[][]
  /** Successor indices per node (edges to existing nodes only, deduplicated). */
  next: number[][]
}

export function buildGraph(document: StrategyDocument): StrategyGraph {
  const ids = Object.keys(document.nodes ?? {})
  const index = new Map(ids.map((id, i) => [id, i]))
  const nodes = ids.map((id) => document.nodes[id] as StrategyNode)
  // a node of an unknown type (a document that skipped the schema) counts as an end with nothing to check
  const kinds = nodes.map((node) => kindOf(node) ?? UNKNOWN_KIND)
  const outputs = nodes.map((node, i) => (kinds[i] as NodeKind<StrategyNode>).outputs(node))
  const next = outputs.map((outs) => {
    const set = new Set<number>()
    for (const out of outs) {
      const target = out.target === undefined ? undefined : index.get(out.target)
      if (target !== undefined) set.add(target)
    }
    return [...set]
  })
  return { ids, index, nodes, kinds, outputs, next }
}

/** Nodes reachable from `from` following edges forward. */
export function reachableFrom(graph: StrategyGraph, from: number): Uint8Array {
  const seen = new Uint8Array(graph.ids.length)
  const stack = [from]
  seen[from] = 1
  while (stack.length > 0) {
    const at = stack.pop() as number
    for (const to of graph.next[at] ?? []) {
      if (!seen[to]) {
        seen[to] = 1
        stack.push(to)
      }
    }
  }
  return seen
}

/** Nodes from which some node in `goals` can be reached (walking edges backwards from the goals). */
export function canReach(graph: StrategyGraph, goals: Uint8Array): Uint8Array {
  const previous: number[][] = graph.ids.map(() => [])
  graph.next.forEach((targets, from) => {
    for (const to of targets) previous[to]?.push(from)
  })
  const seen = new Uint8Array(goals)
  const stack: number[] = []
  seen.forEach((v, i) => {
    if (v) stack.push(i)
  })
  while (stack.length > 0) {
    const at = stack.pop() as number
    for (const from of previous[at] ?? []) {
      if (!seen[from]) {
        seen[from] = 1
        stack.push(from)
      }
    }
  }
  return seen
}

/**
 * Strongly connected components of the subgraph of nodes where `include` holds (Tarjan, iterative so long chains
 * cannot overflow the stack). Returns only cyclic components: more than one node, or a node with a self-edge.
 */
export function cyclicComponents(graph: StrategyGraph, include: (i: number) => boolean): number[][] {
  const n = graph.ids.length
  const order = new Int32Array(n).fill(-1)
  const low = new Int32Array(n)
  const onStack = new Uint8Array(n)
  const stack: number[] = []
  const result: number[][] = []
  let counter = 0
  for (let root = 0; root < n; root++) {
    if (order[root] !== -1 || !include(root)) continue
    const work: Array<[number, number]> = [[root, 0]]
    order[root] = low[root] = counter++
    stack.push(root)
    onStack[root] = 1
    while (work.length > 0) {
      const frame = work[work.length - 1] as [number, number]
      const [v, edge] = frame
      const targets = graph.next[v] ?? []
      if (edge < targets.length) {
        frame[1] = edge + 1
        const w = targets[edge] as number
        if (!include(w)) continue
        if (order[w] === -1) {
          order[w] = low[w] = counter++
          stack.push(w)
          onStack[w] = 1
          work.push([w, 0])
        } else if (onStack[w]) {
          low[v] = Math.min(low[v] as number, order[w] as number)
        }
        continue
      }
      work.pop()
      const parent = work[work.length - 1]
      if (parent) low[parent[0]] = Math.min(low[parent[0]] as number, low[v] as number)
      if (low[v] === order[v]) {
        const component: number[] = []
        let w: number
        do {
          w = stack.pop() as number
          onStack[w] = 0
          component.push(w)
        } while (w !== v)
        if (component.length > 1 || (graph.next[v] ?? []).includes(v))
          result.push(component.sort((a, b) => a - b))
      }
    }
  }
  return result
}
