// pure: the strategy document seen as a graph of node views and edges, shaped for the canvas. A mapper caches
// its output so a node's view object changes only when that node, its diagnostics or its highlight changed.
import { type Diagnostic, kindOf, type StrategyDocument, type StrategyNode } from '@routewright/strategy-dsl'
import { outputPathKey } from './document-edit.ts'
import type { Highlight } from './editor-store.ts'

export interface OutputView {
  /** Handle id: the output's path inside the node (`next.timeout`, `cases.0.next`). */
  key: string
  name: string
  target: string | undefined
  required: boolean
  /** What decides the output, shown beside its name: a case's condition, a branch's weight. */
  detail?: string
}

export interface NodeView {
  id: string
  node: StrategyNode
  title: string
  summary: string
  outputs: readonly OutputView[]
  isStart: boolean
  diagnostics: readonly Diagnostic[]
  /** The worst severity among the node's diagnostics. */
  severity: Diagnostic['severity'] | undefined
  /** Test run: whether the run passed through (`visited`) or is on (`current`) this node. */
  visit: 'visited' | 'current' | undefined
  values: Readonly<Record<string, unknown>> | undefined
}

export interface EdgeView {
  id: string
  source: string
  sourceHandle: string
  target: string
  label: string
  visited: boolean
}

export interface GraphView {
  nodes: readonly NodeView[]
  edges: readonly EdgeView[]
}

export const NODE_WIDTH = 232
const HEADER_HEIGHT = 58
const OUTPUT_HEIGHT = 20

/** Height a node takes on the canvas, used by the layout before the DOM measures it. */
export function nodeHeight(outputs: number): number {
  return HEADER_HEIGHT + Math.max(outputs, 1) * OUTPUT_HEIGHT + 8
}

/** Height of a node's full card, counting the lines its summary, notes and strategy link take. */
export function nodeViewHeight(view: Pick<NodeView, 'node' | 'outputs' | 'summary'>): number {
  const { node } = view
  let extra = view.summary.length > 32 ? 14 : 0
  if (node.notes) extra += node.notes.length > 34 ? 40 : 26
  if (node.type === 'subroutine' || (node.type === 'route' && node.strategy !== undefined)) extra += 20
  return nodeHeight(view.outputs.length) + extra
}

const SEVERITY_RANK = { error: 3, warning: 2, info: 1 } as const

function worst(diagnostics: readonly Diagnostic[]): Diagnostic['severity'] | undefined {
  let best: Diagnostic['severity'] | undefined
  for (const d of diagnostics) if (!best || SEVERITY_RANK[d.severity] > SEVERITY_RANK[best]) best = d.severity
  return best
}

/** The node a diagnostic is about: its `node` field, or the id after `nodes` in its path. */
export function nodeOfDiagnostic(d: Diagnostic): string | undefined {
  if (d.node !== undefined) return d.node
  return d.path[0] === 'nodes' && typeof d.path[1] === 'string' ? d.path[1] : undefined
}

const sameList = <T>(a: readonly T[], b: readonly T[]) =>
  a.length === b.length && a.every((x, i) => x === b[i])

export function createGraphMapper() {
  let views = new Map<string, NodeView>()
  let edgeCache = new Map<string, EdgeView>()
  const outputCache = new WeakMap<StrategyNode, readonly OutputView[]>()

  function outputsOf(node: StrategyNode): readonly OutputView[] {
    let cached = outputCache.get(node)
    if (!cached) {
      cached = kindOf(node)
        .outputs(node)
        .map((o) => {
          const detail = outputDetail(node, o.path)
          const view: OutputView = {
            key: outputPathKey(o.path),
            name: o.name,
            target: o.target,
            required: o.required,
          }
          return detail === undefined ? view : { ...view, detail }
        })
      outputCache.set(node, cached)
    }
    return cached
  }

  return function map(
    doc: StrategyDocument | undefined,
    diagnostics: readonly Diagnostic[],
    highlight: Highlight | undefined,
  ): GraphView {
    if (!doc) {
      views = new Map()
      edgeCache = new Map()
      return { nodes: [], edges: [] }
    }
    const byNode = new Map<string, Diagnostic[]>()
    for (const d of diagnostics) {
      const id = nodeOfDiagnostic(d)
      if (id === undefined) continue
      const list = byNode.get(id)
      if (list) list.push(d)
      else byNode.set(id, [d])
    }
    const visited = new Set(highlight?.path ?? [])
    const nextViews = new Map<string, NodeView>()
    const nodes: NodeView[] = []
    const edges: EdgeView[] = []
    const nextEdges = new Map<string, EdgeView>()
    for (const [id, node] of Object.entries(doc.nodes)) {
      const previous = views.get(id)
      const nodeDiagnostics = byNode.get(id) ?? []
      const visit = highlight?.current === id ? 'current' : visited.has(id) ? 'visited' : undefined
      const values = highlight?.values?.[id]
      const reuse =
        previous &&
        previous.node === node &&
        previous.isStart === (doc.start === id) &&
        previous.visit === visit &&
        previous.values === values &&
        sameList(previous.diagnostics, nodeDiagnostics)
      const view: NodeView = reuse
        ? previous
        : {
            id,
            node,
            title: node.title ?? id,
            summary: kindOf(node).summary(node),
            outputs: outputsOf(node),
            isStart: doc.start === id,
            diagnostics: nodeDiagnostics,
            severity: worst(nodeDiagnostics),
            visit,
            values,
          }
      nextViews.set(id, view)
      nodes.push(view)
      for (const output of view.outputs) {
        if (output.target === undefined) continue
        const edgeId = `${id}:${output.key}`
        const wasVisited =
          visited.has(id) && visited.has(output.target) && stepsTo(highlight, id, output.target)
        const old = edgeCache.get(edgeId)
        const edge =
          old && old.target === output.target && old.label === output.name && old.visited === wasVisited
            ? old
            : {
                id: edgeId,
                source: id,
                sourceHandle: output.key,
                target: output.target,
                label: output.name,
                visited: wasVisited,
              }
        nextEdges.set(edgeId, edge)
        edges.push(edge)
      }
    }
    views = nextViews
    edgeCache = nextEdges
    return { nodes, edges }
  }
}

/** A case's `when` or a branch's weight, read structurally from the output's path (`cases.0.next`). */
export function outputDetail(node: StrategyNode, path: readonly (string | number)[]): string | undefined {
  const [list, index] = path
  if (typeof list !== 'string' || typeof index !== 'number') return undefined
  const item = (node as unknown as Record<string, unknown>)[list]
  const entry = Array.isArray(item) ? (item[index] as Record<string, unknown> | undefined) : undefined
  if (entry === undefined) return undefined
  if (typeof entry.when === 'string') return entry.when
  if (typeof entry.weight === 'number') return `${entry.weight}%`
  return undefined
}

/** Whether the highlighted run went straight from `source` to `target`. */
function stepsTo(highlight: Highlight | undefined, source: string, target: string): boolean {
  const path = highlight?.path ?? []
  for (let i = 0; i + 1 < path.length; i++) if (path[i] === source && path[i + 1] === target) return true
  return false
}
