// pure: compares a scenario's expectations with its result, field by field, in words a designer reads.
import { formatDuration, formatNodePath, parseDuration, type Scenario } from '@routewright/strategy-dsl'
import type { ScenarioResult } from './scenario.ts'

export interface ScenarioFailure {
  /** `outcome`, `agent`, `path`, `data.Segment` ... */
  field: string
  expected: unknown
  actual: unknown
  message: string
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing'
  return JSON.stringify(value) ?? String(value)
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const ka = Object.keys(a as object)
  const kb = Object.keys(b as object)
  if (ka.length !== kb.length) return false
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
}

/** `skill` in a test matches any skill target (`skill:skills.vip >= 5`). */
function targetMatches(expected: string, actual: string | undefined): boolean {
  if (actual === undefined) return false
  if (expected === actual) return true
  return expected === 'skill' && actual.startsWith('skill:')
}

export function compareExpectations(expect: Scenario['expect'], result: ScenarioResult): ScenarioFailure[] {
  const failures: ScenarioFailure[] = []
  const add = (field: string, expected: unknown, actual: unknown, text?: string) =>
    failures.push({
      field,
      expected,
      actual,
      message: text ?? `${field}: expected ${show(expected)}, got ${show(actual)}`,
    })
  if (expect.outcome !== undefined && expect.outcome !== result.outcome) {
    const why = result.reason ? ` (${result.reason})` : ''
    add(
      'outcome',
      expect.outcome,
      result.outcome,
      `outcome: expected ${show(expect.outcome)}, got ${show(result.outcome)}${why}`,
    )
  }
  if (expect.agent !== undefined && expect.agent !== result.agent) add('agent', expect.agent, result.agent)
  if (expect.target !== undefined && !targetMatches(expect.target, result.target))
    add('target', expect.target, result.target)
  if (expect.destination !== undefined && expect.destination !== result.destination)
    add('destination', expect.destination, result.destination)
  if (expect.path !== undefined) {
    const prefix = result.path.slice(0, expect.path.length)
    if (!deepEqual(prefix, expect.path)) {
      const at = expect.path.findIndex((node, i) => result.path[i] !== node)
      add(
        'path',
        expect.path,
        result.path,
        `path: expected ${formatNodePath(expect.path)}, got ${formatNodePath(result.path, { empty: '(nothing)' })} (differs at step ${at + 1})`,
      )
    }
  }
  if (expect.treatments !== undefined && !deepEqual(expect.treatments, result.treatments))
    add('treatments', expect.treatments, result.treatments)
  for (const [key, value] of Object.entries(expect.data ?? {})) {
    if (!deepEqual(value, result.data[key])) add(`data.${key}`, value, result.data[key])
  }
  for (const [key, value] of Object.entries(expect.variables ?? {})) {
    if (!deepEqual(value, result.variables[key])) add(`variables.${key}`, value, result.variables[key])
  }
  for (const [key, value] of Object.entries(expect.values ?? {})) {
    if (!deepEqual(value, result.values?.[key])) add(`values.${key}`, value, result.values?.[key])
  }
  if (expect.priority !== undefined && expect.priority !== result.priority)
    add('priority', expect.priority, result.priority)
  if (expect.at !== undefined) {
    const want = parseDuration(expect.at)
    if (want !== result.at) {
      const got = result.at === undefined ? 'no decision' : formatDuration(result.at)
      add('at', expect.at, got, `at: expected the decision at ${formatDuration(want ?? 0)}, got ${got}`)
    }
  }
  return failures
}
