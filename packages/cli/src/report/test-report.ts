// Test results for people (✓/✗ with diffs), for tools (JSON) and for CI test reports (JUnit XML).

import { printable, printableName, printableTitle } from '@routewright/node-support/printable'
import { type Diagnostic, formatPlace, type Position } from '@routewright/strategy-dsl'
import { escapeInvisible } from '@routewright/strategy-dsl/control-characters'
import { failureLines, type TestReport } from '@routewright/strategy-runtime'
import { jsonOutput } from '../json-output.ts'
import { placeOf } from './place.ts'
import type { Style } from './style.ts'

type ScenarioReport = TestReport['scenarios'][number]

/** One test file: its scenarios, or the problem that kept it from running. */
export interface TestFileResult {
  file: string
  strategy?: string
  text?: string
  /** What kept it from running; `of: 'strategy'` when the file is a strategy named alone that does not parse. */
  problem?: { why: string; diagnostics: Diagnostic[]; of?: 'strategy' }
  scenarios: ScenarioReport[]
  /** Where each scenario of `scenarios` is written, so a failure says where to look. */
  at?: Array<Position | undefined>
  /** validate's warnings about the test file and its strategy: shown when a scenario failed, they may say why. */
  warnings?: Diagnostic[]
}

/** The most warnings shown above a file's failures: the rest are validate's to list. */
const MAX_WARNINGS = 10

function totals(results: readonly TestFileResult[]) {
  let passed = 0
  let failed = 0
  let broken = 0
  for (const r of results) {
    if (r.problem) broken++
    for (const s of r.scenarios) {
      if (s.passed) passed++
      else failed++
    }
  }
  return { passed, failed, broken }
}

export function testPretty(
  results: readonly TestFileResult[],
  style: Style,
  quote: (text: string, d: Diagnostic) => string[],
): string {
  const out: string[] = []
  for (const r of results) {
    const file = printableName(r.file)
    if (r.problem) {
      out.push(`${style.bold(file)}`, `  ${style.red('✗')} ${printable(r.problem.why)}`)
      for (const d of r.problem.diagnostics) {
        out.push(
          `    ${placeOf(d.file ?? r.file, d.range)}  ${d.severity}  ${d.code}  ${printable(d.message)}`,
        )
        if ((d.file === undefined || d.file === r.file) && r.text !== undefined) {
          for (const line of quote(r.text, d)) out.push(`    ${line}`)
        }
      }
      out.push('')
      continue
    }
    out.push(`${style.bold(file)} ${style.dim(`› ${r.strategy}`)}`)
    const warnings = r.warnings ?? []
    if (warnings.length > 0 && r.scenarios.some((s) => !s.passed)) {
      out.push(`  ${style.yellow('!')} validate warns (a failure below may come from it):`)
      for (const d of warnings.slice(0, MAX_WARNINGS))
        out.push(
          `      ${placeOf(d.file ?? r.file, d.range)}  ${d.severity}  ${d.code}  ${printable(d.message)}`,
        )
      if (warnings.length > MAX_WARNINGS)
        out.push(`      … and ${warnings.length - MAX_WARNINGS} more: run routewright validate to see them`)
    }
    r.scenarios.forEach((scenario, i) => {
      if (scenario.passed) {
        out.push(`  ${style.green('✓')} ${printableTitle(scenario.name)}`)
        return
      }
      out.push(`  ${style.red('✗')} ${printableTitle(scenario.name)}`)
      const at = r.at?.[i]
      if (at !== undefined) out.push(`      ${style.dim(`at ${placeOf(r.file, at)}`)}`)
      for (const line of failureLines(scenario, { ...style, text: printable })) out.push(`      ${line}`)
    })
    out.push('')
  }
  const { passed, failed, broken } = totals(results)
  // a strategy that does not parse is no test file: said as what it is (it read "1 test file could not run")
  const brokenStrategies = results.filter((r) => r.problem?.of === 'strategy').length
  const brokenFiles = broken - brokenStrategies
  const parts = [`${passed} passed`, `${failed} failed`]
  if (brokenFiles > 0) parts.push(`${brokenFiles} test file${brokenFiles === 1 ? '' : 's'} could not run`)
  if (brokenStrategies > 0)
    parts.push(
      brokenStrategies === 1
        ? '1 strategy does not parse (its tests did not run)'
        : `${brokenStrategies} strategies do not parse (their tests did not run)`,
    )
  const line = parts.join(', ')
  out.push(failed + broken > 0 ? style.red(line) : style.green(line))
  return `${out.join('\n')}\n`
}

/** `{ files: [{ file, strategy, scenarios: [{ name, passed, failures, outcome, path }] }], summary }` */
export function testJson(results: readonly TestFileResult[]): string {
  const body = {
    files: results.map((r) => ({
      file: r.file,
      strategy: r.strategy ?? null,
      ...(r.problem ? { error: r.problem.why, diagnostics: r.problem.diagnostics } : {}),
      scenarios: r.scenarios.map((s) => ({
        name: s.name,
        passed: s.passed,
        failures: s.failures.map((f) => ({ message: f.message, expected: f.expected, actual: f.actual })),
        outcome: s.result.outcome,
        ...(s.result.agent ? { agent: s.result.agent } : {}),
        path: s.result.path,
      })),
    })),
    summary: totals(results),
  }
  return jsonOutput(body)
}

/**
 * A character reference (`&#x202E;`), the same text to an XML reader: for what XML holds but a terminal or CI log acts
 * on or hides (escapeInvisible's rule: DEL, C1 such as CSI U+009B, bidi and other format characters, line and
 * paragraph separators).
 */
function reference(code: number): string {
  return `&#x${code.toString(16).toUpperCase()};`
}

function xml(text: string): string {
  // characters XML 1.0 cannot hold at all are dropped; the five specials are escaped
  const escaped = text
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing what XML cannot carry is the point
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
  return escapeInvisible(escaped, reference)
}

/** JUnit XML: a testsuite per test file, a testcase per scenario; a file that cannot run is one errored case. */
export function testJunit(results: readonly TestFileResult[]): string {
  const { passed, failed, broken } = totals(results)
  const plain: Style = { red: id, yellow: id, green: id, cyan: id, dim: id, bold: id }
  const suites = results.map((r) => {
    const name = xml(r.file)
    if (r.problem) {
      const detail = r.problem.diagnostics
        // each finding at its own file (a strategy's, when a test file's strategy does not parse), as pretty says
        .map((d) => `${formatPlace(d.file ?? r.file, d.range)} ${d.code} ${d.message}`)
        .join('\n')
      return [
        `  <testsuite name="${name}" tests="1" failures="0" errors="1" skipped="0">`,
        `    <testcase classname="${name}" name="(load)" file="${name}">`,
        `      <error message="${xml(r.problem.why)}">${xml(detail)}</error>`,
        '    </testcase>',
        '  </testsuite>',
      ].join('\n')
    }
    const failures = r.scenarios.filter((s) => !s.passed).length
    const cases = r.scenarios.map((s) => {
      const open = `    <testcase classname="${xml(r.strategy ?? r.file)}" name="${xml(s.name)}" file="${name}"`
      if (s.passed) return `${open}/>`
      const message = s.failures[0]?.message ?? 'failed'
      return [
        `${open}>`,
        `      <failure message="${xml(message)}" type="expectation">${xml(failureLines(s, { text: printable, ...plain }).join('\n'))}</failure>`,
        '    </testcase>',
      ].join('\n')
    })
    return [
      `  <testsuite name="${name}" tests="${r.scenarios.length}" failures="${failures}" errors="0" skipped="0">`,
      ...cases,
      '  </testsuite>',
    ].join('\n')
  })
  const total = passed + failed + broken
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="routewright" tests="${total}" failures="${failed}" errors="${broken}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n')
}

function id(text: string): string {
  return text
}
