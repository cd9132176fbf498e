// pure: the exact range of a name written inside a longer value (an expression, `group:sales`), for every front end.
import type { Range, SourceLocator } from '../diagnostics.ts'
import type { Path } from '../nodes/kind.ts'

const escaped = (name: string) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * Where `name` is first written as a whole word in `text` (`vip` in `vip_team` does not count), after `before`
 * when given (`data.` for an input: a variable of the same name is not it); -1 when not.
 */
export function indexOfName(text: string, name: string, before = ''): number {
  if (name === '') return -1
  // a name after a dot is a field of something else (`data.tier` is not the variable `tier`)
  const lead = `(?<![\\w.-])${escaped(before)}`
  const found = new RegExp(`${lead}${escaped(name)}(?![\\w-])`).exec(text)
  return found === null ? -1 : found.index + before.length
}

/**
 * The range of `name` inside the string value at `path`, whose text is `text`: quotes and escapes accounted for by
 * the locator; `before` is what precedes the name there (`data.`). Falls back to the whole value's range when the name is not written there as a word.
 * @example nameRange(locator, ['nodes', 'vip', 'when'], 'stat("queue:sales", "ewt") > 30', 'sales')
 */
export function nameRange(
  locator: SourceLocator | undefined,
  path: Path,
  text: string,
  name: string,
  before = '',
): Range | undefined {
  const whole = locator?.rangeOf(path)
  const index = indexOfName(text, name, before)
  if (!locator || index < 0 || text === name) return whole
  const start = locator.positionInString(path, index)
  const end = locator.positionInString(path, index + name.length)
  return start && end ? { start, end } : whole
}

/**
 * The range of `name` inside the mapping key at `path` (`group:sales:` in a test's stats). Keys are short and on
 * one line: an unquoted key's text starts at its range, a quoted one a character later.
 */
export function nameRangeInKey(
  locator: SourceLocator | undefined,
  path: Path,
  key: string,
  name: string,
): Range | undefined {
  const whole = locator?.keyRangeOf(path)
  const index = indexOfName(key, name)
  if (!whole || index < 0 || key === name || whole.start.line !== whole.end.line) return whole
  const written = whole.end.offset - whole.start.offset
  const quote = written === key.length ? 0 : written === key.length + 2 ? 1 : -1
  if (quote < 0) return whole
  const shift = (by: number) => ({
    line: whole.start.line,
    column: whole.start.column + by,
    offset: whole.start.offset + by,
  })
  return { start: shift(quote + index), end: shift(quote + index + name.length) }
}
