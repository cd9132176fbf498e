// One scenario checked as a test file's is (RW460 agents, RW466 statistics ...) and routed through the loaded
// strategy: `run` of made-up inputs and `run --replay` of a record's alike.
import { printable } from '@routewright/node-support/printable'
import { formatPath, type Scenario, validateTestDocument } from '@routewright/strategy-dsl'
import { runScenario, type ScenarioResult } from '@routewright/strategy-runtime'
import { UsageError } from './args.ts'
import type { CliIo } from './command.ts'
import { displayPath } from './sources.ts'
import type { LoadedTarget } from './strategy-target.ts'
import { unknownAgentError } from './unknown-agent.ts'

/** The decision `scenario` gets from the target's strategy; a usage error for a name the directory lacks. */
export function routeScenario(scenario: Scenario, target: LoadedTarget, io: CliIo): ScenarioResult {
  // a typo would otherwise route as if it were not given
  const findings = validateTestDocument(
    { tests: target.strategy.strategy, format: 1, scenarios: [scenario] },
    { strategy: target.strategy, directory: target.directory },
  )
  for (const finding of findings) {
    // RW460 words its fix for a test file; here the agent came from --agents and the file is known
    if (finding.code === 'RW460')
      throw unknownAgentError(
        String(finding.path[3]),
        Object.keys(target.directory.agents ?? {}),
        displayPath(target.directoryPath, io.cwd),
      )
    // path: scenarios, 0, the flag's field, then where in it
    const [, , field = 'interaction', ...rest] = finding.path
    const text = `--${String(field)}${rest.length > 0 ? ` at ${formatPath(rest)}` : ''}: ${finding.message}`
    if (finding.severity === 'error') throw new UsageError(text)
    io.err(`${finding.severity}: ${printable(text)}\n`)
  }
  return runScenario(scenario, target.strategy.strategy, {
    strategies: target.strategies,
    directory: target.directory,
  })
}
