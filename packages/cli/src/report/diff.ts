// pure: renders expected/actual values of a failed expectation as lines a person can compare at a glance
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
  const a = expected.map(item)
  const b = actual.map(item)
  // longest common subsequence table, small lists only (paths and treatments)
  const rows = a.length + 1
  const cols = b.length + 1
  if (rows * cols > 250_000) {
    return [`${style.green('- expected')} ${show(expected)}`, `${style.red('+ actual  ')} ${show(actual)}`]
  }
  const lcs: number[][] = Array.from({ length: rows }, () => new Array<number>(cols).fill(0))
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      const row = lcs[i]!
      row[j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, row[j + 1]!)
    }
  }
  const out: string[] = [style.dim(`${style.green('- expected')} ${style.red('+ actual')}`)]
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push(`  ${a[i]}`)
      i++
      j++
    } else if (j < b.length && (i >= a.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
      out.push(style.red(`+ ${b[j]}`))
      j++
    } else {
      out.push(style.green(`- ${a[i]}`))
      i++
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
