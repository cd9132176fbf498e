// pure: why a scenario failed, line by line, as `routewright test` prints it and the editor's test runs show it.
import { expectedActualLines, type LineStyle, PLAIN_LINES } from '@routewright/strategy-dsl'
import { resultSummary } from './result-summary.ts'
import type { ScenarioReport } from './scenario.ts'

/** A terminal's colours, and `text` to make file text safe to print (the CLI's `printable`); plain by default. */
export interface FailureLineStyle extends LineStyle {
  text?: (text: string) => string
}

/**
 * Each failed expectation's message, then, for a list or a record, expected vs actual line by line (`-` expected,
 * `+` actual, indented two spaces), and last the one line saying how the scenario ended (`resultSummary`).
 * @example
 * failureLines(report) // ['path: expected a → b, got a → c (differs at step 2)', '  - expected + actual', '    a', '  - b', '  + c', 'outcome ...']
 */
export function failureLines(scenario: ScenarioReport, style: FailureLineStyle = PLAIN_LINES): string[] {
  const text = style.text ?? ((t: string) => t)
  const out: string[] = []
  for (const failure of scenario.failures) {
    out.push(text(failure.message))
    // scalars are already in the message; lists and records read better line by line
    if (typeof failure.expected === 'object' && failure.expected !== null) {
      for (const line of expectedActualLines(failure.expected, failure.actual, style)) out.push(`  ${line}`)
    }
  }
  out.push(style.dim(text(resultSummary(scenario.result))))
  return out
}
