// pure: what a connection selected on the canvas is, in the inspector's words: the node it leaves, by which output,
// and the node it goes to.
import { kindOf, type StrategyDocument } from '@routewright/strategy-dsl'
import { outputPathKey } from './document-edit.ts'
import type { SelectedEdge } from './editor-store.ts'

export interface SelectedConnection {
  source: string
  /** The output's key, as `disconnectOutputs` takes it. */
  key: string
  /** The output's name as on the node's handle (`default`, a case label ...). */
  output: string
  target: string
}

/** The connection `edge` names in `doc`, or undefined once its node or output is gone or it leads nowhere. */
export function selectedConnection(
  doc: StrategyDocument | undefined,
  edge: SelectedEdge | undefined,
): SelectedConnection | undefined {
  const node = edge && doc?.nodes[edge.source]
  if (!edge || !node) return undefined
  const output = kindOf(node)
    .outputs(node)
    .find((o) => outputPathKey(o.path) === edge.key)
  if (output?.target === undefined) return undefined
  return { source: edge.source, key: edge.key, output: output.name, target: output.target }
}
