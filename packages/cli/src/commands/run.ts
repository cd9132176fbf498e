import { formatDuration, formatNodePath, showWritten } from '@routewright/strategy-dsl'
import { alignedCells } from '@routewright/strategy-dsl/display-width'
import type { ScenarioResult } from '@routewright/strategy-runtime'
import { UsageError } from '../args.ts'
import { type CommandRunner, EXIT } from '../command.ts'
import { jsonOutput } from '../json-output.ts'
import { createStyle, type Style } from '../report/style.ts'
import { routeScenario } from '../route-scenario.ts'
import { readScenarioFlags } from '../scenario-flags.ts'
import { loadStrategyTarget, strategyArgument } from '../strategy-target.ts'

/** What `routewright run` does, loaded only when it runs; its flags and help are in specs/run.ts. */
export const runRunner: CommandRunner = {
  async run({ flags, positionals }, io) {
    const file = strategyArgument(
      positionals,
      'run',
      "routewright run flows/vip.strategy.yaml --interaction '{}'",
    )
    const directoryFlag = typeof flags.directory === 'string' ? flags.directory : undefined
    if (typeof flags.replay === 'string') {
      const { runReplay } = await import('./run-replay.ts')
      return runReplay(file, flags.replay, directoryFlag, flags, io)
    }
    if (flags.check === true)
      throw new UsageError(
        '--check is used with --replay: it fails the run when the replayed decision differs from the recorded one',
        'Add --replay <record>, or leave out --check',
      )
    if (typeof flags.interaction !== 'string') {
      throw new UsageError(
        '--interaction is required',
        'Give the interaction as JSON or @file.json, e.g. --interaction \'{"media":"voice"}\', or replay a recorded one with --replay <file>',
      )
    }
    const scenario = await readScenarioFlags(flags, ['interaction', 'agents', 'stats', 'functions'], 'at', io)
    const target = await loadStrategyTarget('run', file, directoryFlag, io)
    if (!target) return EXIT.findings
    const style = createStyle(io.color)
    const result = routeScenario(scenario, target, io)
    if (flags.format === 'json') io.out(jsonOutput(result))
    else io.out(describeResult(target.strategy.strategy, result, style))
    return result.outcome === 'error' ? EXIT.findings : EXIT.ok
  },
}

/** The decision, the path that led to it and the explanation of the selection, for people. */
export function describeResult(strategy: string, result: ScenarioResult, style: Style): string {
  const out: string[] = []
  const parts = [style.bold(String(result.outcome))]
  if (result.agent)
    parts.push(`→ agent ${style.bold(result.agent)}${result.target ? ` via ${result.target}` : ''}`)
  else if (result.destination) parts.push(`→ ${style.bold(result.destination)}`)
  if (result.at !== undefined) parts.push(`at +${formatDuration(result.at)}`)
  if (result.priority !== undefined && result.priority !== 0) parts.push(`priority ${result.priority}`)
  out.push(`${style.bold(strategy)}: ${parts.join(' ')}`)
  if (result.reason && !result.agent) out.push(`reason      ${result.reason}`)
  out.push(`path        ${formatNodePath(result.path)}`)
  if (result.treatments.length > 0)
    out.push(`treatments  ${formatNodePath(result.treatments, { arrow: '; ' })}`)
  if (Object.keys(result.data ?? {}).length > 0) out.push(`data        ${showWritten(result.data)}`)
  if (Object.keys(result.variables ?? {}).length > 0) out.push(`variables   ${showWritten(result.variables)}`)
  if (result.values && Object.keys(result.values).length > 0)
    out.push(`returned    ${showWritten(result.values)}`)
  const explanation = result.explanation
  if (explanation) {
    out.push(
      '',
      `${style.bold('Why')} (node ${explanation.node}, rule ${explanation.rule}): ${explanation.reason}`,
    )
    const statNames = [...new Set(explanation.candidates.flatMap((c) => Object.keys(c.values)))]
    const header = ['rank', 'agent', 'target', ...statNames, 'excluded']
    const rows = explanation.candidates
      .slice()
      .sort((a, b) => (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER))
      .map((c) => [
        c.rank === undefined ? '-' : String(c.rank),
        c.agent === explanation.winner ? `${c.agent} ★` : c.agent,
        c.target,
        ...statNames.map((name) => formatValue(c.values[name])),
        c.excluded ?? '',
      ])
    out.push(...table(header, rows).map((line, i) => (i === 0 ? style.dim(line) : line)))
  }
  return `${out.join('\n')}\n`
}

function formatValue(value: number | undefined): string {
  if (value === undefined) return ''
  return Number.isInteger(value) ? String(value) : value.toFixed(2)
}

function table(header: string[], rows: string[][]): string[] {
  return alignedCells([header, ...rows]).map((cells) => `  ${cells.join('  ')}`.trimEnd())
}
