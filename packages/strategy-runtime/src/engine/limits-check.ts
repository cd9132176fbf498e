// pure: the check of limits a host gives by hand (serve's --limits): known names, whole numbers, true or false.
import { didYouMean } from '@routewright/strategy-dsl'
import type { RouterLimits } from '../api/types.ts'
import { DEFAULT_LIMITS } from './engine.ts'

/** Limits that may be 0: nothing kept or listed. Every other count or time is at least 1. */
const ZERO_ALLOWED: ReadonlySet<string> = new Set(['traceEntries', 'keptFinished', 'explainCandidates'])

/**
 * Why `given` is not a set of RouterLimits (an object of known limit names, each a whole number, or true/false for
 * `explainSummary` and `reasonText`), or undefined when it is. The message names the limit and what fits.
 */
export function refuseLimits(given: unknown): string | undefined {
  if (given === null || typeof given !== 'object' || Array.isArray(given))
    return 'Limits are an object of limit names and values, such as {"maxDataChars": 131072}'
  const names = Object.keys(DEFAULT_LIMITS)
  for (const [name, value] of Object.entries(given)) {
    if (!Object.hasOwn(DEFAULT_LIMITS, name))
      return `Limits have no "${name}".${didYouMean(name, names)} The limits are: ${names.join(', ')}`
    const fallback = DEFAULT_LIMITS[name as keyof RouterLimits]
    if (typeof fallback === 'boolean') {
      if (typeof value !== 'boolean') return `limits.${name} is true or false (got ${JSON.stringify(value)})`
      continue
    }
    const least = ZERO_ALLOWED.has(name) ? 0 : 1
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < least)
      return `limits.${name} is a whole number of at least ${least} (got ${JSON.stringify(value)}; default ${fallback})`
  }
  return undefined
}
