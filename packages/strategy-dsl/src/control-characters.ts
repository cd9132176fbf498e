// pure: the one control-character rule for text that goes into log lines, CSV, reports and report keys; here, at the
// bottom of the packages, so the DSL's checks (RW213) and the runtime's, serve's and telephony's use one copy.

/**
 * Whether a UTF-16 code is a control character (Unicode Cc: C0 U+0000-U+001F, DEL U+007F, C1 U+0080-U+009F): the
 * one rule for text a host or a supervisor gives that goes into log lines, CSV and reports (ids, addresses, reasons,
 * transfer targets, supervisors' names, skill expressions). C1 too: NEL (U+0085) breaks lines and CSI (U+009B)
 * drives terminals.
 */
export function isControlCode(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f)
}

/**
 * Where the first control character (isControlCode) of `text` is, or -1: a loop, not a regex, on the submit path.
 * `allowed` are codes let through (a skill expression's tab, line feed and carriage return are white space).
 */
export function controlAt(text: string, allowed?: ReadonlySet<number>): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (isControlCode(code) && !allowed?.has(code)) return i
  }
  return -1
}

/**
 * `text` with each control character (isControlCode) but the `allowed` codes replaced by `replace(code)`: for text
 * that is shown or sent on rather than refused (a terminal's output, a SIP header). `text` itself when it holds none.
 */
export function replaceControlCharacters(
  text: string,
  replace: (code: number) => string,
  allowed?: ReadonlySet<number>,
): string {
  let at = controlAt(text, allowed)
  if (at < 0) return text
  let out = ''
  let from = 0
  for (; at < text.length; at++) {
    const code = text.charCodeAt(at)
    if (!isControlCode(code) || allowed?.has(code)) continue
    out += text.slice(from, at) + replace(code)
    from = at + 1
  }
  return out + text.slice(from)
}

/**
 * Why `text` is refused for a control character, in the one wording of every caller (`subject` names the field:
 * `Interaction "id"`, `"reason"`, `The supervisor name`), or undefined when it holds none.
 */
export function controlCharacterProblem(subject: string, text: string): string | undefined {
  const at = controlAt(text)
  if (at < 0) return undefined
  return `${subject} holds a control character (code ${text.charCodeAt(at)} at position ${at}); remove it: it would break the log lines and reports it is copied into`
}

/**
 * Bidirectional embeddings, overrides and isolates: a terminal or a page reorders the text after them, so a name could
 * read as another (Trojan Source). Marks (LRM, RLM) reorder nothing. Global: printable replaces each.
 */
export const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g

/** Where the first bidi control (embedding, override, isolate) of `text` is, or -1: for names refused, not shown. */
export function bidiControlAt(text: string): number {
  // search ignores the g flag and lastIndex: one pattern for replacing and finding
  return text.search(BIDI_CONTROLS)
}

/** In a `u` regex a surrogate pair is one code point, so \p{Cs} matches only a half of one, alone. */
export const UNPAIRED_SURROGATE = /\p{Cs}/u

/** A format character (Unicode Cf: bidi controls, zero-width space and joiners, BOM, soft hyphen) or a lone surrogate. */
const UNSEEN_OR_UNPAIRED = /[\p{Cf}\p{Cs}]/u

/** The lowest code of a format character (U+00AD, the soft hyphen) or a surrogate: below it a loop suffices. */
const FIRST_UNSEEN = 0xad

/**
 * Where the first character of `text` an id must not hold beyond the control characters is, or -1: a format
 * character (\p{Cf}: a bidi control or a zero-width one makes an id read as another, or two ids look alike) or an
 * unpaired surrogate (it has no UTF-8 form, so no URL could name the id). A loop until a code that may be one: the
 * submit path reads mostly ASCII ids.
 */
export function unseenOrUnpairedAt(text: string): number {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) < FIRST_UNSEEN) continue
    const at = text.slice(i).search(UNSEEN_OR_UNPAIRED)
    return at < 0 ? -1 : i + at
  }
  return -1
}

/**
 * Why an id is refused for a control character, a format character or an unpaired surrogate, in
 * controlCharacterProblem's wording (`subject` names the field), or undefined when it holds none.
 */
export function idCharacterProblem(subject: string, text: string): string | undefined {
  const control = controlCharacterProblem(subject, text)
  if (control !== undefined) return control
  const at = unseenOrUnpairedAt(text)
  if (at < 0) return undefined
  const code = text.charCodeAt(at)
  const name = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`
  if (code >= 0xd800 && code <= 0xdfff)
    return `${subject} holds an unpaired UTF-16 surrogate (${name} at position ${at}); send whole characters: it has no UTF-8 form, so no URL could name the id`
  return `${subject} holds an invisible format character (${name} at position ${at}); remove it: a bidirectional control or a zero-width character makes the id read as another`
}

/**
 * What a reader cannot see but that hides or reorders text: DEL and C1 controls, format characters (\p{Cf}: bidi
 * embeddings, overrides, isolates and marks, zero-width space, joiners, word joiner, BOM, soft hyphen, tags) and the
 * line and paragraph separators. A name "e\u200b" reads as "e", and "\u202e" turns the rest of a line around.
 */
const INVISIBLE = /[\u007f-\u009f\p{Cf}\p{Zl}\p{Zp}]/gu

/** Format characters that are seen: the prepended concatenation marks (Arabic number signs and the like). */
const VISIBLE_FORMAT = /^[\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u{110bd}\u{110cd}]$/u

/** Zero-width non-joiner and joiner: they shape emoji sequences and Persian or Indic words. */
const JOINERS = /^[\u200c\u200d]$/

/** `\u200B` (a code point beyond U+FFFF: `\U000E0041`): the default way `escapeInvisible` writes a character. */
export function unicodeEscape(code: number): string {
  const hex = code.toString(16).toUpperCase()
  return code > 0xffff ? `\\U${hex.padStart(8, '0')}` : `\\u${hex.padStart(4, '0')}`
}

/**
 * `text` with each invisible character (above) written as an escape (`written(code)`, default `\u200B`), so a
 * message, a title or a formatted file shows what is there. A joiner between two characters beyond ASCII (an emoji
 * sequence, a Persian word) is part of what is seen and kept; between ASCII letters it only hides, and is escaped.
 */
export function escapeInvisible(text: string, written: (code: number) => string = unicodeEscape): string {
  return text.replace(INVISIBLE, (character: string, at: number) => {
    if (VISIBLE_FORMAT.test(character)) return character
    if (
      JOINERS.test(character) &&
      isBeyondAscii(text.codePointAt(at - 1)) &&
      isBeyondAscii(text.codePointAt(at + 1))
    )
      return character
    return written(character.codePointAt(0) as number)
  })
}

function isBeyondAscii(code: number | undefined): boolean {
  return code !== undefined && code > 0x7f
}
