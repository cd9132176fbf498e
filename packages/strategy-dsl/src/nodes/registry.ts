import { z } from 'zod'
import { assignKind, assignNodeSchema } from './assign.ts'
import { attachKind, attachNodeSchema } from './attach.ts'
import { endKind, endNodeSchema } from './end.ts'
import { functionKind, functionNodeSchema } from './function.ts'
import type { NodeKind } from './kind.ts'
import { queuePriorityKind, queuePriorityNodeSchema } from './queue-priority.ts'
import { routeKind, routeNodeSchema } from './route.ts'
import { scheduleKind, scheduleNodeSchema } from './schedule.ts'
import { splitKind, splitNodeSchema } from './split.ts'
import { subroutineKind, subroutineNodeSchema } from './subroutine.ts'
import { switchKind, switchNodeSchema } from './switch.ts'
import { targetKind, targetNodeSchema } from './target.ts'
import { treatmentKind, treatmentNodeSchema } from './treatment.ts'
import { waitKind, waitNodeSchema } from './wait.ts'

/** Any node of a strategy, discriminated by `type`. */
export const nodeSchema = z.discriminatedUnion('type', [
  switchNodeSchema,
  assignNodeSchema,
  attachNodeSchema,
  scheduleNodeSchema,
  splitNodeSchema,
  targetNodeSchema,
  queuePriorityNodeSchema,
  treatmentNodeSchema,
  waitNodeSchema,
  functionNodeSchema,
  subroutineNodeSchema,
  routeNodeSchema,
  endNodeSchema,
])
export type StrategyNode = z.infer<typeof nodeSchema>
export type NodeType = StrategyNode['type']
/** The node type for a `type` value: `NodeFrom<'target'>` is `TargetNode`. */
export type NodeFrom<TType extends NodeType> = Extract<StrategyNode, { type: TType }>

/** Every node kind, in palette order. */
export const nodeKinds: { readonly [TType in NodeType]: NodeKind<NodeFrom<TType>> } = {
  switch: switchKind,
  schedule: scheduleKind,
  split: splitKind,
  assign: assignKind,
  attach: attachKind,
  function: functionKind,
  subroutine: subroutineKind,
  'queue-priority': queuePriorityKind,
  treatment: treatmentKind,
  wait: waitKind,
  target: targetKind,
  route: routeKind,
  end: endKind,
}

export const NODE_TYPES = Object.keys(nodeKinds) as NodeType[]

/** The kind definition of a node, typed loosely so shared code reads structural fields without switching. */
export function kindOf(node: StrategyNode): NodeKind<StrategyNode> {
  return nodeKinds[node.type] as unknown as NodeKind<StrategyNode>
}
