// pure: renders expected/actual values of a failed expectation as lines a person can compare at a glance
// (`routewright test`'s report and the editor's test runs; moved here from the CLI so both print one way)
import { diffArrays } from 'diff'

/** Colours for the lines (a terminal's); without one, plain text. */
export interface LineStyle {
  red(text: string): string
  green(text: string): string
  dim(text: string): string
}

const plain = (text: string) => text
/** No colours: the editor's diagnostics, hovers and JUnit XML. */
export const PLAIN_LINES: LineStyle = { red: plain, green: plain, dim: plain }

/** `"routed"`, `12`, `["a", "b"]`: values written the way they are in the test file. */
export function showWritten(value: unknown): string {
  if (value === undefined) return '(nothing)'
  if (typeof value === 'string') return JSON.stringify(value)
  return JSON.stringify(value) ?? String(value)
}

/**
 * Lines comparing `expected` with `actual`: lists line up item by item (`-` missing, `+` unexpected),
 * records key by key, anything else as expected/actual.
 */
export function expectedActualLines(
  expected: unknown,
  actual: unknown,
  style: LineStyle = PLAIN_LINES,
): string[] {
  if (Array.isArray(expected) && Array.isArray(actual)) return diffLists(expected, actual, style)
  if (isRecord(expected) && isRecord(actual)) return diffRecords(expected, actual, style)
  return [
    `${style.green('- expected')} ${showWritten(expected)}`,
    `${style.red('+ actual  ')} ${showWritten(actual)}`,
  ]
}

function diffLists(expected: readonly unknown[], actual: readonly unknown[], style: LineStyle): string[] {
  const item = (value: unknown) => (typeof value === 'string' ? value : showWritten(value))
  const out: string[] = [style.dim(`${style.green('- expected')} ${style.red('+ actual')}`)]
  for (const change of diffArrays(expected.map(item), actual.map(item))) {
    for (const value of change.value) {
      if (change.added) out.push(style.red(`+ ${value}`))
      else if (change.removed) out.push(style.green(`- ${value}`))
      else out.push(`  ${value}`)
    }
  }
  return out
}

function diffRecords(
  expected: Record<string, unknown>,
  actual: Record<string, unknown>,
  style: LineStyle,
): string[] {
  const out: string[] = []
  for (const key of Object.keys(expected)) {
    const want = showWritten(expected[key])
    const got = showWritten(actual[key])
    if (want === got) out.push(`  ${key}: ${want}`)
    else out.push(style.green(`- ${key}: ${want}`), style.red(`+ ${key}: ${got}`))
  }
  return out
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
