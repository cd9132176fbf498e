// pure: the alarm rules that watch a group or queue no strategy targets. The monitor counts a target as a strategy
// names it (`group:support_en`, `queue:billing`), so such a rule never fires, and nothing else would say why.
import { type DirectoryDocument, type StrategyDocument, strategyUses } from '@routewright/strategy-dsl'
import type { AlarmsDocument } from './alarm-schema.ts'

/** The uses of a group or queue that put it in a target list (a CEL read of its statistics does not). */
const TARGET_USES: ReadonlySet<string> = new Set(['target', 'escalation adds', 'escalation targets'])

/** Every `group:<id>` and `queue:<id>` a strategy's target node or escalation names. */
export function routedTargets(
  strategies: ReadonlyMap<string, StrategyDocument>,
  directory?: DirectoryDocument,
): Set<string> {
  const routed = new Set<string>()
  for (const [file, document] of strategies)
    for (const use of strategyUses({ file, document }, directory))
      if ((use.kind === 'group' || use.kind === 'queue') && TARGET_USES.has(use.use))
        routed.add(`${use.kind}:${use.name}`)
  return routed
}

/** The rules (id and queue) whose `group:` or `queue:` no strategy targets; `*`, skills and agents are left alone. */
export function unroutedAlarmRules(
  document: AlarmsDocument | undefined,
  strategies: ReadonlyMap<string, StrategyDocument>,
  directory?: DirectoryDocument,
): { rule: string; queue: string }[] {
  const rules = Object.entries(document?.rules ?? {}).flatMap(([rule, r]) =>
    r.queue !== undefined && /^(group|queue):/.test(r.queue) ? [{ rule, queue: r.queue }] : [],
  )
  if (rules.length === 0) return []
  const routed = routedTargets(strategies, directory)
  return rules.filter((r) => !routed.has(r.queue))
}
