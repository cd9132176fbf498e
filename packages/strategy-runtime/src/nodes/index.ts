// Every node kind's behaviour by its `type`; the engine looks a node up here and knows no kind by name.
import type { StrategyNode } from '@routewright/strategy-dsl'
import type { NodeBehaviour } from '../engine/port.ts'
import { assignNode } from './assign.ts'
import { attachNode } from './attach.ts'
import { endNode } from './end.ts'
import { functionNode } from './function.ts'
import { queuePriorityNode } from './queue-priority.ts'
import { routeNode } from './route.ts'
import { scheduleNode } from './schedule.ts'
import { splitNode } from './split.ts'
import { subroutineNode } from './subroutine.ts'
import { switchNode } from './switch.ts'
import { targetNode } from './target.ts'
import { treatmentNode } from './treatment.ts'
import { waitNode } from './wait.ts'

type Behaviours = { [K in StrategyNode['type']]: NodeBehaviour<Extract<StrategyNode, { type: K }>> }

const BEHAVIOURS: Behaviours = {
  switch: switchNode,
  assign: assignNode,
  attach: attachNode,
  schedule: scheduleNode,
  split: splitNode,
  'queue-priority': queuePriorityNode,
  target: targetNode,
  treatment: treatmentNode,
  wait: waitNode,
  function: functionNode,
  subroutine: subroutineNode,
  route: routeNode,
  end: endNode,
}

export function behaviourOf(node: StrategyNode): NodeBehaviour {
  return BEHAVIOURS[node.type] as NodeBehaviour
}
