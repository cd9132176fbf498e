// pure: a node dropped on a connection goes between its two ends: the output that led to the old target now leads
// to the new node, and the new node's main output to the old target.
import { kindOf, type StrategyDocument, type StrategyNode } from '@routewright/strategy-dsl'
import { connect, outputPathKey } from './document-edit.ts'
import { NODE_WIDTH } from './graph.ts'

/** The output a node inserted into a connection passes it on by: its first one that is not an error path. */
export function mainOutput(node: StrategyNode) {
  const outputs = kindOf(node).outputs(node)
  return outputs.find((o) => !o.quiet && o.name !== 'error') ?? outputs[0]
}

/**
 * `doc` (which already holds node `id`) with `id` put into the connection from `source`'s output `key`: undefined when
 * that output leads nowhere or the new node has no output to lead on by (an end: dropped there, it is not inserted).
 */
export function insertBetween(
  doc: StrategyDocument,
  source: string,
  key: string,
  id: string,
): StrategyDocument | undefined {
  const from = doc.nodes[source]
  const added = doc.nodes[id]
  if (!from || !added) return undefined
  const output = kindOf(from)
    .outputs(from)
    .find((o) => outputPathKey(o.path) === key)
  const onward = mainOutput(added)
  if (output?.target === undefined || onward === undefined) return undefined
  const connected = connect(connect(doc, source, output.path, id), id, onward.path, output.target)
  return makeRoomBetween(connected, source, id, output.target)
}

/** The room kept between a node inserted into a connection and its two ends. */
const INSERT_GAP = 48

/**
 * `doc` with node `id`, just inserted between `source` and `target`, placed between them in the layout: in a column of
 * its own right of `source`, at `target`'s height, and `target` with every node right of it moved right to make room
 * (dropped where the pointer was, it sat on the cards at both ends). A target left of or under its source (a loop
 * back) keeps the dropped place.
 */
export function makeRoomBetween(
  doc: StrategyDocument,
  source: string,
  id: string,
  target: string,
): StrategyDocument {
  const layout = doc.layout
  const from = layout?.[source]
  const to = layout?.[target]
  if (!layout || !from || !to || to[0] <= from[0]) return doc
  const x = from[0] + NODE_WIDTH + INSERT_GAP
  const shift = Math.max(0, x + NODE_WIDTH + INSERT_GAP - to[0])
  const next: Record<string, [number, number]> = { ...layout, [id]: [x, to[1]] }
  if (shift > 0) {
    for (const [node, [left, top]] of Object.entries(layout)) {
      if (node !== id && left >= to[0]) next[node] = [left + shift, top]
    }
  }
  return { ...doc, layout: next }
}
