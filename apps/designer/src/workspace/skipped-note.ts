// The workspace-level note for what the server's walk skipped (RW091).
// pure: builds a sentence from the list response, nothing else.
import type { Diagnostic } from '@routewright/strategy-dsl'

/** The workspace-level note for RW091 entries (a FIFO, a folder named like a document): no tab can show them. */
export function skippedNote(skipped: readonly Diagnostic[]): string | undefined {
  if (skipped.length === 0) return undefined
  const shown = skipped.slice(0, 5).map((d) => d.file)
  const more = skipped.length > shown.length ? ` and ${skipped.length - shown.length} more` : ''
  return `${skipped.length === 1 ? 'One entry is' : `${skipped.length} entries are`} named like a document but not a regular file, so the designer skipped ${skipped.length === 1 ? 'it' : 'them'} (RW091): ${shown.join(', ')}${more}. Rename or remove ${skipped.length === 1 ? 'it' : 'them'}: only regular files are read.`
}
