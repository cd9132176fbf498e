// Reads a workspace file for the project, or says in words why it cannot: a file skipped in silence left its
// strategy, directory names or tests unknown with no hint why (a FIFO, a folder, not UTF-8, no permission).
import { NOT_A_FILE_CODE, notFileMessage } from '@routewright/node-support/not-file'
import { decodeUtf8, readBoundedFile } from '@routewright/node-support/read'
import { type Diagnostic, decodeInput, MAX_DOCUMENT_BYTES, tooLargeAdvice } from '@routewright/strategy-dsl'
import { withoutBom } from './bom.ts'

export type DiskText = { ok: true; text: string } | { ok: false; problem: string; diagnostic: Diagnostic }

/** What the file costs while it cannot be read: the end of the log line and of the file's own diagnostic. */
export const UNREADABLE_COST = 'Its contents are unknown to the other files until it can be read.'

/**
 * Never throws, never blocks on a FIFO, never reads past the DSL's size limit (the bounded reader's rules). `kind`
 * (strategy, directory, test, alarms) picks the advice for a file over the limit.
 */
export async function readDiskText(file: string, kind?: string): Promise<DiskText> {
  const read = await readBoundedFile(file, MAX_DOCUMENT_BYTES)
  if (!read.ok) {
    // the CLI's codes for the same refusals: RW003 over the limit, RW091 a walk's non-file, RW090 any other
    if (read.reason === 'too-large') return unreadable(read.message, 'RW003', 'error', tooLargeAdvice(kind))
    // RW091 in the walk's own words (node-support), in the log as in the finding: never said two ways
    if (read.reason === 'not-a-file') return unreadable(notFileMessage(read.kind), NOT_A_FILE_CODE, 'warning')
    return unreadable(read.message, 'RW090', 'error')
  }
  const text = decodeUtf8(read.bytes)
  if (text === undefined) {
    // the DSL's own decoder names the first bad byte's line and column
    const decoded = decodeInput(read.bytes)
    const first = 'diagnostics' in decoded ? decoded.diagnostics[0] : undefined
    const where = first?.range ? `line ${first.range.start.line}, column ${first.range.start.column}: ` : ''
    return unreadable(
      `${where}${first?.message ?? 'The file is not valid UTF-8. Save it as UTF-8.'}`,
      'RW006',
      'error',
    )
  }
  // an editor shows a file without its byte order mark, so positions in a closed file count from after it
  return { ok: true, text: withoutBom(text).text }
}

/**
 * A refusal as the log's problem and as the file's own diagnostic: at line 1, column 1 (no range: an editor may
 * show the bytes otherwise than they are), with what is wrong, its fix and its cost.
 */
function unreadable(problem: string, code: string, severity: Diagnostic['severity'], fix?: string): DiskText {
  const said = [sentence(problem), fix, UNREADABLE_COST].filter(Boolean).join(' ')
  return { ok: false, problem, diagnostic: { code, severity, message: said, path: [] } }
}

const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`)

/** The log line for a file the project could not read: the file, what is wrong, and what it costs. */
export function unreadableNote(shown: string, problem: string): string {
  return `Routewright: skipped ${shown}: ${problem.replace(/\.$/, '')}. ${UNREADABLE_COST}`
}
