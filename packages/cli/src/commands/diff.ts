// `routewright diff A B`: what changed between two versions of a strategy or a directory, as a reviewer reads it

import path from 'node:path'
import {
  type Diagnostic,
  type DirectoryDocument,
  type DocumentDiff,
  describeDiff,
  diffDirectories,
  diffStrategies,
  formatDiagnostic,
  isEmptyDiff,
  MAX_DOCUMENT_BYTES,
  type ParseResult,
  type StrategyDocument,
  safeParseDirectory,
  safeParseStrategy,
  summarizeDiff,
} from '@routewright/strategy-dsl'
import { UsageError } from '../args.ts'
import { type CliIo, type CommandRunner, EXIT } from '../command.ts'
import { fileKindOf } from '../files.ts'
import { printable, printableName } from '../report/printable.ts'
import { createStyle } from '../report/style.ts'
import { displayPath, readSource } from '../sources.ts'

/** Exit codes of `diff`, as diff(1) and `git diff --exit-code`: 1 means "they differ", so trouble is 2. */
const DIFF_EXIT = { same: EXIT.ok, different: EXIT.findings, trouble: EXIT.usage } as const

/** What `routewright diff` does, loaded only when it runs; its flags and help are in specs/diff.ts. */
export const diffRunner: CommandRunner = {
  async run({ flags, positionals }, io) {
    if (positionals.length !== 2) {
      throw new UsageError(
        'diff takes exactly two files: the version before and the version after',
        'Try: routewright diff old.strategy.yaml new.strategy.yaml',
      )
    }
    const [first, second] = positionals as [string, string]
    if (first === '-' && second === '-') throw new UsageError('Only one side can be read from stdin (-)')
    const kind = kindOfPair(first, second)
    const before = await load(first, kind, io)
    const after = await load(second, kind, io)
    if (!before.ok || !after.ok) {
      for (const side of [before, after]) if (!side.ok) for (const line of side.errors) io.err(`${line}\n`)
      return DIFF_EXIT.trouble
    }
    const diff =
      kind === 'strategy'
        ? diffStrategies(before.doc as StrategyDocument, after.doc as StrategyDocument)
        : diffDirectories(before.doc as DirectoryDocument, after.doc as DirectoryDocument)
    const shown = [displayName(first, io), displayName(second, io)] as const
    io.out(flags.format === 'json' ? jsonReport(diff, shown) : prettyReport(diff, shown, io.color))
    return isEmptyDiff(diff) ? DIFF_EXIT.same : DIFF_EXIT.different
  },
}

function kindOfPair(first: string, second: string): 'strategy' | 'directory' {
  const kinds: Array<readonly [string, 'strategy' | 'directory']> = []
  for (const file of [first, second]) {
    if (file === '-') continue
    const kind = fileKindOf(file)
    if (kind === 'strategy' || kind === 'directory') kinds.push([file, kind])
    else {
      throw new UsageError(
        `${file} is not a strategy or directory file`,
        'diff compares *.strategy.yaml or *.directory.yaml files (test files: compare them as text)',
      )
    }
  }
  const [a, b] = kinds
  if (a && b && a[1] !== b[1]) {
    throw new UsageError(
      `Cannot compare a ${a[1]} file with a ${b[1]} file`,
      'Give two files of the same kind',
    )
  }
  // at least one side is a named file: both being stdin was refused before
  return a![1]
}

function displayName(file: string, io: CliIo): string {
  return file === '-' ? '(stdin)' : displayPath(path.resolve(io.cwd, file), io.cwd)
}

/** How to check one side alone: standard input has no path to name, so say how validate reads it. */
function checkHint(file: string, shown: string, kind: 'strategy' | 'directory'): string {
  return file === '-'
    ? `to check it alone: routewright validate - --stdin-filename <name>.${kind}.yaml`
    : `routewright validate ${shown}`
}

type Loaded = { ok: true; doc: StrategyDocument | DirectoryDocument } | { ok: false; errors: string[] }

async function load(file: string, kind: 'strategy' | 'directory', io: CliIo): Promise<Loaded> {
  const shown = displayName(file, io)
  let input: string | Uint8Array
  if (file === '-') {
    const bytes = io.readStdin ? await io.readStdin(MAX_DOCUMENT_BYTES) : undefined
    if (bytes === undefined)
      return {
        ok: false,
        errors: [`${shown}: error RW090 standard input is missing or over ${MAX_DOCUMENT_BYTES} bytes`],
      }
    input = bytes
  } else {
    // the CLI's one bounded reader: regular files only, within the size cap
    const source = await readSource(path.resolve(io.cwd, file), io.cwd)
    if (source.readError || source.input === undefined)
      return { ok: false, errors: [formatDiagnostic({ ...(source.readError as Diagnostic), file: shown })] }
    input = source.input
  }
  const parsed: ParseResult<StrategyDocument | DirectoryDocument> =
    kind === 'strategy' ? safeParseStrategy(input) : safeParseDirectory(input)
  if (parsed.success) return { ok: true, doc: parsed.data }
  const errors = parsed.diagnostics
    .filter((d: Diagnostic) => d.severity === 'error')
    .map((d: Diagnostic) => formatDiagnostic({ ...d, file: shown }))
  return {
    ok: false,
    errors: [...errors, `${shown} does not parse: fix it first (${checkHint(file, shown, kind)})`],
  }
}

function prettyReport(
  diff: DocumentDiff,
  [before, after]: readonly [string, string],
  color: boolean,
): string {
  const style = createStyle(color)
  const paint = { '+': style.green, '-': style.red, '~': style.yellow } as const
  const out = [style.bold(`--- ${printableName(before)}`), style.bold(`+++ ${printableName(after)}`)]
  for (const line of describeDiff(diff)) {
    out.push(`${'    '.repeat(line.depth)}${paint[line.sign](`${line.sign} ${printable(line.text)}`)}`)
  }
  out.push(style.dim(summarizeDiff(diff)))
  return `${out.join('\n')}\n`
}

function jsonReport(diff: DocumentDiff, [before, after]: readonly [string, string]): string {
  const report = { before, after, same: isEmptyDiff(diff), summary: summarizeDiff(diff), ...diff }
  return `${JSON.stringify(report, null, 2)}\n`
}
