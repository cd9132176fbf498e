// Test-file rules (RW460-RW471): scenarios must name agents, nodes, inputs and statistics that exist, and each
// scenario a name of its own.

import type { Diagnostic } from '../diagnostics.ts'
import type { DirectoryDocument } from '../directory.ts'
import type { StrategyDocument } from '../document.ts'
import { quoteShort } from '../parse/report.ts'
import { parseDuration } from '../schema/duration.ts'
import { lookupStatistic, STATISTICS } from '../statistics.ts'
import type { TestDocument } from '../test-file.ts'
import { Reporter, type ValidationContext } from './context.ts'
import { nameHint } from './did-you-mean.ts'
import { brokenStrategyMessage, untestedStrategyMessage } from './strategy-messages.ts'

export interface TestValidationContext
  extends Pick<ValidationContext, 'file' | 'locator' | 'directory' | 'strategies' | 'strategiesFrom'> {
  /** The strategy under test, when the caller resolved it already (else looked up in `strategies`). */
  strategy?: StrategyDocument
  /** Files of strategies that did not parse, by the id they declare: RW464 says the strategy has errors, not that it
   * is missing (a newcomer renamed files to fix a parse error). */
  brokenStrategies?: ReadonlyMap<string, string>
}

/**
 * RW471: a scenario named like one above it. Both ran, and `--filter`, JUnit reports and the designer's per-test
 * results (all keyed by name) could not tell them apart.
 */
function duplicateScenario(
  name: string,
  first: number,
  index: number,
  path: (string | number)[],
  taken: ReadonlySet<string>,
): Diagnostic {
  // a suggestion no scenario of the file has yet
  let n = 2
  while (taken.has(`${name} (${n})`)) n++
  // the name is cut, never the suffix: a long name's " (2)" is the part that makes the suggestion new
  const suffix = ` (${n})`
  const suggestion = `${quoteShort(name, 44 - suffix.length).slice(0, -1)}${suffix}"`
  return {
    code: 'RW471',
    severity: 'error',
    message:
      `Scenario ${index + 1} has the name ${quoteShort(name)} of scenario ${first + 1}: --filter, JUnit reports and ` +
      `the designer's test results cannot tell them apart. Give it a name of its own, e.g. ${suggestion}.`,
    path,
  }
}

const SUBJECT_RE = /^(agent|group|queue):([A-Za-z][A-Za-z0-9_-]{0,63})$/
const STAT_NAMES = STATISTICS.map((s) => s.name)

/** Checks a test file against the directory and the strategy under test, when given. */
export function validateTestDocument(tests: TestDocument, ctx: TestValidationContext = {}): Diagnostic[] {
  const reporter = new Reporter(ctx)
  const strategy = ctx.strategy ?? ctx.strategies?.get(tests.tests)
  if (!strategy && ctx.strategies) {
    const broken = ctx.brokenStrategies?.get(tests.tests)
    const near = nameHint(tests.tests, broken === undefined ? ctx.strategies.keys() : [])
    reporter.report({
      code: 'RW464',
      severity: 'error',
      message:
        broken === undefined
          ? untestedStrategyMessage(tests.tests, ctx.strategiesFrom, near.hint)
          : brokenStrategyMessage(tests.tests, broken),
      path: ['tests'],
      fix: near.fix,
    })
  }
  const agents = ctx.directory ? Object.keys(ctx.directory.agents ?? {}) : undefined
  const nodes = strategy ? Object.keys(strategy.nodes) : undefined
  const unknownAgent = (id: string, path: (string | number)[], where: string) => {
    if (!agents || agents.includes(id)) return
    const near = nameHint(id, agents, 'agents')
    reporter.report({
      code: where === 'setup' ? 'RW460' : where === 'event' ? 'RW462' : 'RW463',
      severity: 'error',
      message: `The directory has no agent ${quoteShort(id, 64)}.${near.hint} Use an agent of the directory the scenarios run against.`,
      path,
      atKey: where === 'setup',
      fix: near.fix,
    })
  }

  /** The first scenario of each name (its position): a second one is refused, --filter could not pick it. */
  const named = new Map<string, number>()
  const names = new Set(tests.scenarios.map((scenario) => scenario.name))
  tests.scenarios.forEach((scenario, s) => {
    const base = ['scenarios', s]
    const first = named.get(scenario.name)
    if (first === undefined) named.set(scenario.name, s)
    else reporter.report(duplicateScenario(scenario.name, first, s, [...base, 'name'], names))
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
          message: `Event ${e + 1} of ${quoteShort(scenario.name)} happens at ${String(event.at)}, before the event above it; list events in time order.`,
          path: [...base, 'events', e, 'at'],
        })
      }
      if (at !== undefined) previousAt = Math.max(previousAt, at)
    })
    if (scenario.stats) checkStats(reporter, scenario.stats, [...base, 'stats'], ctx.directory)
    const declared = ctx.directory ? Object.keys(ctx.directory.functions ?? {}) : undefined
    for (const name of Object.keys(scenario.functions ?? {})) {
      if (!declared || declared.includes(name)) continue
      const near = nameHint(name, declared)
      reporter.report({
        code: 'RW470',
        severity: 'warning',
        message: `The directory declares no function ${quoteShort(name, 64)}, so no node can call it and this stub is never used.${near.hint}`,
        path: [...base, 'functions', name],
        atKey: true,
        fix: near.fix,
      })
    }
    if (scenario.expect.agent !== undefined)
      unknownAgent(scenario.expect.agent, [...base, 'expect', 'agent'], 'expect')
    if (nodes) {
      scenario.expect.path?.forEach((id, i) => {
        if (nodes.includes(id)) return
        const near = nameHint(id, nodes)
        reporter.report({
          code: 'RW461',
          severity: 'error',
          message: `The expected path names node ${quoteShort(id, 64)}, which strategy ${quoteShort(tests.tests, 64)} does not have.${near.hint}`,
          path: [...base, 'expect', 'path', i],
          fix: near.fix,
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
    const near = nameHint(key, names)
    reporter.report({
      code,
      severity: what === 'input' ? 'warning' : 'error',
      message: `The strategy declares no ${what} ${quoteShort(key, 64)}.${near.hint}${what === 'input' ? ' The strategy cannot read it.' : ''}`,
      path: [...path, key],
      atKey: true,
      fix: near.fix,
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
        message: `${quoteShort(subject, 64)} is not a statistic subject; write "group:<name>", "queue:<name>" or "agent:<id>".`,
        path: [...path, subject],
        atKey: true,
      })
      continue
    }
    const [, kind = '', name = ''] = match
    const table = directory?.[kind === 'agent' ? 'agents' : kind === 'group' ? 'groups' : 'queues']
    if (directory && !Object.hasOwn(table ?? {}, name)) {
      const near = nameHint(name, Object.keys(table ?? {}), `${kind}s`)
      reporter.report({
        code: 'RW466',
        severity: 'error',
        message: `The directory has no ${kind} ${quoteShort(name, 64)}.${near.hint}`,
        path: [...path, subject],
        atKey: true,
        fix: near.fix,
      })
    }
    for (const statistic of Object.keys(values)) {
      if (lookupStatistic(statistic)) continue
      const near = nameHint(statistic, STAT_NAMES)
      reporter.report({
        code: 'RW467',
        severity: 'error',
        message: `Unknown statistic ${quoteShort(statistic, 64)}.${near.hint}`,
        path: [...path, subject, statistic],
        atKey: true,
        fix: near.fix,
      })
    }
  }
}
