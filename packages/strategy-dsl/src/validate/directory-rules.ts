// Directory rules (RW449-RW459): names that agents and queues refer to, calendars, skills and capacities.

import { capacityMedia, capacityRuleOf } from '../capacity.ts'
import type { Diagnostic } from '../diagnostics.ts'
import type { DirectoryDocument } from '../directory.ts'
import { checkCalendar } from './calendar-rules.ts'
import { checkCapacityRules } from './capacity-rules.ts'
import { Reporter, type ValidationContext } from './context.ts'
import { nameHint } from './did-you-mean.ts'

const CALENDAR_CODES = { timezone: 'RW452', hours: 'RW453', holiday: 'RW454' } as const

/** Checks a directory the schema accepted. */
export function validateDirectory(
  directory: DirectoryDocument,
  ctx: Pick<ValidationContext, 'file' | 'locator'> = {},
): Diagnostic[] {
  const reporter = new Reporter(ctx)
  const groups = Object.keys(directory.groups ?? {})
  const groupSet = new Set(groups)
  const members = new Map<string, number>()

  for (const [id, agent] of Object.entries(directory.agents ?? {})) {
    agent.groups?.forEach((group, i) => {
      members.set(group, (members.get(group) ?? 0) + 1)
      if (!groupSet.has(group)) {
        const near = nameHint(group, groups)
        reporter.report({
          code: 'RW450',
          severity: 'error',
          message: `Agent "${id}" is in group "${group}", which the directory does not declare.${near.hint} Add it under groups.`,
          path: ['agents', id, 'groups', i],
          fix: near.fix,
        })
      }
    })
    if (directory.skills) {
      for (const skill of Object.keys(agent.skills ?? {})) {
        if (Object.hasOwn(directory.skills, skill)) continue
        const near = nameHint(skill, Object.keys(directory.skills))
        reporter.report({
          code: 'RW455',
          severity: 'warning',
          message: `Agent "${id}" has skill "${skill}", which is not declared under skills.${near.hint} Declare it so skill expressions can be checked.`,
          path: ['agents', id, 'skills', skill],
          atKey: true,
          fix: near.fix,
        })
      }
    }
    const named = agent.capacityRule === undefined ? undefined : directory.capacityRules?.[agent.capacityRule]
    // a named rule that allows nothing by itself is RW459; an unknown one RW458
    const ruleAllows = named === undefined || capacityMedia(named).length > 0
    if (
      (agent.capacity || named) &&
      ruleAllows &&
      capacityMedia(capacityRuleOf(agent, directory.capacityRules)).length === 0
    ) {
      reporter.report({
        code: 'RW457',
        severity: 'warning',
        message: named
          ? `Agent "${id}" has no capacity for any media: its capacity leaves nothing that capacity rule "${agent.capacityRule}" allows, so it can never be routed to. Remove capacity or make it agree with the rule.`
          : `Agent "${id}" has no capacity for any media, so it can never be routed to: give it a capacity such as { voice: 1 }.`,
        path: ['agents', id, agent.capacity ? 'capacity' : 'capacityRule'],
      })
    }
  }

  for (const [id, queue] of Object.entries(directory.queues ?? {})) {
    queue.groups.forEach((group, i) => {
      if (groupSet.has(group)) return
      const near = nameHint(group, groups)
      reporter.report({
        code: 'RW451',
        severity: 'error',
        message: `Queue "${id}" is served by group "${group}", which the directory does not declare.${near.hint}`,
        path: ['queues', id, 'groups', i],
        fix: near.fix,
      })
    })
  }

  if (directory.agents) {
    for (const group of groups) {
      if (members.has(group)) continue
      reporter.report({
        code: 'RW456',
        severity: 'info',
        message: `Group "${group}" has no agents; targets naming it will never find a candidate.`,
        path: ['groups', group],
        atKey: true,
      })
    }
  }

  checkCapacityRules(directory, reporter)

  for (const [id, calendar] of Object.entries(directory.calendars ?? {})) {
    for (const finding of checkCalendar(calendar, ['calendars', id])) {
      reporter.report({ ...finding, code: CALENDAR_CODES[finding.code] })
    }
  }
  return reporter.diagnostics
}
