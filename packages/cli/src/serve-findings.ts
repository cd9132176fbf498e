// What serve says of a workspace it refuses: validate's report of the findings (one formatter), not the server's.
import path from 'node:path'
import { printableName } from '@routewright/node-support/printable'
import type { Diagnostic } from '@routewright/strategy-dsl'
import { UsageError } from './args.ts'
import type { FileReport } from './check.ts'
import type { CliIo } from './command.ts'
import { emptyFolder, fileKindOf, walk } from './files.ts'
import { prettyFindings } from './report/diagnostics.ts'
import { createStyle } from './report/style.ts'
import { displayPath, readSource } from './sources.ts'

/**
 * The workspace's findings as `validate <workspace>` prints them: paths relative to the current folder (the
 * server's are relative to the workspace), each with its quoted line, caret and fix, then the hint to run validate.
 * A finding of no file (no directory file, say) is placed at the workspace folder.
 */
export async function printWorkspaceFindings(
  diagnostics: readonly Diagnostic[],
  workspaceFolder: string,
  given: string,
  io: CliIo,
): Promise<void> {
  const byFile = new Map<string, Diagnostic[]>()
  for (const d of diagnostics) {
    const file = d.file === undefined ? workspaceFolder : path.resolve(workspaceFolder, d.file)
    byFile.set(file, [...(byFile.get(file) ?? []), d])
  }
  const reports: FileReport[] = []
  for (const [file, found] of byFile) {
    const kind = fileKindOf(file)
    // quoted from the file as it is now, as validate reads it (bounded); a file gone since has no quote
    const text =
      kind === undefined || !found.some((d) => d.range) ? undefined : (await readSource(file, io.cwd)).text
    reports.push({
      file: file === io.cwd ? '.' : displayPath(file, io.cwd),
      kind,
      diagnostics: found,
      ...(text === undefined ? {} : { text }),
    })
  }
  reports.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
  for (const line of prettyFindings(reports, createStyle(io.color))) io.err(`${line}\n`)
  io.err(`hint: routewright validate ${printableName(given)} shows every finding of the workspace\n`)
}

/**
 * A workspace folder that holds no strategy or directory file (nor a link or FIFO named like one, said by the
 * server's RW091): the usage error validate gives such a folder, exit 2 (serve said RW098 "No *.directory.yaml", exit 1).
 */
export async function refuseEmptyWorkspace(given: string, workspaceFolder: string): Promise<void> {
  const reads = { command: 'serve', kinds: new Set(['strategy', 'directory'] as const) }
  const walked = await walk(workspaceFolder, reads.kinds)
  if (walked.files.length > 0 || walked.skippedLinks.length > 0 || walked.notFiles.length > 0) return
  const error = emptyFolder(given, workspaceFolder, reads)
  throw new UsageError(
    error.message,
    'serve reads *.strategy.yaml and *.directory.yaml files: give --workspace the folder that holds them',
  )
}
