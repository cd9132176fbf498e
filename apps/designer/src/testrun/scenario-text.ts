// pure: a scenario as editable YAML text, and back, with errors that say where
import { formatPath, type Scenario, scenarioSchema } from '@routewright/strategy-dsl'
import { parse, stringify } from 'yaml'

export function scenarioToText(scenario: Scenario): string {
  return stringify(scenario, { lineWidth: 100, flowCollectionPadding: true })
}

export type ScenarioParse = { ok: true; scenario: Scenario } | { ok: false; errors: string[] }

/** Parses an edited scenario; errors read `expect.outcome: Invalid option ...` so the user finds the line. */
export function parseScenarioText(text: string): ScenarioParse {
  let raw: unknown
  try {
    raw = parse(text)
  } catch (error) {
    return { ok: false, errors: [`YAML: ${error instanceof Error ? error.message : String(error)}`] }
  }
  const result = scenarioSchema.safeParse(raw)
  if (result.success) return { ok: true, scenario: result.data }
  return {
    ok: false,
    errors: result.error.issues.map(
      // the DSL's path format, as in every diagnostic: expect.path[0], data["customer tier"]
      (issue) =>
        `${issue.path.length ? formatPath(issue.path.map(pathSegment)) : 'scenario'}: ${issue.message}`,
    ),
  }
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

function pathSegment(segment: PropertyKey): string | number {
  return typeof segment === 'number' ? segment : String(segment)
}
