// pure: turns a diff (or any per-node figures) into CSS rules that mark nodes and edges on the canvas, so the
// compare view and the simulation's heat overlay decorate React Flow's elements without touching the canvas code.
import { kindOf, type StrategyDiff } from '@routewright/strategy-dsl'
import { outputPathKey } from '../core/document-edit.ts'

export type NodeMark = 'added' | 'changed' | 'renamed'
export type EdgeMark = 'added' | 'rewired'

export interface CanvasMarks {
  nodes: ReadonlyMap<string, NodeMark>
  /** By the canvas's edge id: `<node>:<output path key>`. */
  edges: ReadonlyMap<string, EdgeMark>
}

/** The nodes and edges of the new version that the diff touches (removed ones are not on the canvas). */
export function marksOf(diff: StrategyDiff): CanvasMarks {
  const nodes = new Map<string, NodeMark>()
  for (const node of diff.nodes) if (node.change !== 'removed') nodes.set(node.id, node.change)
  const edges = new Map<string, EdgeMark>()
  for (const edge of diff.edges) {
    if (edge.change === 'removed' || edge.after === undefined) continue
    edges.set(`${edge.node}:${outputPathKey(edge.path)}`, edge.change === 'added' ? 'added' : 'rewired')
  }
  // every edge of an added node is new too
  for (const node of diff.nodes) {
    if (node.change !== 'added' || !node.node) continue
    for (const output of kindOf(node.node).outputs(node.node)) {
      if (output.target !== undefined) edges.set(`${node.id}:${outputPathKey(output.path)}`, 'added')
    }
  }
  return { nodes, edges }
}

/** A quoted CSS attribute value for an id (ids are plain names, but a quote must never end the selector). */
function attr(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\n\r\f]/g, ' ')}"`
}

export function nodeSelector(id: string): string {
  return `.react-flow__node[data-id=${attr(id)}]`
}

export function edgeSelector(id: string): string {
  return `.react-flow__edge[data-id=${attr(id)}]`
}

// dark enough for the white label text to read (4.5:1 or more)
const NODE_COLORS: Record<NodeMark, string> = { added: '#17753f', changed: '#8f5d00', renamed: '#6a3fc6' }
const EDGE_COLORS: Record<EdgeMark, string> = { added: '#17753f', rewired: '#8f5d00' }
const LABELS: Record<NodeMark, string> = { added: 'added', changed: 'changed', renamed: 'renamed' }

/** CSS outlining changed nodes with a corner label, and colouring rewired edges. */
export function marksCss(marks: CanvasMarks): string {
  const rules: string[] = []
  for (const [id, mark] of marks.nodes) {
    const color = NODE_COLORS[mark]
    rules.push(
      `${nodeSelector(id)}{outline:3px solid ${color};outline-offset:3px;border-radius:8px}`,
      `${nodeSelector(id)}::after{content:${attr(LABELS[mark])};position:absolute;top:-14px;right:6px;` +
        `padding:0 6px;border-radius:8px;font:600 10px/14px system-ui,sans-serif;color:#fff;background:${color}}`,
    )
  }
  for (const [id, mark] of marks.edges) {
    rules.push(
      `${edgeSelector(id)} .react-flow__edge-path{stroke:${EDGE_COLORS[mark]};stroke-width:3px;stroke-dasharray:7 4}`,
    )
  }
  return rules.join('\n')
}
