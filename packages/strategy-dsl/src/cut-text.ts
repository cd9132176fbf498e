// pure: the one rule for cutting text to a budget (a table cell, a quoted id, a message): never inside a character.
import { characters, characterWidth, displayWidth } from './display-width.ts'

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

/**
 * `text` whole when it takes at most `columns` terminal columns (displayWidth), else its start and `mark` in at most
 * `columns`, cut between user-perceived characters: never inside a wide character, a surrogate pair or a base and
 * its marks. What an aligned table cuts a long cell with.
 * @example shortenedToWidth('名前名前', 5) // '名前…' (5 columns), where shortened would keep 4 wide characters
 */
export function shortenedToWidth(text: string, columns: number, mark = '…'): string {
  if (displayWidth(text) <= columns) return text
  const budget = columns - displayWidth(mark)
  let kept = ''
  let width = 0
  for (const character of characters(text)) {
    width += characterWidth(character)
    if (width > budget) break
    kept += character
  }
  return `${kept}${mark}`
}
