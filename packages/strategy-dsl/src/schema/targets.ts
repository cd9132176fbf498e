import { z } from 'zod'
import { expressionSchema, idSchema } from './primitives.ts'

/**
 * One routing target, named logically; the directory resolves it per environment.
 * - `agent`: one agent; `group`: an agent group; `queue`: a queue's groups;
 * - `skill`: a CEL expression over each agent's `skills` (levels) and `groups`.
 * @example { skill: "skills.vip >= 5 && skills.english >= 3" }
 */
export const targetSpecSchema = z.union([
  z.object({ agent: idSchema }).strict(),
  z.object({ group: idSchema }).strict(),
  z.object({ queue: idSchema }).strict(),
  z.object({ skill: expressionSchema }).strict(),
])
export type TargetSpec = z.infer<typeof targetSpecSchema>
export type TargetKind = 'agent' | 'group' | 'queue' | 'skill'

/** Which of the target spec's keys it uses. */
export function targetKindOf(target: TargetSpec): TargetKind {
  if ('agent' in target) return 'agent'
  if ('group' in target) return 'group'
  if ('queue' in target) return 'queue'
  return 'skill'
}

/** The logical name or expression a target names. */
export function targetNameOf(target: TargetSpec): string {
  if ('agent' in target) return target.agent
  if ('group' in target) return target.group
  if ('queue' in target) return target.queue
  return target.skill
}

/**
 * How to choose among ready candidates.
 * - `longest-idle`: max time in ready state (the usual default);
 * - `least-occupied`: min occupancy;
 * - `random` (seeded), `round-robin`;
 * - `{ min: Statistic }` / `{ max: Statistic }`: any agent statistic.
 * @example pick: { min: Occupancy }
 */
export const pickRuleSchema = z.union([
  z.enum(['longest-idle', 'least-occupied', 'random', 'round-robin']),
  z.object({ min: z.string().min(1) }).strict(),
  z.object({ max: z.string().min(1) }).strict(),
])
export type PickRule = z.infer<typeof pickRuleSchema>
export type PickRuleName = Extract<PickRule, string>

/** What each named pick rule does, in a sentence: hovers and help show it. */
export const PICK_RULE_DESCRIPTIONS: Readonly<Record<PickRuleName, string>> = {
  'longest-idle': 'The agent who has been ready longest answers (the usual default).',
  'least-occupied': 'The agent with the lowest occupancy answers.',
  random: 'An agent chosen at random (seeded, so runs repeat).',
  'round-robin': 'The agents take turns, in order.',
}

export { idSchema }
