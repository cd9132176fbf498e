import { z } from 'zod'
import { durationSchema, expressionSchema, nodeRefSchema } from '../schema/primitives.ts'
import {
  type PickRule,
  pickRuleSchema,
  targetKindOf,
  targetNameOf,
  targetSpecSchema,
} from '../schema/targets.ts'
import { treatmentReferences, waitingTreatmentSchema } from '../schema/treatment.ts'
import {
  type NodeExpression,
  type NodeKind,
  type NodeReference,
  namedOutputs,
  nodeBaseShape,
} from './kind.ts'

/** The range a priority written in a strategy (or set by a host at run time) stays in. */
export const PRIORITY_BOUNDS = Object.freeze({ min: -1_000_000, max: 1_000_000 })

/** A priority: a whole number, or a CEL expression giving one. Higher is served first. */
export const prioritySchema = z.union([
  z.number().int().min(PRIORITY_BOUNDS.min).max(PRIORITY_BOUNDS.max),
  expressionSchema,
])

/**
 * A step of target expansion over time, counted from when the interaction started waiting in this node.
 * @example { after: 20s, add: [{ group: general_support }], raise: 5 }
 */
export const escalationSchema = z
  .object({
    after: durationSchema,
    /** Targets added to those already tried. */
    add: z.array(targetSpecSchema).max(50).optional(),
    /** Targets that replace all current ones. */
    replace: z.array(targetSpecSchema).min(1).max(50).optional(),
    /** Set the priority to this value. */
    priority: prioritySchema.optional(),
    /** Add this to the priority. */
    raise: z.number().int().min(-1_000_000).max(1_000_000).optional(),
  })
  .strict()
  .refine(
    (s) =>
      s.add !== undefined || s.replace !== undefined || s.priority !== undefined || s.raise !== undefined,
    'An escalation step must add or replace targets, or change the priority',
  )
  .refine((s) => !(s.add && s.replace), 'Use either add or replace in one step, not both')
export type Escalation = z.infer<typeof escalationSchema>

/**
 * Target selection, the heart of routing: resolve targets to agents, keep the ready ones with capacity that pass
 * the threshold, pick by the rule and route. If nobody is ready the interaction waits in a virtual queue with its
 * priority, hearing the treatments, while escalation steps widen the targets, until routed or `wait` expires.
 * @example
 * type: target
 * targets: [{ skill: "skills.vip >= 5" }, { group: vip_team }]
 * pick: longest-idle
 * priority: 10
 * wait: 30s
 * treatments: [{ music: music/vip-hold }]
 * escalate: [{ after: 20s, add: [{ group: general_support }] }]
 * next: { timeout: general, error: fallback }
 */
export const targetNodeSchema = z
  .object({
    type: z.literal('target'),
    ...nodeBaseShape,
    targets: z.array(targetSpecSchema).min(1, 'Name at least one target').max(50),
    pick: pickRuleSchema.optional(),
    /** A condition each candidate agent must meet, e.g. `agent.occupancy < 0.85`. */
    threshold: expressionSchema.optional(),
    priority: prioritySchema.optional(),
    /** How long to wait for a target before taking the `timeout` output; without it the wait has no limit. */
    wait: durationSchema.optional(),
    treatments: z.array(waitingTreatmentSchema).max(50).optional(),
    escalate: z.array(escalationSchema).max(15).optional(),
    next: z
      .object({ timeout: nodeRefSchema.optional(), error: nodeRefSchema.optional() })
      .strict()
      .optional(),
  })
  .strict()
export type TargetNode = z.infer<typeof targetNodeSchema>

/** The pick rule written out for people: `"longest idle"`, `"min Occupancy"`. */
export function describePick(pick: PickRule | undefined): string {
  if (pick === undefined) return 'longest idle'
  if (typeof pick === 'string') return pick.replace('-', ' ')
  return 'min' in pick ? `min ${pick.min}` : `max ${pick.max}`
}

function targetExpressions(node: TargetNode): NodeExpression[] {
  const out: NodeExpression[] = []
  const skills = (targets: TargetNode['targets'], base: (string | number)[]) =>
    targets.forEach((t, i) => {
      if ('skill' in t) out.push({ path: [...base, i, 'skill'], source: t.skill, role: 'skill' })
    })
  skills(node.targets, ['targets'])
  if (node.threshold !== undefined)
    out.push({ path: ['threshold'], source: node.threshold, role: 'threshold' })
  if (typeof node.priority === 'string') out.push({ path: ['priority'], source: node.priority, role: 'int' })
  node.escalate?.forEach((step, i) => {
    if (step.add) skills(step.add, ['escalate', i, 'add'])
    if (step.replace) skills(step.replace, ['escalate', i, 'replace'])
    if (typeof step.priority === 'string')
      out.push({ path: ['escalate', i, 'priority'], source: step.priority, role: 'int' })
  })
  return out
}

/** Groups, queues and agents named as targets, and the prompts played while waiting. */
function targetReferences(node: TargetNode): NodeReference[] {
  const out: NodeReference[] = []
  const named = (targets: TargetNode['targets'], base: (string | number)[], use: string) =>
    targets.forEach((t, i) => {
      const kind = targetKindOf(t)
      if (kind !== 'skill') out.push({ kind, name: targetNameOf(t), path: [...base, i, kind], use })
    })
  named(node.targets, ['targets'], 'target')
  node.escalate?.forEach((step, i) => {
    if (step.add) named(step.add, ['escalate', i, 'add'], 'escalation adds')
    if (step.replace) named(step.replace, ['escalate', i, 'replace'], 'escalation targets')
  })
  node.treatments?.forEach((treatment, i) => {
    out.push(...treatmentReferences(treatment, ['treatments', i]))
  })
  return out
}

export const targetKind: NodeKind<TargetNode> = {
  type: 'target',
  title: 'Target',
  description: 'Select an agent from groups, skills or queues; wait in a virtual queue when nobody is ready.',
  schema: targetNodeSchema,
  waits: true,
  terminal: false,
  outputs: (node) =>
    namedOutputs(node.next, [
      { name: 'timeout', required: node.wait !== undefined },
      { name: 'error', required: false },
    ]),
  expressions: targetExpressions,
  references: targetReferences,
  summary: (node) =>
    [
      describePick(node.pick),
      node.targets.map((t) => ('skill' in t ? 'skills' : targetNameOf(t))).join(', '),
      node.wait === undefined ? undefined : String(node.wait),
    ]
      .filter((part) => part !== undefined)
      .join(' · '),
}
