// pure: renders expected/actual values of a failed expectation as lines a person can compare at a glance
import { diffArrays } from 'diff'
import type { Style } from './style.ts'

/** `"routed"`, `12`, `["a", "b"]`: values written the way they are in the test file. */
export function show(value: unknown): string {
  if (value === undefined) return '(nothing)'
  if (typeof value === 'string') return JSON.stringify(value)
  return JSON.stringify(value) ?? String(value)
}

/**
 * Lines comparing `expected` with `actual`: lists line up item by item (`-` missing, `+` unexpected),
 * records key by key, anything else as expected/actual.
 */
export function diffLines(expected: unknown, actual: unknown, style: Style): string[] {
  if (Array.isArray(expected) && Array.isArray(actual)) return diffLists(expected, actual, style)
  if (isRecord(expected) && isRecord(actual)) return diffRecords(expected, actual, style)
  return [`${style.green('- expected')} ${show(expected)}`, `${style.red('+ actual  ')} ${show(actual)}`]
}

function diffLists(expected: readonly unknown[], actual: readonly unknown[], style: Style): string[] {
  const item = (value: unknown) => (typeof value === 'string' ? value : show(value))
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
  style: Style,
): string[] {
  const out: string[] = []
  for (const key of Object.keys(expected)) {
    const want = show(expected[key])
    const got = show(actual[key])
    if (want === got) out.push(`  ${key}: ${want}`)
    else out.push(style.green(`- ${key}: ${want}`), style.red(`+ ${key}: ${got}`))
  }
  return out
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
