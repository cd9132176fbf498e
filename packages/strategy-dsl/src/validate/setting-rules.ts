// Setting rules (RW120-RW126): weights, calendars, durations and escalation timing.

import type { Path } from '../nodes/kind.ts'
import type { TargetNode } from '../nodes/target.ts'
import { parseDuration } from '../schema/duration.ts'
import { lookupStatistic, STATISTICS } from '../statistics.ts'
import { checkCalendar } from './calendar-rules.ts'
import { nodePath, type RuleContext } from './context.ts'
import { nameHint } from './did-you-mean.ts'
import type { StrategyGraph } from './graph.ts'

const DAY_MS = 24 * 3_600_000
/** Duration fields where zero makes no sense (a wait of nothing, a timeout that fires at once). */
const NON_ZERO_KEYS = new Set(['for', 'wait', 'timeout'])
const DURATION_KEYS = new Set(['for', 'wait', 'timeout', 'after', 'silence', 'ringback', 'duration'])
const CALENDAR_CODES = { timezone: 'RW121', hours: 'RW122', holiday: 'RW126' } as const

export function checkSettings(rc: RuleContext, graph: StrategyGraph): void {
  graph.ids.forEach((id, i) => {
    const node = graph.nodes[i]
    if (!node) return
    checkDurations(rc, id, node, [])
    if (node.type === 'split') {
      const total = node.branches.reduce((sum, b) => sum + b.weight, 0)
      if (Math.abs(total - 100) > 1e-9) {
        rc.reporter.report({
          code: 'RW120',
          severity: 'error',
          message: `The weights of split "${id}" add up to ${total}, not 100: adjust them so the percentages add up to 100.`,
          path: nodePath(id, 'branches'),
          node: id,
        })
      }
    } else if (node.type === 'schedule' && typeof node.calendar !== 'string') {
      for (const finding of checkCalendar(node.calendar, nodePath(id, 'calendar'))) {
        rc.reporter.report({ ...finding, code: CALENDAR_CODES[finding.code], node: id })
      }
    } else if (node.type === 'treatment' && node.collect) {
      const { min, max } = node.collect
      if (min !== undefined && max !== undefined && min > max) {
        rc.reporter.report({
          code: 'RW127',
          severity: 'error',
          message: `Node "${id}" collects at least ${min} but at most ${max} digits: make min no larger than max.`,
          path: nodePath(id, 'collect', 'min'),
          node: id,
        })
      }
    } else if (node.type === 'target') {
      checkEscalation(rc, id, node)
      checkPick(rc, id, node)
    }
  })
}

/** Walks a node's fields for durations: none over a day, none zero where zero means nothing. */
function checkDurations(rc: RuleContext, id: string, value: unknown, path: Path): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      checkDurations(rc, id, item, [...path, i])
    })
    return
  }
  if (typeof value !== 'object' || value === null) return
  for (const [key, field] of Object.entries(value)) {
    if (DURATION_KEYS.has(key) && (typeof field === 'string' || typeof field === 'number')) {
      const ms = parseDuration(field)
      if (ms === undefined) continue // the schema reports the format
      if (ms > DAY_MS) {
        rc.reporter.report({
          code: 'RW123',
          severity: 'error',
          message: `${key}: ${field} is longer than a day; strategies wait seconds or minutes. Write a shorter duration such as "30s" or "5m".`,
          path: nodePath(id, ...path, key),
          node: id,
        })
      } else if (ms === 0 && NON_ZERO_KEYS.has(key)) {
        rc.reporter.report({
          code: 'RW123',
          severity: 'error',
          message: `${key}: ${field} is zero, so it ends at once; give a positive duration${key === 'wait' ? ', or remove wait to wait without limit' : ''}.`,
          path: nodePath(id, ...path, key),
          node: id,
        })
      }
    } else if (key !== 'next' && typeof field === 'object') {
      checkDurations(rc, id, field, [...path, key])
    }
  }
}

function checkEscalation(rc: RuleContext, id: string, node: TargetNode): void {
  const wait = node.wait === undefined ? undefined : parseDuration(node.wait)
  let previous = -1
  node.escalate?.forEach((step, i) => {
    const after = parseDuration(step.after)
    if (after === undefined) return
    const path = nodePath(id, 'escalate', i, 'after')
    if (after <= previous) {
      rc.reporter.report({
        code: 'RW124',
        severity: 'error',
        message: `Escalation step ${i + 1} of "${id}" runs after ${String(step.after)}, not later than the step before it: order the steps by increasing after.`,
        path,
        node: id,
      })
    }
    if (wait !== undefined && after >= wait) {
      rc.reporter.report({
        code: 'RW125',
        severity: 'error',
        message: `Escalation step ${i + 1} of "${id}" runs after ${String(step.after)}, but the node stops waiting at ${String(node.wait)}: make it earlier or the wait longer.`,
        path,
        node: id,
      })
    }
    previous = Math.max(previous, after)
  })
}

const AGENT_STATISTICS = STATISTICS.filter((s) => s.subjects.includes('agent')).map((s) => s.name)

function checkPick(rc: RuleContext, id: string, node: TargetNode): void {
  const pick = node.pick
  if (pick === undefined || typeof pick === 'string') return
  const key = 'min' in pick ? 'min' : 'max'
  const name = 'min' in pick ? pick.min : pick.max
  const found = lookupStatistic(name)
  if (found?.info.subjects.includes('agent')) return
  // a known statistic not kept per agent is not a misspelling: no name is offered for it
  const near = found ? undefined : nameHint(name, AGENT_STATISTICS)
  rc.reporter.report({
    code: 'RW206',
    severity: 'error',
    message: found
      ? `${found.info.name} is not kept per agent, so it cannot rank candidates; pick by one of ${AGENT_STATISTICS.join(', ')}.`
      : `Unknown statistic "${name}".${near?.hint ?? ''} Agents can be ranked by ${AGENT_STATISTICS.join(', ')}.`,
    path: nodePath(id, 'pick', key),
    node: id,
    fix: near?.fix,
  })
}
