// The queue-priority node: sets or raises the interaction's priority in line.
import type { QueuePriorityNode } from '@routewright/strategy-dsl'
import type { NodeBehaviour } from '../engine/port.ts'
import { toInt } from '../engine/values.ts'

export const queuePriorityNode: NodeBehaviour<QueuePriorityNode> = {
  run(port, frame, node, stats) {
    const run = frame.run
    const n = node.node
    if (n.raise !== undefined) run.priority += n.raise
    else
      run.priority =
        typeof n.set === 'number' ? n.set : toInt(port.evaluate(frame, node, 'set', stats), 'priority')
    port.trace(run, {
      strategy: frame.strategy,
      node: node.id,
      kind: 'value',
      name: 'priority',
      value: run.priority,
    })
    port.takeOutput(frame, node, 'next')
  },
}
