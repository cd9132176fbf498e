// pure: a formatter changes layout, not the file's encoding details: its byte order mark and its line ends stay.
const BOM = '\ufeff'

/**
 * `text` with the leading byte order mark `original` had (a file saved by a Windows editor): every writer of a
 * user's document (fmt, the designer's save, the language server's formatting) keeps the user's bytes.
 */
export function keepByteOrderMark(original: string, text: string): string {
  return original.startsWith(BOM) && !text.startsWith(BOM) ? BOM + text : text
}

/** The file's line end: CRLF when its first line ends with CRLF (a Windows checkout), else LF. */
export function lineEndOf(original: string): '\r\n' | '\n' {
  const firstBreak = original.indexOf('\n')
  return firstBreak > 0 && original[firstBreak - 1] === '\r' ? '\r\n' : '\n'
}

/**
 * The canonical text in the file's own encoding details: CRLF line ends when its first line ends with CRLF (as
 * rustfmt's and black's defaults do: a formatter changes layout, not a Windows team's line ends), and a leading
 * byte order mark when it had one. The layout is computed on LF text; only the line ends are put back, in one pass.
 */
export function keepFileConventions(original: string, canonical: string): string {
  const crlf = lineEndOf(original) === '\r\n'
  return keepByteOrderMark(original, crlf ? canonical.replace(/\r?\n/g, '\r\n') : canonical)
}
