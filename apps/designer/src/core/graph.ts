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
/**
 * A card's fixed parts as app.css draws them: borders (3 px top, 1 px bottom), header (9 + 3 px padding, 22 px
 * icon), one summary line (14 px line, 9 px padding), the outputs' top border and 2 + 2 px padding.
 */
const CARD_CHROME = 4 + 34 + 23 + 5
const OUTPUT_HEIGHT = 20
/** A summary or note line (app.css sets this line height, so the font cannot change a card's height). */
export const CARD_LINE = 14
/** Longer summaries get a second line (183 px at 11.5 px: 31 characters fit, 32 wrap in Chromium's sans). */
const SUMMARY_ONE_LINE = 31
const NOTES_ONE_LINE = 34

/** Height a node takes on the canvas, used by the layout before the DOM measures it. */
export function nodeHeight(outputs: number): number {
  return CARD_CHROME + Math.max(outputs, 1) * OUTPUT_HEIGHT
}

/** The lines a node's summary is drawn on (clamped to these by the card, so its height is the estimated one). */
export const summaryLines = (summary: string): 1 | 2 => (summary.length > SUMMARY_ONE_LINE ? 2 : 1)

/** The lines a node's notes are drawn on (clamped likewise). */
export const notesLines = (notes: string): 1 | 2 => (notes.length > NOTES_ONE_LINE ? 2 : 1)

/**
 * Height of a node's full card, counting the lines its summary, notes and strategy link take: the height the
 * card is drawn at, so the handles estimated from it are those the DOM measures (edges do not move once drawn).
 */
export function nodeViewHeight(view: Pick<NodeView, 'node' | 'outputs' | 'summary'>): number {
  const { node } = view
  let extra = (summaryLines(view.summary) - 1) * CARD_LINE
  // notes: 3 + 3 px padding and a 6 px margin around their lines
  if (node.notes) extra += notesLines(node.notes) * CARD_LINE + 12
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
