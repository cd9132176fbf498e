// A skill target's expression as a test of one agent, the one way it is judged: by target selection (its pool's
// members) and by a simulation's traffic check (RW493: no logged-in agent meets it).
import type { ExpressionHooks, ExpressionValues, RuntimeExpression } from '../engine/expressions.ts'
import type { SkillMatcher } from './agents.ts'

/**
 * The test of `expr` on an agent's directory values. A skill expression reads the agent alone: the interaction's
 * fields are empty, `stat()` throws (callers count a throw as no match), `inHours` is false, `now` as given.
 */
export function skillMatcher(expr: RuntimeExpression, now: () => number): SkillMatcher {
  const base: ExpressionValues = {
    data: {},
    variables: {},
    interaction: { ani: '', dnis: '', media: '', priority: 0, waited: 0 },
  }
  const hooks: ExpressionHooks = {
    stat: () => {
      throw new Error('stat() is not available in skill expressions')
    },
    inHours: () => false,
    now,
  }
  return (agent) => expr.evaluate({ ...base, agent }, hooks) === true
}
