// pure: the cost budget of one expression evaluation (like cel-go's cost limits) and the meter that enforces it.
import {
  type ExpressionBudget,
  type ExpressionBudgetLimit,
  ExpressionError,
  type ExpressionUsage,
} from './types.ts'

/** The default budget: about 5 ms of work at most on this project's reference machine, far above real strategies. */
export const DEFAULT_EXPRESSION_BUDGET: Readonly<ExpressionBudget> = Object.freeze({
  maxSteps: 100_000,
  maxStringLength: 100_000,
  maxListLength: 10_000,
  maxProduced: 1_000_000,
  maxRegexInput: 10_000,
})

/** An evaluation went over its budget; the runtime takes the node's `error` output with `reason` in the trace. */
export class ExpressionBudgetError extends ExpressionError {
  override readonly name: string = 'ExpressionBudgetError'
  constructor(
    source: string,
    /** The limit that was reached, e.g. `maxSteps`. */
    readonly limit: ExpressionBudgetLimit,
    /** What happened and what to do, in words. */
    readonly reason: string,
    /** What the evaluation had spent when it stopped. */
    readonly usage: Readonly<ExpressionUsage>,
  ) {
    super(`Expression "${source}" went over its evaluation budget: ${reason}`, source)
  }
}

const LIMIT_KEYS = Object.keys(DEFAULT_EXPRESSION_BUDGET) as ExpressionBudgetLimit[]

/** A full budget from a partial one; throws a TypeError naming a bad field (the caller passed nonsense). */
export function resolveBudget(
  partial: Partial<ExpressionBudget> | undefined,
  base: Readonly<ExpressionBudget> = DEFAULT_EXPRESSION_BUDGET,
): Readonly<ExpressionBudget> {
  if (partial === undefined || partial === base) return base
  const out: ExpressionBudget = { ...base }
  for (const [key, value] of Object.entries(partial)) {
    if (!LIMIT_KEYS.includes(key as ExpressionBudgetLimit)) {
      throw new TypeError(`Unknown expression budget field "${key}"; fields: ${LIMIT_KEYS.join(', ')}.`)
    }
    if (value === undefined) continue
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
      throw new TypeError(
        `Expression budget field "${key}" must be a positive whole number, not ${String(value)}.`,
      )
    }
    out[key as ExpressionBudgetLimit] = value
  }
  return Object.freeze(out)
}

const fmt = (n: number) => n.toLocaleString('en-US')

/** Counts one evaluation's spending and throws `ExpressionBudgetError` at the first limit crossed. */
export class Meter {
  steps = 0
  produced = 0
  /** The error already thrown, so a CEL `||` that swallowed it cannot turn it into a result. */
  exceeded: ExpressionBudgetError | undefined
  constructor(
    readonly budget: Readonly<ExpressionBudget>,
    readonly source: string,
  ) {}

  usage(): ExpressionUsage {
    return { steps: this.steps, produced: this.produced }
  }

  fail(limit: ExpressionBudgetLimit, reason: string): never {
    this.exceeded ??= new ExpressionBudgetError(this.source, limit, reason, this.usage())
    throw this.exceeded
  }

  /** Spends `n` steps. */
  step(n: number): void {
    this.steps += n
    if (this.steps > this.budget.maxSteps) {
      this.fail(
        'maxSteps',
        `more than ${fmt(this.budget.maxSteps)} steps (loops over long lists, nested comprehensions); iterate over shorter lists or avoid nesting comprehensions over caller data.`,
      )
    }
  }

  /** Checks a value an operation built: strings and lists count against the size limits. */
  built(value: unknown): void {
    let size: number
    if (typeof value === 'string') {
      size = value.length
      if (size > this.budget.maxStringLength) {
        this.fail(
          'maxStringLength',
          `a string of ${fmt(size)} characters was built (at most ${fmt(this.budget.maxStringLength)}); do not grow strings in loops.`,
        )
      }
    } else if (Array.isArray(value)) {
      size = value.length
      if (size > this.budget.maxListLength) {
        this.fail(
          'maxListLength',
          `a list of ${fmt(size)} items was built (at most ${fmt(this.budget.maxListLength)}); filter before combining lists.`,
        )
      }
    } else return
    this.produced += size
    if (this.produced > this.budget.maxProduced) {
      this.fail(
        'maxProduced',
        `more than ${fmt(this.budget.maxProduced)} characters and list items were built in all; do not build strings or lists inside loops.`,
      )
    }
  }

  /** Spends a regex scan of `length` characters. */
  regex(length: number): void {
    if (length > this.budget.maxRegexInput) {
      this.fail(
        'maxRegexInput',
        `matches() was given ${fmt(length)} characters (at most ${fmt(this.budget.maxRegexInput)}); check size(x) first or match a shorter field.`,
      )
    }
    this.step(1 + (length >> 4))
  }
}

export function isBudgetError(error: unknown): error is ExpressionBudgetError {
  return error instanceof ExpressionBudgetError
}
