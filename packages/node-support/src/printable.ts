// pure: text from files and file names made safe to print on a terminal (the DSL's one control-character rule).
// the rule's own entry: the CLI's printable is loaded by --help, which must not load the DSL (zod)
import {
  BIDI_CONTROLS,
  escapeInvisible,
  replaceControlCharacters,
} from '@routewright/strategy-dsl/control-characters'
import { shortened } from '@routewright/strategy-dsl/cut-text'

/** Tab and line feed: kept in text, shown by printableName. */
const TAB_AND_LINE_FEED: ReadonlySet<number> = new Set([0x09, 0x0a])

/**
 * Replaces control characters (ESC, BEL, C1 ...) with one visible character each, so a hostile file or file name
 * cannot send the terminal escape sequences (clear a line, write the clipboard) and carets stay aligned:
 * C0 become their Control Pictures (ESC -> "␛"), DEL "␡", C1 and bidi controls "�" (BIDI_CONTROLS: a name could
 * read as another). Tab and line feed are kept.
 */
export function printable(text: string): string {
  return replaceControlCharacters(text, picture, TAB_AND_LINE_FEED).replace(BIDI_CONTROLS, '\ufffd')
}

// the DSL's one copy of the rule, named here too: the designer server's paths refuse what printable replaces
export { bidiControlAt } from '@routewright/strategy-dsl/control-characters'

/**
 * A title shown whole (a scenario's name in test results): `printable`, with bidi, zero-width and the other invisible
 * characters as escapes (`\u200B`) instead of hidden, so two names that read alike are seen to differ. Not for a
 * quoted source line: an escape is longer than the character, and the caret under the line would move.
 */
export function printableTitle(text: string): string {
  return printable(escapeInvisible(text))
}

function picture(code: number): string {
  if (code < 0x20) return String.fromCharCode(0x2400 + code)
  return code === 0x7f ? '\u2421' : '\ufffd'
}

/** A path on disk is at most PATH_MAX (4096 bytes on Linux): a longer name was typed or pasted, not found. */
const MAX_NAME_CHARS = 4096

/**
 * A file name (or a table cell) on one line: `printable` with line feed and tab shown too (␊ ␉), so a name cannot
 * start a forged line, and cut at `max` (default MAX_NAME_CHARS), so an argument of 100 kB echoed in an error is not
 * printed whole.
 */
export function printableName(name: string, max = MAX_NAME_CHARS): string {
  return printable(shortened(name, max)).replace(/\n/g, '\u240a').replace(/\t/g, '\u2409')
}

/**
 * `"name"`: printableName in double quotes, a `"` or `\` in it escaped (`\"`), so a caller's id holding a quote
 * cannot end the quoted part early and make the rest of the message read as the server's words.
 */
export function quotedName(name: string, max = MAX_NAME_CHARS): string {
  return `"${printableName(name, max).replace(/["\\]/g, '\\$&')}"`
}
