// pure: nothing here reads the clock, the DOM or Monaco

/** One replacement that turns `before` into `after`: offsets into `before`, and the text put in their place. */
export interface TextEdit {
  start: number
  end: number
  text: string
}

/**
 * The smallest single edit between two texts (common prefix and suffix kept), so applying a canvas change to
 * the editor touches only the changed lines and keeps the cursor, the scroll position and the undo stack.
 * Returns undefined when the texts are equal.
 * @example minimalEdit('a: 1\nb: 2\n', 'a: 1\nb: 3\n') // { start: 8, end: 9, text: '3' }
 */
export function minimalEdit(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined
  const limit = Math.min(before.length, after.length)
  let prefix = 0
  while (prefix < limit && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++
  // never split a surrogate pair or a CRLF: back off one character when the prefix ends inside one
  if (prefix > 0 && isHighSurrogate(before.charCodeAt(prefix - 1))) prefix--
  let suffix = 0
  const maxSuffix = limit - prefix
  while (
    suffix < maxSuffix &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  ) {
    suffix++
  }
  if (suffix > 0 && isLowSurrogate(before.charCodeAt(before.length - suffix))) suffix--
  return {
    start: prefix,
    end: before.length - suffix,
    text: after.slice(prefix, after.length - suffix),
  }
}

/** Applies an edit; `applyEdit(a, minimalEdit(a, b))` is `b`. */
export function applyEdit(text: string, edit: TextEdit | undefined): string {
  if (!edit) return text
  return text.slice(0, edit.start) + edit.text + text.slice(edit.end)
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff
}
