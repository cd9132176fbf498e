// The attach node: writes and removes keys of the interaction's attached data; the host hears of it.

import type { AttachNode } from '@routewright/strategy-dsl'
import type { NodeBehaviour } from '../engine/port.ts'
import { writableValues } from '../engine/values.ts'

export const attachNode: NodeBehaviour<AttachNode> = {
  run(port, frame, node, stats) {
    const run = frame.run
    run.data = writableValues(run.data)
    for (const key of Object.keys(node.node.set ?? {})) {
      const value = port.evaluate(frame, node, `set.${key}`, stats)
      run.data[key] = value
      port.trace(run, { strategy: frame.strategy, node: node.id, kind: 'value', name: `data.${key}`, value })
    }
    for (const key of node.node.remove ?? []) delete run.data[key]
    const data = { ...run.data }
    // the data as the host hears it, in the trace too (a recorder reads it there once the interaction ends)
    if (port.traces(run))
      port.trace(run, { strategy: frame.strategy, node: node.id, kind: 'value', name: 'data', value: data })
    port.emit(run, { type: 'data-attached', node: node.id, data })
    port.takeOutput(frame, node, 'next')
  },
}
