// pure: the text forms of subjects, windows and statistic names, shared by the memory and Redis providers.
import {
  lookupStatistic,
  parseDuration,
  type StatisticInfo,
  type StatWindow,
} from '@routewright/strategy-dsl'
import type { StatSubject } from './provider.ts'

/** A read the provider cannot answer: unknown statistic, bad window or subject. The router turns it into an error output. */
export class StatReadError extends Error {
  override readonly name = 'StatReadError'
}

const SUBJECT_RE = /^(agent|group|queue):(.+)$/

/** `"group:sales"` -> `{ kind: 'group', id: 'sales' }`; accepts a subject object as is. */
export function toStatSubject(subject: string | StatSubject): StatSubject {
  if (typeof subject !== 'string') return subject
  const match = SUBJECT_RE.exec(subject)
  if (!match) {
    throw new StatReadError(
      `Subject "${subject}" is not of the form kind:id; write "agent:a17", "group:sales" or "queue:support".`,
    )
  }
  return { kind: match[1] as StatSubject['kind'], id: match[2] ?? '' }
}

/** `{ kind: 'group', id: 'sales' }` -> `"group:sales"`. */
export function subjectKey(subject: StatSubject): string {
  return `${subject.kind}:${subject.id}`
}

/** A parsed statistic name: the catalogue entry and, for `ServiceLevel(20s)`, the threshold in ms. */
export interface ParsedStatistic {
  info: StatisticInfo
  thresholdMs?: number
}

const parsedNames = new Map<string, ParsedStatistic>()

/** Looks a statistic up in the DSL catalogue; throws StatReadError with the fix when it is unknown. */
export function parseStatistic(name: string): ParsedStatistic {
  const cached = parsedNames.get(name)
  if (cached) return cached
  const found = lookupStatistic(name)
  if (!found) {
    throw new StatReadError(
      `Unknown statistic "${name}": use a name from the catalogue (AgentsReady, ExpectedWaitTime, ServiceLevel(20s) ...).`,
    )
  }
  let parsed: ParsedStatistic = { info: found.info }
  if (found.info.parameter === 'duration') {
    const text = found.parameter ?? '20s'
    const ms = /^\d+$/.test(text) ? parseDuration(Number(text)) : parseDuration(text)
    if (ms === undefined)
      throw new StatReadError(`Statistic "${name}" has a bad threshold: write ServiceLevel(20s).`)
    parsed = { info: found.info, thresholdMs: ms }
  }
  parsedNames.set(name, parsed)
  return parsed
}

/** The start of a window as a duration back from now; `undefined` for `current`, `'midnight'` for since-midnight. */
export function windowSpanMs(window: StatWindow | string): number | 'midnight' | 'current' {
  if (window === 'current') return 'current'
  if (window === 'since-midnight') return 'midnight'
  const match = /^(\d{1,4})m$/.exec(window)
  const minutes = match ? Number(match[1]) : Number.NaN
  if (!(minutes >= 1 && minutes <= 1440)) {
    throw new StatReadError(
      `Unknown window "${window}": use "current", "since-midnight" or "<N>m" with N from 1 to 1440.`,
    )
  }
  return minutes * 60_000
}
