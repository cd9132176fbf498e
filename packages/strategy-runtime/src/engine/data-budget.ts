// pure: the budget of data a host hands the router (an interaction's attached data, a resumed snapshot's data, a host
// function's answer): it is kept in the run, its snapshots and traces, so its size has limits (RouterLimits).
import { assertNever } from '@routewright/strategy-dsl'
import { shortened } from '@routewright/strategy-dsl/cut-text'
import type { RouterLimits } from '../api/types.ts'

/** The limits a host's data is measured against. */
export type DataLimits = Pick<RouterLimits, 'maxDataChars' | 'maxDataEntries' | 'maxDataDepth'>

/** Which limit the walk crossed, and where (keys and list indexes from the outside in, filled as it unwinds). */
interface Crossed {
  limit: keyof DataLimits
  path: string[]
}

// counters of the one walk in progress (the walk is synchronous): no object made per check on the submit path
let chars = 0
let entries = 0

/**
 * Why `value` is over the data limits, naming the limit and how to raise it; undefined when it fits. `what` names
 * the data in the text (`Interaction data`), `root` starts the path (`data`: `at data.notes`). The walk stops at the first limit crossed, so a 50 MB string or a cycle
 * costs no more than the budget.
 */
export function overDataLimits(
  value: unknown,
  limits: DataLimits,
  what: string,
  root: string,
): string | undefined {
  return crossedDataLimit(value, limits, what, root)?.message
}

/** overDataLimits with the limit crossed as data, for hosts that answer with it (serve's 4xx). */
export function crossedDataLimit(
  value: unknown,
  limits: DataLimits,
  what: string,
  root: string,
): { limit: keyof DataLimits; message: string } | undefined {
  chars = 0
  entries = 0
  const crossed = walk(value, limits, 0)
  if (crossed === undefined) return undefined
  const at = ` (at ${root}${crossed.path.reverse().join('')})`
  const raise = `send less, or raise limits.${crossed.limit} (createRouter's options, or routewright serve --limits)`
  const limit = crossed.limit
  switch (limit) {
    case 'maxDataChars':
      return {
        limit,
        message: `${what} is over the router's limit of ${limits.maxDataChars} characters of text (keys and strings, limits.maxDataChars)${at}; ${raise}`,
      }
    case 'maxDataEntries':
      return {
        limit,
        message: `${what} has more than ${limits.maxDataEntries} keys and list items (limits.maxDataEntries)${at}; ${raise}`,
      }
    case 'maxDataDepth':
      return {
        limit,
        message: `${what} nests deeper than ${limits.maxDataDepth} levels of maps and lists (limits.maxDataDepth)${at}; ${raise}`,
      }
    default:
      return assertNever(limit, 'data limit')
  }
}

function walk(value: unknown, limits: DataLimits, depth: number): Crossed | undefined {
  if (typeof value === 'string') {
    chars += value.length
    return chars > limits.maxDataChars ? { limit: 'maxDataChars', path: [] } : undefined
  }
  if (typeof value !== 'object' || value === null) return undefined
  if (depth >= limits.maxDataDepth) return { limit: 'maxDataDepth', path: [] }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (++entries > limits.maxDataEntries) return at({ limit: 'maxDataEntries', path: [] }, `[${i}]`)
      const crossed = walk(value[i], limits, depth + 1)
      if (crossed !== undefined) return at(crossed, `[${i}]`)
    }
    return undefined
  }
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue
    chars += key.length
    if (++entries > limits.maxDataEntries) return at({ limit: 'maxDataEntries', path: [] }, step(key))
    if (chars > limits.maxDataChars) return at({ limit: 'maxDataChars', path: [] }, step(key))
    const crossed = walk((value as Record<string, unknown>)[key], limits, depth + 1)
    if (crossed !== undefined) return at(crossed, step(key))
  }
  return undefined
}

function at(crossed: Crossed, part: string): Crossed {
  crossed.path.push(part)
  return crossed
}

/** A key as a path step: `.name`, or `["a key"]` when it is not a plain name; long keys are cut. */
function step(key: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(key)) return `.${key}`
  return `[${JSON.stringify(shortened(key, 43, '...'))}]`
}
