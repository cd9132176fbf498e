// pure: an agent's capacity rule and the media it opens, the one derivation the router and every statistics back
// end read (its own `capacity`, its directory's named `capacityRule`, else one voice call).
import {
  type CapacityHolder,
  type CapacityRule,
  capacityMedia,
  capacityRuleOf,
  type DirectoryDocument,
} from '@routewright/strategy-dsl'

/** An agent's capacity rule and the media an idle agent under it can take (sorted). */
export interface AgentCapacity {
  rule: CapacityRule
  media: readonly string[]
}

/**
 * The media of each shared capacity rule (the default one, a directory's named ones), one list per rule: agents
 * without a capacity of their own share it, so re-listing an agent reads a list that stays in the cache. Not frozen
 * (nothing writes it): V8 iterates a frozen array through its generic iterator, two objects per step.
 */
const mediaByRule = new WeakMap<CapacityRule, AgentCapacity>()

/** The capacity rule of an agent definition (none: one voice call) and the media it opens. */
export function capacityOf(
  def: CapacityHolder | undefined,
  directory: Pick<DirectoryDocument, 'capacityRules'> | undefined,
): AgentCapacity {
  const rule = capacityRuleOf(def ?? {}, directory?.capacityRules)
  // an agent's own capacity makes a rule of its own: its list is its own too (no entry per agent here)
  if (def?.capacity !== undefined) return { rule, media: capacityMedia(rule) }
  let shared = mediaByRule.get(rule)
  if (shared === undefined) {
    shared = { rule, media: capacityMedia(rule) }
    mediaByRule.set(rule, shared)
  }
  return shared
}
