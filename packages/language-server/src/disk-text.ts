// Reads a workspace file for the project, or says in words why it cannot: a file skipped in silence left its
// strategy, directory names or tests unknown with no hint why (a FIFO, a folder, not UTF-8, no permission).
import { decodeUtf8, readBoundedFile } from '@routewright/node-support/read'
import { decodeInput, MAX_DOCUMENT_BYTES } from '@routewright/strategy-dsl'
import { withoutBom } from './bom.ts'

export type DiskText = { ok: true; text: string } | { ok: false; problem: string }

/** Never throws, never blocks on a FIFO, never reads past the DSL's size limit (the bounded reader's rules). */
export async function readDiskText(file: string): Promise<DiskText> {
  const read = await readBoundedFile(file, MAX_DOCUMENT_BYTES)
  if (!read.ok) return { ok: false, problem: read.message }
  const text = decodeUtf8(read.bytes)
  if (text === undefined) {
    // the DSL's own decoder names the first bad byte's line and column
    const decoded = decodeInput(read.bytes)
    const first = 'diagnostics' in decoded ? decoded.diagnostics[0] : undefined
    const where = first?.range ? `line ${first.range.start.line}, column ${first.range.start.column}: ` : ''
    return {
      ok: false,
      problem: `${where}${first?.message ?? 'The file is not valid UTF-8. Save it as UTF-8.'}`,
    }
  }
  // an editor shows a file without its byte order mark, so positions in a closed file count from after it
  return { ok: true, text: withoutBom(text).text }
}

/** The log line for a file the project could not read: the file, what is wrong, and what it costs. */
export function unreadableNote(shown: string, problem: string): string {
  return `Routewright: skipped ${shown}: ${problem.replace(/\.$/, '')}. Its contents are unknown to the other files until it can be read.`
}
