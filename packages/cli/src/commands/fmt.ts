import { atomicReplace, ChangedOnDiskError, ReadOnlyFileError } from '@routewright/node-support/atomic-write'
import { printable, printableName } from '@routewright/node-support/printable'
import { decodeUtf8 } from '@routewright/node-support/read'
import {
  type Diagnostic,
  formatDirectoryText,
  formatStrategyText,
  formatTestText,
  safeParseDirectory,
  safeParseStrategy,
  safeParseTestDocument,
} from '@routewright/strategy-dsl'
import { createTwoFilesPatch } from 'diff'
import { isAlarmsSource } from '../alarms-check.ts'
import { UsageError } from '../args.ts'
import type { FileReport } from '../check.ts'
import { type CliIo, type CommandRunner, EXIT } from '../command.ts'
import { collectFiles, type FileKind, passedWithNoFiles, skippedLinkNotes } from '../files.ts'
import { quoteSource } from '../report/diagnostics.ts'
import { placeOf } from '../report/place.ts'
import { createStyle, type Style } from '../report/style.ts'
import { FILE_CODES, fileDiagnostic, notFileLines, readSources, type SourceFile } from '../sources.ts'
import { readStdinSource, stdinRequest } from '../stdin.ts'

const ALL_KINDS = new Set<FileKind>(['strategy', 'directory', 'test'])

const FORMATTERS: Record<FileKind, (text: string) => string> = {
  strategy: formatStrategyText,
  directory: formatDirectoryText,
  test: formatTestText,
}

const PARSERS = {
  strategy: safeParseStrategy,
  directory: safeParseDirectory,
  test: safeParseTestDocument,
} as const

/** What `routewright fmt` does, loaded only when it runs; its flags and help are in specs/fmt.ts. */
export const fmtRunner: CommandRunner = {
  async run({ flags, positionals }, io) {
    const diff = flags.diff === true
    const check = flags.check === true || diff
    const style = createStyle(io.color)
    const { paths, stdinName } = stdinRequest(positionals, flags['stdin-filename'])
    if (stdinName !== undefined) {
      if (paths.length > 0) throw new UsageError('fmt - formats standard input only: give no other paths')
      return formatStdin(await readStdinSource(io, stdinName), io, style, { check, diff })
    }
    const collected = await collectFiles(paths, io.cwd, {
      command: 'fmt',
      kinds: ALL_KINDS,
      passWithNoFiles: flags['pass-with-no-files'] === true,
    })
    if (passedWithNoFiles(collected, io.err)) return EXIT.ok
    for (const note of skippedLinkNotes(collected.skippedLinks, io.cwd)) io.err(note)
    // a FIFO or folder named like a document: said, not formatted, and no failure (nothing of it could be read)
    for (const line of await notFileLines(collected.notFiles, io.cwd, style)) io.err(line)
    const sources = await readSources(collected.files, io.cwd)
    const changed: string[] = []
    const failed: FileReport[] = []
    const skipped: string[] = []
    const skippedAlarms: string[] = []
    let unchanged = 0
    for (const source of sources) {
      const fail = (diagnostics: Diagnostic[]) =>
        failed.push({
          file: source.display,
          kind: source.kind,
          diagnostics,
          ...(source.text ? { text: source.text } : {}),
        })
      if (source.readError) {
        fail([source.readError])
        continue
      }
      if (source.kind && source.text === undefined && source.input !== undefined) {
        fail(PARSERS[source.kind](source.input, { file: source.display }).diagnostics)
        continue
      }
      if (isAlarmsSource(source)) {
        // validate checks it; fmt has no canonical form for it, which is no reason to fail a run
        skippedAlarms.push(source.display)
        continue
      }
      if (!source.kind || source.text === undefined) {
        fail([
          fileDiagnostic(
            FILE_CODES.unknownKind,
            'Not a Routewright file; fmt only formats *.strategy|directory|test.yaml files',
            source.display,
          ),
        ])
        continue
      }
      if (/\.json$/i.test(source.path)) {
        // the canonical form is YAML; rewriting a .json file as YAML would break every tool that reads it
        skipped.push(source.display)
        continue
      }
      let formatted: string
      try {
        formatted = FORMATTERS[source.kind](source.text)
      } catch (error) {
        const diagnostics = (error as { diagnostics?: Diagnostic[] }).diagnostics
        fail(
          diagnostics ?? [
            fileDiagnostic(FILE_CODES.formatterBroke, `Could not format: ${String(error)}`, source.display),
          ],
        )
        continue
      }
      // a last guard for the user's file: never write text that no longer parses
      const reparsed = PARSERS[source.kind](formatted, { file: source.display })
      if (!reparsed.success) {
        fail([
          fileDiagnostic(
            FILE_CODES.formatterBroke,
            `The formatter produced text that does not parse (${reparsed.diagnostics[0]?.message ?? 'unknown error'}); the file was left unchanged. Please report this with the file.`,
            source.display,
          ),
        ])
        continue
      }
      if (formatted === source.text) {
        unchanged++
        continue
      }
      changed.push(source.display)
      if (diff) io.out(unifiedDiff(source.display, source.text, formatted, style))
      if (!check) {
        try {
          // through a link atomicReplace replaces the file it points at, so the link itself stays
          const read = source.text
          // an edit saved while fmt ran (an editor, git) is kept: fmt writes only over the text it formatted
          await atomicReplace(source.path, Buffer.from(formatted, 'utf8'), {
            unchanged: (current) => decodeUtf8(current) === read,
          })
        } catch (error) {
          fail([
            fileDiagnostic(
              FILE_CODES.unreadable,
              error instanceof ChangedOnDiskError
                ? 'The file changed on disk while fmt was formatting it, so it was left as it is: run fmt again'
                : error instanceof ReadOnlyFileError
                  ? `The file is read-only (mode ${error.mode.toString(8).padStart(4, '0')}), so fmt left it as it is: make it writable (chmod u+w) to format it, or leave it out`
                  : writeFailure((error as NodeJS.ErrnoException).code),
              source.display,
            ),
          ])
          changed.pop()
        }
      }
    }
    if (!diff)
      for (const file of changed) io.out(`${check ? 'would reformat' : 'formatted'} ${printableName(file)}\n`)
    for (const report of failed) {
      for (const d of report.diagnostics) {
        io.err(
          `${placeOf(report.file, d.range)}  ${style.red('error')}  ${d.code}  ${printable(d.message)} (not formatted)\n`,
        )
        const quote = report.text !== undefined ? quoteSource(report.text, d, style) : []
        if (quote.length > 0) io.err(`${quote.join('\n')}\n`)
      }
    }
    for (const file of skipped)
      io.err(`note: ${printableName(file)} left as it is: fmt writes YAML, and this is a JSON file\n`)
    for (const file of skippedAlarms)
      io.err(
        `note: ${printableName(file)} left as it is: fmt has no canonical form for it; routewright validate checks it\n`,
      )
    const total = sources.length
    const summary = check
      ? `${changed.length} of ${total} file${total === 1 ? '' : 's'} would be reformatted`
      : `${changed.length} of ${total} file${total === 1 ? '' : 's'} reformatted`
    io.err(
      `${summary}, ${unchanged} already canonical${failed.length > 0 ? `, ${failed.length} not formatted` : ''}\n`,
    )
    if (failed.length > 0) return EXIT.findings
    return check && changed.length > 0 ? EXIT.findings : EXIT.ok
  },
}

/** Why a rewrite failed and what to do; the file itself is never touched by a failed write (temp file, rename). */
function writeFailure(code: string | undefined): string {
  const fix =
    code === 'ENOSPC' || code === 'EDQUOT'
      ? ': the disk is full; free some space and run fmt again'
      : code === 'EACCES' || code === 'EPERM'
        ? ': the folder is not writable (fmt writes a temporary file beside the file); allow writing in it'
        : code === 'EROFS'
          ? ': the disk is mounted read-only'
          : ''
  return `Could not write the file (${code ?? 'unknown error'})${fix}; it was left as it is`
}

/** A unified diff (`--- a`, `+++ b`, hunks with 3 lines of context), coloured for a terminal. */
export function unifiedDiff(file: string, before: string, after: string, style: Style): string {
  const patch = createTwoFilesPatch(`a/${file}`, `b/${file}`, before, after, '', '', { context: 3 })
  return `${patch
    .split('\n')
    .filter((line) => !line.startsWith('====='))
    .map((line) =>
      line.startsWith('+++') || line.startsWith('---')
        ? style.bold(line)
        : line.startsWith('+')
          ? style.green(line)
          : line.startsWith('-')
            ? style.red(line)
            : line.startsWith('@@')
              ? style.cyan(line)
              : line,
    )
    .join('\n')
    // only the final line breaks: a CRLF file's last line keeps its CR like the others
    .replace(/\n+$/, '')}\n`
}

/** `fmt -`: the canonical text on stdout; with --check or --diff, only the verdict or the diff. */
async function formatStdin(
  source: SourceFile,
  io: CliIo,
  style: Style,
  options: { check: boolean; diff: boolean },
): Promise<number> {
  const failed = (diagnostics: Diagnostic[]) => {
    for (const d of diagnostics) {
      io.err(
        `${placeOf(source.display, d.range)}  ${style.red('error')}  ${d.code}  ${printable(d.message)} (not formatted)\n`,
      )
    }
    return EXIT.findings
  }
  if (source.readError) return failed([source.readError])
  if (!source.kind || source.input === undefined) return failed([])
  if (source.text === undefined)
    return failed(PARSERS[source.kind](source.input, { file: source.display }).diagnostics)
  let formatted: string
  try {
    formatted = FORMATTERS[source.kind](source.text)
  } catch (error) {
    return failed((error as { diagnostics?: Diagnostic[] }).diagnostics ?? [])
  }
  if (!PARSERS[source.kind](formatted, { file: source.display }).success) {
    return failed([
      fileDiagnostic(
        FILE_CODES.formatterBroke,
        'The formatter produced text that does not parse',
        source.display,
      ),
    ])
  }
  const same = formatted === source.text
  if (options.diff) {
    if (!same) io.out(unifiedDiff(source.display, source.text, formatted, style))
  } else if (options.check) {
    if (!same) io.err(`would reformat ${printableName(source.display)}\n`)
  } else {
    io.out(formatted)
  }
  return options.check && !same ? EXIT.findings : EXIT.ok
}
