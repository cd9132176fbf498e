// `routewright diff A B`: what changed between two versions of a strategy or a directory, as a reviewer reads it

import path from 'node:path'
import { printable, printableName } from '@routewright/node-support/printable'
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
import { fileKindOf, type Reads, requireFile } from '../files.ts'
import { jsonOutput } from '../json-output.ts'
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
    const named = namedKinds(first, second)
    const read = [await readSide(first, io), await readSide(second, io)] as const
    if (!read[0].ok || !read[1].ok) {
      for (const side of read) if (!side.ok) for (const line of side.errors) io.err(`${line}\n`)
      return DIFF_EXIT.trouble
    }
    const kind = kindOfPair([first, second], named, [read[0].input, read[1].input])
    const before = parseSide(first, read[0].input, kind, io)
    const after = parseSide(second, read[1].input, kind, io)
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

type Kind = 'strategy' | 'directory'

const DIFF_READS: Reads = { command: 'diff', kinds: new Set(['strategy', 'directory']) }

/**
 * Each side's kind by its name (the DSL's suffix rule); undefined for stdin and for a name that does not say (a
 * `git show rev:file > old.yaml` copy): its content decides. A name of another kind (a test file) is refused.
 */
function namedKinds(first: string, second: string): [Kind | undefined, Kind | undefined] {
  const named = [first, second].map((file): Kind | undefined => {
    if (file === '-') return undefined
    const kind = fileKindOf(file)
    if (kind === 'strategy' || kind === 'directory') return kind
    if (kind === undefined && /\.ya?ml$/i.test(file)) return undefined
    throw new UsageError(
      `${file} is not a strategy or directory file`,
      'diff compares *.strategy.yaml or *.directory.yaml files (test files: compare them as text)',
    )
  })
  return [named[0], named[1]]
}

/** A document's kind by its top-level key (`strategy:` or `directory:` at the start of a line), if one says. */
function kindOfText(input: string | Uint8Array): Kind | undefined {
  const text = typeof input === 'string' ? input : new TextDecoder().decode(input.subarray(0, 65_536))
  const found = new Set<Kind>()
  for (const match of text.slice(0, 65_536).matchAll(/^(?:\{\s*)?["']?(strategy|directory)["']?\s*:/gm))
    found.add(match[1] as Kind)
  return found.size === 1 ? [...found][0] : undefined
}

function kindOfPair(
  files: readonly [string, string],
  named: readonly [Kind | undefined, Kind | undefined],
  inputs: readonly [string | Uint8Array, string | Uint8Array],
): Kind {
  const kinds = named.map((kind, i) => kind ?? kindOfText(inputs[i]!))
  for (const [i, kind] of kinds.entries())
    if (kind === undefined && kinds[1 - i] === undefined)
      throw new UsageError(
        `${files[i] === '-' ? 'standard input' : files[i]} is not a strategy or directory file: its name and its content do not say which`,
        'Name it *.strategy.yaml or *.directory.yaml, or start it with `strategy: <id>` or `directory: <id>`',
      )
  const [a, b] = kinds
  if (a && b && a !== b) {
    throw new UsageError(`Cannot compare a ${a} file with a ${b} file`, 'Give two files of the same kind')
  }
  // a side whose content does not say takes the other's kind: parsing it as that kind says what is wrong
  return (a ?? b)!
}

function displayName(file: string, io: CliIo): string {
  return file === '-' ? '(stdin)' : displayPath(path.resolve(io.cwd, file), io.cwd)
}

/** How to check one side alone: standard input has no path to name, so say how validate reads it. */
function checkHint(file: string, shown: string, kind: Kind): string {
  if (file === '-') return `to check it alone: routewright validate - --stdin-filename <name>.${kind}.yaml`
  // validate knows a file's kind by its name only
  return fileKindOf(file) === kind
    ? `routewright validate ${shown}`
    : `to check it alone: routewright validate - --stdin-filename <name>.${kind}.yaml < ${shown}`
}

type Read = { ok: true; input: string | Uint8Array } | { ok: false; errors: string[] }
type Loaded = { ok: true; doc: StrategyDocument | DirectoryDocument } | { ok: false; errors: string[] }

async function readSide(file: string, io: CliIo): Promise<Read> {
  const shown = displayName(file, io)
  if (file === '-') {
    const bytes = io.readStdin ? await io.readStdin(MAX_DOCUMENT_BYTES) : undefined
    if (bytes === undefined)
      return {
        ok: false,
        errors: [`${shown}: error RW090 standard input is missing or over ${MAX_DOCUMENT_BYTES} bytes`],
      }
    return { ok: true, input: bytes }
  }
  // a path not there or a folder: said as the other commands say it, with what to do
  await requireFile(file, io.cwd, DIFF_READS)
  // the CLI's one bounded reader: regular files only, within the size cap
  const source = await readSource(path.resolve(io.cwd, file), io.cwd)
  if (source.readError || source.input === undefined)
    return { ok: false, errors: [formatDiagnostic({ ...(source.readError as Diagnostic), file: shown })] }
  return { ok: true, input: source.input }
}

function parseSide(file: string, input: string | Uint8Array, kind: Kind, io: CliIo): Loaded {
  const shown = displayName(file, io)
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
  return jsonOutput(report)
}
