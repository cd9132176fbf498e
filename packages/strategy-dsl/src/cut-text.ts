// pure: the one rule for cutting text to a budget (a table cell, a quoted id, a message): never inside a character.

/**
 * `at` moved back one when it falls between the two halves of a UTF-16 surrogate pair, so `text.slice(0, at)` and
 * `text.slice(at)` hold no half emoji (a half prints as U+FFFD and is a lone surrogate in JSON).
 */
export function wholeCharacterAt(text: string, at: number): number {
  if (at <= 0 || at >= text.length) return Math.max(0, Math.min(at, text.length))
  const before = text.charCodeAt(at - 1)
  const after = text.charCodeAt(at)
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff ? at - 1 : at
}

/**
 * `text` whole when it is at most `max` UTF-16 units long, else its start and `mark` in at most `max` units, cut
 * before a whole character (wholeCharacterAt).
 * @example shortened('abc😀def', 5) // 'abc…' (not 'abc\ud83d…')
 */
export function shortened(text: string, max: number, mark = '…'): string {
  if (text.length <= max) return text
  return `${text.slice(0, wholeCharacterAt(text, max - mark.length))}${mark}`
}
