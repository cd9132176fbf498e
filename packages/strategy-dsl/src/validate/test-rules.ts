// Test-file rules (RW460-RW470): scenarios must name agents, nodes, inputs and statistics that exist.

import type { Diagnostic } from '../diagnostics.ts'
import type { DirectoryDocument } from '../directory.ts'
import type { StrategyDocument } from '../document.ts'
import { parseDuration } from '../schema/duration.ts'
import { lookupStatistic, STATISTICS } from '../statistics.ts'
import type { TestDocument } from '../test-file.ts'
import { Reporter, type ValidationContext } from './context.ts'
import { didYouMean, didYouMeanOrList } from './did-you-mean.ts'

export interface TestValidationContext
  extends Pick<ValidationContext, 'file' | 'locator' | 'directory' | 'strategies'> {
  /** The strategy under test, when the caller resolved it already (else looked up in `strategies`). */
  strategy?: StrategyDocument
}

const SUBJECT_RE = /^(agent|group|queue):([A-Za-z][A-Za-z0-9_-]{0,63})$/
const STAT_NAMES = STATISTICS.map((s) => s.name)

/** Checks a test file against the directory and the strategy under test, when given. */
export function validateTestDocument(tests: TestDocument, ctx: TestValidationContext = {}): Diagnostic[] {
  const reporter = new Reporter(ctx)
  const strategy = ctx.strategy ?? ctx.strategies?.get(tests.tests)
  if (!strategy && ctx.strategies) {
    reporter.report({
      code: 'RW464',
      severity: 'error',
      message: `tests names strategy "${tests.tests}", which is not among the strategies given.${didYouMean(tests.tests, ctx.strategies.keys())}`,
      path: ['tests'],
    })
  }
  const agents = ctx.directory ? Object.keys(ctx.directory.agents ?? {}) : undefined
  const nodes = strategy ? Object.keys(strategy.nodes) : undefined
  const unknownAgent = (id: string, path: (string | number)[], where: string) => {
    if (!agents || agents.includes(id)) return
    reporter.report({
      code: where === 'setup' ? 'RW460' : where === 'event' ? 'RW462' : 'RW463',
      severity: 'error',
      message: `The directory has no agent "${id}".${didYouMean(id, agents)} Use an agent of the directory the scenarios run against.`,
      path,
      atKey: where === 'setup',
    })
  }

  tests.scenarios.forEach((scenario, s) => {
    const base = ['scenarios', s]
    for (const id of Object.keys(scenario.agents ?? {})) unknownAgent(id, [...base, 'agents', id], 'setup')
    let previousAt = -1
    scenario.events?.forEach((event, e) => {
      if (event.agent !== undefined) unknownAgent(event.agent, [...base, 'events', e, 'agent'], 'event')
      if (event.stats) checkStats(reporter, event.stats, [...base, 'events', e, 'stats'], ctx.directory)
      const at = parseDuration(event.at)
      if (at !== undefined && at < previousAt) {
        reporter.report({
          code: 'RW468',
          severity: 'warning',
          message: `Event ${e + 1} of "${scenario.name}" happens at ${String(event.at)}, before the event above it; list events in time order.`,
          path: [...base, 'events', e, 'at'],
        })
      }
      if (at !== undefined) previousAt = Math.max(previousAt, at)
    })
    if (scenario.stats) checkStats(reporter, scenario.stats, [...base, 'stats'], ctx.directory)
    const declared = ctx.directory ? Object.keys(ctx.directory.functions ?? {}) : undefined
    for (const name of Object.keys(scenario.functions ?? {})) {
      if (!declared || declared.includes(name)) continue
      reporter.report({
        code: 'RW470',
        severity: 'warning',
        message: `The directory declares no function "${name}", so no node can call it and this stub is never used.${didYouMean(name, declared)}`,
        path: [...base, 'functions', name],
        atKey: true,
      })
    }
    if (scenario.expect.agent !== undefined)
      unknownAgent(scenario.expect.agent, [...base, 'expect', 'agent'], 'expect')
    if (nodes) {
      scenario.expect.path?.forEach((id, i) => {
        if (nodes.includes(id)) return
        reporter.report({
          code: 'RW461',
          severity: 'error',
          message: `The expected path names node "${id}", which strategy "${tests.tests}" does not have.${didYouMean(id, nodes)}`,
          path: [...base, 'expect', 'path', i],
        })
      })
    }
    if (strategy) {
      checkKeys(
        reporter,
        scenario.interaction?.data,
        strategy.inputs,
        [...base, 'interaction', 'data'],
        'input',
        'RW465',
      )
      checkKeys(
        reporter,
        scenario.expect.variables,
        strategy.variables,
        [...base, 'expect', 'variables'],
        'variable',
        'RW469',
      )
    }
  })
  return reporter.diagnostics
}

function checkKeys(
  reporter: Reporter,
  given: Record<string, unknown> | undefined,
  declared: Record<string, unknown> | undefined,
  path: (string | number)[],
  what: 'input' | 'variable',
  code: string,
): void {
  const names = Object.keys(declared ?? {})
  for (const key of Object.keys(given ?? {})) {
    if (names.includes(key)) continue
    reporter.report({
      code,
      severity: what === 'input' ? 'warning' : 'error',
      message: `The strategy declares no ${what} "${key}".${didYouMean(key, names)}${what === 'input' ? ' The strategy cannot read it.' : ''}`,
      path: [...path, key],
      atKey: true,
    })
  }
}

function checkStats(
  reporter: Reporter,
  stats: Record<string, Record<string, number>>,
  path: (string | number)[],
  directory: DirectoryDocument | undefined,
): void {
  for (const [subject, values] of Object.entries(stats)) {
    const match = SUBJECT_RE.exec(subject)
    if (!match) {
      reporter.report({
        code: 'RW466',
        severity: 'error',
        message: `"${subject}" is not a statistic subject; write "group:<name>", "queue:<name>" or "agent:<id>".`,
        path: [...path, subject],
        atKey: true,
      })
      continue
    }
    const [, kind = '', name = ''] = match
    const table = directory?.[kind === 'agent' ? 'agents' : kind === 'group' ? 'groups' : 'queues']
    if (directory && !Object.hasOwn(table ?? {}, name)) {
      reporter.report({
        code: 'RW466',
        severity: 'error',
        message: `The directory has no ${kind} "${name}".${didYouMeanOrList(name, Object.keys(table ?? {}), `${kind}s`)}`,
        path: [...path, subject],
        atKey: true,
      })
    }
    for (const statistic of Object.keys(values)) {
      if (lookupStatistic(statistic)) continue
      reporter.report({
        code: 'RW467',
        severity: 'error',
        message: `Unknown statistic "${statistic}".${didYouMean(statistic, STAT_NAMES)}`,
        path: [...path, subject, statistic],
        atKey: true,
      })
    }
  }
}
