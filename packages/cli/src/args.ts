import { parseArgs } from 'node:util'
import { printable, quotedName } from '@routewright/node-support/printable'
// the light subpath: help, --version and usage errors must not load the whole DSL
import { closest } from '@routewright/strategy-dsl/did-you-mean'

/** A flag a command accepts: boolean switches and string options (optionally with a fixed set of values). */
export interface FlagSpec {
  type: 'boolean' | 'string'
  short?: string
  choices?: readonly string[]
  description: string
  /** Shown in help: `<file>`, `<json|@file>`. */
  valueName?: string
  /** May be given several times: every value is in `lists[name]` (the last also in `flags[name]`). */
  multiple?: boolean
  /** A switch a caller repeats on purpose (VS Code appends its own `--stdio`): given twice it is taken, not refused. */
  repeatable?: boolean
}

export type FlagSpecs = Readonly<Record<string, FlagSpec>>

export interface ParsedArgs {
  flags: Record<string, string | boolean | undefined>
  positionals: string[]
  /** Values of `multiple` flags, in order. */
  lists?: Record<string, string[]>
}

/** A mistake in the command line: exit code 2 with a message and a hint. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    /** A misspelt name's fix, said as the reports say it (the DSL's `nameFixTitle`): printed as a `fix:` line. */
    readonly fix?: string,
  ) {
    super(message)
    this.name = 'UsageError'
  }
}

/** Parses `args` against `specs`; unknown flags, missing values and values outside `choices` throw UsageError. */
export function parseCommandArgs(command: string, args: readonly string[], specs: FlagSpecs): ParsedArgs {
  const options: Record<string, { type: 'boolean' | 'string'; short?: string; multiple?: boolean }> = {
    help: { type: 'boolean', short: 'h' },
  }
  for (const [name, spec] of Object.entries(specs)) {
    options[name] = spec.short ? { type: spec.type, short: spec.short } : { type: spec.type }
    if (spec.multiple) options[name].multiple = true
  }
  let parsed: ReturnType<typeof parseArgs>
  try {
    parsed = parseArgs({ args: [...args], options, allowPositionals: true, strict: true, tokens: true })
  } catch (error) {
    throw toUsageError(command, error, Object.keys(options), args)
  }
  refuseRepeated(command, parsed.tokens ?? [], specs)
  const flags = parsed.values as Record<string, string | boolean | undefined>
  const lists: Record<string, string[]> = {}
  for (const [name, spec] of Object.entries(specs)) {
    const value = flags[name] as unknown
    if (!spec.multiple || !Array.isArray(value)) continue
    lists[name] = value.map(String)
    flags[name] = lists[name].at(-1)
  }
  for (const [name, spec] of Object.entries(specs)) {
    const value = flags[name]
    if (spec.choices && typeof value === 'string' && !spec.choices.includes(value)) {
      throw new UsageError(
        `--${name} must be one of ${spec.choices.join(', ')} (got "${value}")`,
        `Try: routewright ${command} --${name} ${spec.choices[0]}`,
      )
    }
  }
  return { flags, positionals: parsed.positionals, lists }
}

/**
 * A flag given twice (`--hours 1 --hours 2`, `--strict --strict`) is refused: parseArgs keeps the last one without a
 * word, so a script that appends a flag overrode (or doubled) the one before it unseen. Flags documented `multiple`
 * take every value; switches documented `repeatable` (an editor repeats them) are taken once.
 */
function refuseRepeated(
  command: string,
  tokens: NonNullable<ReturnType<typeof parseArgs>['tokens']>,
  specs: FlagSpecs,
): void {
  const values = new Map<string, string[]>()
  for (const token of tokens) {
    if (token.kind !== 'option') continue
    const spec = specs[token.name]
    if (spec === undefined || spec.multiple || spec.repeatable) continue
    const seen = values.get(token.name) ?? []
    seen.push(token.value ?? '')
    values.set(token.name, seen)
    if (seen.length < 2) continue
    if (token.value === undefined)
      throw new UsageError(
        `--${token.name} is given twice; it is a switch, once turns it on (routewright ${command})`,
        `Give --${token.name} once: routewright ${command} --${token.name}`,
      )
    throw new UsageError(
      `--${token.name} is given twice (${seen.map((value) => quotedName(value)).join(' and ')}); it takes one value (routewright ${command})`,
      `Give --${token.name} once: routewright ${command} --${token.name} ${printable(seen[1] ?? '')}`,
    )
  }
}

function toUsageError(command: string, error: unknown, known: string[], args: readonly string[]): UsageError {
  const message = error instanceof Error ? error.message : String(error)
  const code = (error as { code?: string }).code
  const unknownFlag = /Unknown option '(-{1,2}[^']*)'/.exec(message)?.[1]
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && unknownFlag) {
    const bare = unknownFlag.replace(/^-+/, '').split('=')[0] ?? ''
    const close = closest(bare, known)
    return new UsageError(
      `Unknown flag ${unknownFlag} for "routewright ${command}"`,
      close
        ? `Did you mean --${close}? See routewright ${command} --help`
        : `See routewright ${command} --help`,
    )
  }
  // `--hours -1` and `--directory --strict` alike: parseArgs will not take a value that looks like a flag
  const ambiguous = /^Option '(-{1,2}[^' ]+)[^']*' argument is ambiguous/.exec(message)?.[1]
  if (ambiguous) {
    // the user's own value in the hint (it said `=-1` whatever was typed: `--arrivals=-1` for `--arrivals -5/h`)
    const at = args.findIndex((arg, i) => arg === ambiguous && args[i + 1]?.startsWith('-'))
    const value = args[at + 1] ?? ''
    const isFlag = known.includes(value.replace(/^-+/, '').split('=')[0] ?? '') || value === '-h'
    const joined = ambiguous.startsWith('--') ? `${ambiguous}=${value}` : `${ambiguous}${value}`
    return new UsageError(
      `${ambiguous} needs a value, and the argument after it starts with "-" (routewright ${command})`,
      isFlag
        ? `Give ${ambiguous} its value (${printable(value)} is a flag of its own)`
        : `Give the value, or join one that starts with "-" to the flag: ${printable(joined)}`,
    )
  }
  // parseArgs messages end with advice meant for its own API; keep the first sentence only
  const first = message.split(/\.\s|\n/)[0] ?? message
  return new UsageError(`${first} (routewright ${command})`, `See routewright ${command} --help`)
}

/** Help text of a command's flags, aligned. */
export function describeFlags(specs: FlagSpecs): string {
  const rows = Object.entries(specs).map(([name, spec]) => {
    const short = spec.short ? `-${spec.short}, ` : '    '
    const value =
      spec.type === 'string'
        ? ` ${spec.valueName ?? (spec.choices ? spec.choices.join('|') : '<value>')}`
        : ''
    return [`  ${short}--${name}${value}`, spec.description] as const
  })
  rows.push(['  -h, --help', 'Show this help'])
  const width = Math.max(...rows.map(([left]) => left.length)) + 2
  return rows.map(([left, right]) => left.padEnd(width) + right).join('\n')
}

/** `--stdin-filename`, shared by the commands that take `-` as a path. */
/** validate, test, fmt and where-used: a folder or glob with none of their files passes (a repo with none yet). */
export const PASS_WITH_NO_FILES_FLAG = {
  type: 'boolean',
  description: 'A folder or glob with none of the files read is a note on stderr and exit 0, not exit 2',
} as const

export const STDIN_FLAG = {
  type: 'string',
  valueName: '<path>',
  description:
    'With `-`: the path the text on stdin stands for (its kind, and where its relative paths start)',
} as const
