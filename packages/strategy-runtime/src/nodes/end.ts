// The end node: finishes the interaction with its outcome, or returns values to a calling subroutine node.
import type { EndNode } from '@routewright/strategy-dsl'
import type { NodeBehaviour } from '../engine/port.ts'

export const endNode: NodeBehaviour<EndNode> = {
  run(port, frame, node, stats) {
    const n = node.node
    const values: Record<string, unknown> = {}
    for (const name of Object.keys(n.values ?? {}))
      values[name] = port.evaluate(frame, node, `values.${name}`, stats)
    if (n.outcome === 'return' && frame.parent) {
      frame.returned = values
      port.endFrame(frame)
      return
    }
    port.finish(frame.run, n.outcome, {
      node: node.id,
      ...(n.reason !== undefined ? { reason: n.reason } : {}),
      ...(n.outcome === 'return' ? { values } : {}),
    })
  },
}
