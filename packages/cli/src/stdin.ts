// `-` as a path: the text comes from standard input and takes its name (and kind) from --stdin-filename.
import path from 'node:path'
import { decodeUtf8 } from '@routewright/node-support/read'
import { MAX_DOCUMENT_BYTES } from '@routewright/strategy-dsl'
import { UsageError } from './args.ts'
import type { CliIo } from './command.ts'
import { fileKindOf } from './files.ts'
import { displayPath, FILE_CODES, fileDiagnostic, type SourceFile } from './sources.ts'

/** Splits `-` out of the positionals; a usage error unless --stdin-filename names a Routewright file. */
export function stdinRequest(
  positionals: readonly string[],
  stdinFilename: unknown,
): { paths: string[]; stdinName?: string } {
  const paths = positionals.filter((p) => p !== '-')
  if (paths.length === positionals.length) {
    if (typeof stdinFilename === 'string') {
      throw new UsageError(
        '--stdin-filename is used with `-` as the path',
        'Try: cat a.strategy.yaml | routewright validate - --stdin-filename a.strategy.yaml',
      )
    }
    return { paths }
  }
  if (positionals.length - paths.length > 1) throw new UsageError('`-` (standard input) may be given once')
  if (typeof stdinFilename !== 'string' || fileKindOf(stdinFilename) === undefined) {
    throw new UsageError(
      'Reading standard input needs --stdin-filename <name>.strategy.yaml|directory.yaml|test.yaml',
      'The name says what kind of file the text is: cat x | routewright validate - --stdin-filename flows/x.strategy.yaml',
    )
  }
  return { paths, stdinName: stdinFilename }
}

/** Standard input as a SourceFile named `name` (resolved against the working folder). */
export async function readStdinSource(io: CliIo, name: string): Promise<SourceFile> {
  const file = path.resolve(io.cwd, name)
  const display = displayPath(file, io.cwd)
  const kind = fileKindOf(file)
  if (!io.readStdin) throw new UsageError('Standard input is not available here')
  const bytes = await io.readStdin(MAX_DOCUMENT_BYTES)
  if (bytes === undefined) {
    return {
      path: file,
      display,
      kind,
      readError: fileDiagnostic(FILE_CODES.tooLarge, 'Standard input is over the 10 MB limit', display),
    }
  }
  const text = decodeUtf8(bytes)
  return { path: file, display, kind, input: text ?? bytes, ...(text !== undefined ? { text } : {}) }
}
