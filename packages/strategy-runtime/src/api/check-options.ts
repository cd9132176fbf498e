// createRouter checks the documents it is given (a host may build them in code, not load them from files): the
// directory and every strategy are validated together, and any error refuses the router with its diagnostics.
import {
  type Diagnostic,
  type DirectoryDocument,
  formatDiagnostic,
  type NameFix,
  nameHint,
  type StrategyDocument,
  validateDirectory,
  validateStrategy,
} from '@routewright/strategy-dsl'
import { DEFAULT_LIMITS } from '../engine/engine.ts'
import { message } from '../stats/stat-reader.ts'
import type { RouterOptions } from './types.ts'

/** Thrown by createRouter when its strategies or directory do not validate; `diagnostics` says where and why. */
export class RouterConfigError extends Error {
  override readonly name = 'RouterConfigError'
  constructor(readonly diagnostics: Diagnostic[]) {
    const shown = diagnostics.slice(0, 10).map((d) => `  ${formatDiagnostic(d)}`)
    const more = diagnostics.length > 10 ? `\n  ... and ${diagnostics.length - 10} more` : ''
    super(
      `createRouter: the documents do not validate (${diagnostics.length} error${diagnostics.length === 1 ? '' : 's'}):\n${shown.join('\n')}${more}`,
    )
  }
}

/**
 * Thrown by createRouter when `limits` is wrong: the text as before (a TypeError, as the other options' errors), and
 * as data the limit named and, for a misspelt name, the fix `{ written, meant }` as the DSL's diagnostics carry it.
 */
export class RouterLimitsError extends TypeError {
  override readonly name = 'RouterLimitsError'
  readonly limit: string | undefined
  readonly fix: NameFix | undefined
  constructor(problem: LimitsProblem) {
    super(`createRouter: ${problem.message}`)
    this.limit = problem.limit
    this.fix = problem.fix
  }
}

/** Why `limits` is refused: the text, the limit it names (none when `limits` is not an object), a misspelling's fix. */
export interface LimitsProblem {
  message: string
  limit?: string
  fix?: NameFix
}

/** RW010: not a document at all; RW094: two strategies with one id (the workspace's codes, same meaning). */
function malformed(what: string, detail: string, code = 'RW010'): Diagnostic {
  return { code, severity: 'error', message: `${what} ${detail}`, path: [] }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The strategies by id, once the directory and every strategy validated with no error; else throws. */
export function checkRouterDocuments(
  strategies: readonly StrategyDocument[] | ReadonlyMap<string, StrategyDocument>,
  directory: DirectoryDocument,
): StrategyDocument[] {
  const errors: Diagnostic[] = []
  const docs = strategies instanceof Map ? [...strategies.values()] : [...(strategies as StrategyDocument[])]
  if (!isObject(directory) || typeof directory.directory !== 'string')
    throw new RouterConfigError([
      malformed('The directory', 'must be a directory document (directory: <name>)'),
    ])
  const byId = new Map<string, StrategyDocument>()
  for (const [i, doc] of docs.entries()) {
    const raw: unknown = doc
    if (!isObject(raw) || typeof raw.strategy !== 'string' || !isObject(raw.nodes)) {
      errors.push(
        malformed(`Strategy #${i + 1}`, 'must be a strategy document (strategy: <id>, nodes: {...})'),
      )
      continue
    }
    if (byId.has(doc.strategy))
      errors.push(
        malformed(`Strategy "${doc.strategy}"`, 'is given twice; give each strategy its own id', 'RW094'),
      )
    byId.set(doc.strategy, doc)
  }
  const collect = (file: string, run: () => Diagnostic[]) => {
    try {
      for (const d of run()) if (d.severity === 'error') errors.push({ ...d, file: d.file ?? file })
    } catch (error) {
      errors.push({ ...malformed(file, `could not be checked: ${message(error)}`, 'RW000'), file })
    }
  }
  collect(`directory ${directory.directory}`, () => validateDirectory(directory))
  for (const doc of byId.values())
    collect(`strategy ${doc.strategy}`, () => validateStrategy(doc, { directory, strategies: byId }))
  if (errors.length > 0) throw new RouterConfigError(errors)
  return [...byId.values()]
}

/** What a value is, for an option's error message: `a string`, `null`, `an array`. */
function kindOf(value: unknown): string {
  if (value === null || value === undefined) return String(value)
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') return 'an object'
  if (typeof value === 'function') return 'a function'
  return typeof value === 'string' ? `string ${JSON.stringify(value)}` : `${typeof value} ${String(value)}`
}

function hasMethods(value: unknown, names: readonly string[]): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    names.every((name) => typeof (value as Record<string, unknown>)[name] === 'function')
  )
}

const LIMIT_FLAGS = new Set<string>(['explainSummary', 'reasonText', 'reservationIds'])

/** The least a limit may be and why: below it the router refuses the usual submits, or fails every one. */
const LIMIT_MINIMUMS: ReadonlyMap<string, { least: number; why: string }> = new Map([
  [
    'maxIdChars',
    { least: 8, why: 'below it most interaction ids, strategy ids and state reasons are refused' },
  ],
  ['maxAddressChars', { least: 16, why: 'below it an E.164 number (16 characters with its +) is refused' }],
  ['maxSteps', { least: 1, why: 'with 0 every interaction fails before its first node' }],
])

/**
 * The options a host may get wrong without types to help (plain JavaScript, JSON config): what each must be, thrown
 * as a TypeError naming the option, before anything is built. A limit given as undefined keeps its default.
 */
export function checkRouterOptions(options: RouterOptions): void {
  const refuse = (what: string): never => {
    throw new TypeError(`createRouter: ${what}`)
  }
  if (typeof options !== 'object' || options === null)
    refuse(`options must be an object { strategies, directory, clock, ... } (got ${kindOf(options)})`)
  const { strategies, clock, random, stats, functions, onEvent, onProblem, limits } = options
  if (strategies !== undefined && !Array.isArray(strategies) && !(strategies instanceof Map))
    refuse(`strategies must be an array of strategy documents or a Map by id (got ${kindOf(strategies)})`)
  if (!hasMethods(clock, ['now', 'setTimeout', 'clearTimeout']))
    refuse(
      `clock must be a Clock { now, setTimeout, clearTimeout } (got ${kindOf(clock)}): use createRealClock(), or createSimulatedClock(startMs) in tests`,
    )
  if (random !== undefined && !hasMethods(random, ['next']))
    refuse(`random must be { next(): number } such as createSeededRandom(seed) (got ${kindOf(random)})`)
  if (stats !== undefined && !hasMethods(stats, ['read', 'subscribe']))
    refuse(
      `stats must be a StatProvider { name, read, agentStatus, subscribe } (got ${kindOf(stats)}): createMemoryStatProvider() is the default`,
    )
  for (const [name, hook] of [
    ['onEvent', onEvent],
    ['onProblem', onProblem],
  ] as const)
    if (hook !== undefined && typeof hook !== 'function')
      refuse(`${name} must be a function (got ${kindOf(hook)})`)
  if (functions !== undefined) {
    if (typeof functions !== 'object' || functions === null || Array.isArray(functions))
      refuse(`functions must be an object of host functions by name (got ${kindOf(functions)})`)
    for (const [name, fn] of Object.entries(functions))
      if (typeof fn !== 'function') refuse(`functions.${name} must be a function (got ${kindOf(fn)})`)
  }
  const wrongLimits = limits === undefined ? undefined : limitsProblem(limits)
  if (wrongLimits !== undefined) throw new RouterLimitsError(wrongLimits)
}

/**
 * Why `limits` is not a set of RouterLimits (known names, numbers >= 0 and at least the few minimums that keep the
 * router of use: maxIdChars 8, maxAddressChars 16, maxSteps 1; true or false for the flags), or undefined:
 * createRouter's check, and a host's before it starts anything (serve's --limits). A limit undefined is fine.
 */
export function refuseLimits(limits: unknown): string | undefined {
  return limitsProblem(limits)?.message
}

/** `refuseLimits` as data: the text, the limit it is about and, for a misspelt name, the fix naming the one meant. */
export function limitsProblem(limits: unknown): LimitsProblem | undefined {
  if (typeof limits !== 'object' || limits === null || Array.isArray(limits))
    return { message: `limits must be an object such as { maxWaiting: 50000 } (got ${kindOf(limits)})` }
  for (const [limit, value] of Object.entries(limits)) {
    const refused = (message: string): LimitsProblem => ({ message, limit })
    if (!Object.hasOwn(DEFAULT_LIMITS, limit)) {
      const names = Object.keys(DEFAULT_LIMITS)
      const { hint, fix } = nameHint(limit, names)
      const message = `limits.${limit} is not a limit; the limits are ${names.join(', ')}.${hint}`
      return { message, limit, ...(fix ? { fix } : {}) }
    }
    if (value === undefined) continue
    if (LIMIT_FLAGS.has(limit)) {
      if (typeof value !== 'boolean')
        return refused(`limits.${limit} must be true or false (got ${kindOf(value)})`)
    } else if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
      return refused(`limits.${limit} must be a number >= 0 (got ${kindOf(value)})`)
    else {
      const minimum = LIMIT_MINIMUMS.get(limit)
      if (minimum !== undefined && value < minimum.least)
        return refused(
          `limits.${limit} must be at least ${minimum.least} (got ${value}): ${minimum.why}; leave it out for the default, ${DEFAULT_LIMITS[limit as keyof typeof DEFAULT_LIMITS]}`,
        )
    }
  }
  return undefined
}
