// The wait node: takes `next` when its delay (a node timer) elapses.
import type { WaitNode } from '@routewright/strategy-dsl'
import type { NodeBehaviour } from '../engine/port.ts'

export const waitNode: NodeBehaviour<WaitNode> = {
  run(_port, frame) {
    frame.waitingFor = 'wait'
  },
  onTimer(port, frame, node) {
    if (frame.waitingFor !== 'wait') return
    frame.waitingFor = undefined
    port.takeOutput(frame, node, 'next')
  },
}
