// Capacity rules of a directory (RW449, RW458, RW459): rules that allow nothing, limits that contradict a
// combination, agents naming a rule that does not exist.
import { type CapacityRule, capacityMedia } from '../capacity.ts'
import type { DirectoryDocument } from '../directory.ts'
import type { Reporter } from './context.ts'
import { nameHint } from './did-you-mean.ts'

export function checkCapacityRules(directory: DirectoryDocument, reporter: Reporter): void {
  const rules = directory.capacityRules ?? {}
  const names = Object.keys(rules)
  for (const [name, rule] of Object.entries(rules)) checkRule(name, rule, reporter)
  for (const [id, agent] of Object.entries(directory.agents ?? {})) {
    const ref = agent.capacityRule
    if (ref === undefined || Object.hasOwn(rules, ref)) continue
    const near = nameHint(ref, names)
    reporter.report({
      code: 'RW458',
      severity: 'error',
      message: `Agent "${id}" names capacity rule "${ref}", which the directory does not declare.${near.hint} Declare it under capacityRules${names.length === 0 ? ', e.g. capacityRules: { blended: { combinations: [{ voice: 1 }, { chat: 3 }] } }' : ''}.`,
      path: ['agents', id, 'capacityRule'],
      fix: near.fix,
    })
  }
}

function checkRule(name: string, rule: CapacityRule, reporter: Reporter): void {
  if (capacityMedia(rule).length === 0) {
    reporter.report({
      code: 'RW459',
      severity: 'error',
      message: `Capacity rule "${name}" lets an agent take no interaction at all: ${
        rule.limits && rule.combinations
          ? 'no combination allows a media its limits allow'
          : 'every count is 0'
      }. Allow at least one media, e.g. { voice: 1 }.`,
      path: ['capacityRules', name],
      atKey: true,
    })
    return
  }
  rule.combinations?.forEach((combination, i) => {
    const entries = Object.entries(combination)
    if (entries.every(([, n]) => n === 0)) {
      reporter.report({
        code: 'RW449',
        severity: 'warning',
        message: `Combination ${i + 1} of capacity rule "${name}" allows nothing, so it never matters: remove it or give a media a count above 0.`,
        path: ['capacityRules', name, 'combinations', i],
      })
      return
    }
    const limits = rule.limits
    if (!limits) return
    for (const [media, n] of entries) {
      const limit = limits[media] ?? 0
      if (n <= limit) continue
      reporter.report({
        code: 'RW449',
        severity: 'warning',
        message: `Combination ${i + 1} of capacity rule "${name}" allows ${n} ${media} but its limits allow ${limit}; the limit wins, so write ${media}: ${limit} here or raise limits.${media}.`,
        path: ['capacityRules', name, 'combinations', i, media],
      })
    }
  })
}
