// pure: a scenario as editable YAML text, and back, with errors that say where (line:col, path, what to write)
import {
  type Diagnostic,
  type DocumentSpec,
  formatPath,
  formatPlace,
  type Scenario,
  safeParseDocument,
  scenarioSchema,
} from '@routewright/strategy-dsl'
import { stringify } from 'yaml'

export function scenarioToText(scenario: Scenario): string {
  return stringify(scenario, { lineWidth: 100, flowCollectionPadding: true })
}

export type ScenarioParse = { ok: true; scenario: Scenario } | { ok: false; errors: string[] }

// the DSL's reader: the same size and alias budgets, positions and messages as a test file's scenarios
const scenarioSpec: DocumentSpec<Scenario> = { kind: 'scenario', key: 'name', schema: scenarioSchema }

/** Parses an edited scenario; errors read `2:9 expect.outcome: Expected one of ...` so the user finds the line. */
export function parseScenarioText(text: string): ScenarioParse {
  const result = safeParseDocument(scenarioSpec, text)
  if (result.success) return { ok: true, scenario: result.data }
  const errors = result.diagnostics.filter((d) => d.severity === 'error')
  return { ok: false, errors: (errors.length > 0 ? errors : result.diagnostics).map(describe) }
}

function describe(d: Diagnostic): string {
  const where = d.range ? `${formatPlace(undefined, d.range)} ` : ''
  return `${where}${d.path.length > 0 ? formatPath(d.path) : 'scenario'}: ${d.message}`
}

/** A starting point when the strategy has no test file yet. */
export function blankScenario(): Scenario {
  return {
    name: 'new scenario',
    interaction: { media: 'voice', data: {} },
    agents: {},
    expect: {},
  }
}
