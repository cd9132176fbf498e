// Bounded access to a StatProvider: throws, non-finite values, unknown subjects and late answers become errors
// the node can route on, never exceptions that reach the router.
import type { StatSubjectKind, StatWindow } from '@routewright/strategy-dsl'
import type { StatProvider, StatReading } from './provider.ts'

export type StatResult =
  | { ok: true; reading: StatReading }
  | { ok: false; error: string }
  | { ok: 'pending'; promise: PromiseLike<StatReading> }

const SUBJECT_KINDS = new Set<StatSubjectKind>(['agent', 'group', 'queue'])

export function parseSubject(text: string): { kind: StatSubjectKind; id: string } | undefined {
  const at = text.indexOf(':')
  if (at <= 0) return undefined
  const kind = text.slice(0, at) as StatSubjectKind
  const id = text.slice(at + 1)
  return SUBJECT_KINDS.has(kind) && id !== '' ? { kind, id } : undefined
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function'
  )
}

/** Checks one reading from a provider: a finite number with a time. */
export function checkReading(value: unknown, what: string): StatResult {
  const reading = value as Partial<StatReading> | undefined
  if (!reading || typeof reading.value !== 'number' || !Number.isFinite(reading.value))
    return {
      ok: false,
      error: `${what} returned ${describe(reading?.value ?? reading)}, not a finite number`,
    }
  return {
    ok: true,
    reading: {
      value: reading.value,
      asOf: typeof reading.asOf === 'number' ? reading.asOf : 0,
      // a back end that knows its figure is old says so; the trace keeps it so a decision can be questioned
      ...(reading.stale === true ? { stale: true } : {}),
    },
  }
}

function describe(value: unknown): string {
  if (typeof value === 'number') return String(value)
  if (value === undefined) return 'nothing'
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}

export function readStatistic(
  provider: StatProvider | undefined,
  subjectText: string,
  statistic: string,
  window: string,
): StatResult {
  const what = `Statistic ${statistic} of ${subjectText} (${window})`
  if (!provider) return { ok: false, error: `${what}: no statistics provider is configured` }
  const subject = parseSubject(subjectText)
  if (!subject)
    return { ok: false, error: `${what}: write the subject as agent:<id>, group:<id> or queue:<id>` }
  let answer: unknown
  try {
    answer = provider.read({ subject, statistic, window: window as StatWindow })
  } catch (error) {
    return { ok: false, error: `${what}: provider "${provider.name}" threw: ${message(error)}` }
  }
  if (isThenable(answer)) return { ok: 'pending', promise: answer as PromiseLike<StatReading> }
  return checkReading(answer, `${what}: provider "${provider.name}"`)
}

export function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

export function statKey(subject: string, statistic: string, window: string): string {
  return `${subject}|${statistic}|${window}`
}
