// pure: where a diagnostic's suggested name goes. The fix names the misspelt name; it is written once, as a whole
// name, in the text the diagnostic points at (a plain or quoted scalar, a key, a name inside an expression).
import type { NameFix } from './diagnostics.ts'

const NAME_CHAR = /[A-Za-z0-9_-]/

/**
 * The offsets of `fix.written` within `text` from `start` to `end`, when it stands there exactly once as a whole
 * name; undefined otherwise (the text changed since, or the name is not alone), so an editor offers nothing rather
 * than a wrong edit.
 * @example nameFixSpan('next: "dnoe"', 6, 12, { written: 'dnoe', meant: 'done' }) // { start: 7, end: 11 }
 */
export function nameFixSpan(
  text: string,
  start: number,
  end: number,
  fix: NameFix,
): { start: number; end: number } | undefined {
  if (fix.written === '' || start < 0 || end > text.length || start > end) return undefined
  let found: number | undefined
  for (let at = text.indexOf(fix.written, start); at >= 0 && at + fix.written.length <= end; ) {
    const after = at + fix.written.length
    const whole = !NAME_CHAR.test(text[at - 1] ?? ' ') && !NAME_CHAR.test(text[after] ?? ' ')
    if (whole) {
      if (found !== undefined) return undefined
      found = at
    }
    at = text.indexOf(fix.written, at + 1)
  }
  return found === undefined ? undefined : { start: found, end: found + fix.written.length }
}

/** What an editor's quick fix says: `Change "dnoe" to "done"`. */
export function nameFixTitle(fix: NameFix): string {
  return `Change "${fix.written}" to "${fix.meant}"`
}
