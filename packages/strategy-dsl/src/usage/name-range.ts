// pure: the exact range of a name written inside a longer value (an expression, `group:sales`), for every front end.
import type { Range, SourceLocator } from '../diagnostics.ts'
import type { Path } from '../nodes/kind.ts'
import { celSpans } from './cel-literals.ts'

const escaped = (name: string) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * Where `name` is written as a whole word in `text` (`vip` in `vip_team` does not count), each time, in order; after
 * `before` when given (`data.` for an input: a variable of the same name is not it).
 */
export function indexesOfName(text: string, name: string, before = '', outsideStrings = false): number[] {
  if (name === '') return []
  // a name after a dot is a field of something else (`data.tier` is not the variable `tier`)
  const lead = `(?<![\\w.-])${escaped(before)}`
  const pattern = new RegExp(`${lead}${escaped(name)}(?![\\w-])`, 'g')
  // every CEL literal form (raw, triple-quoted, bytes) and comment: a word there is text, not a name
  const quoted = outsideStrings ? celSpans(text) : []
  return [...text.matchAll(pattern)]
    .map((found) => found.index + before.length)
    .filter((index) => !quoted.some(({ start, end }) => start <= index && index < end))
}

/** Where `name` is first written as a whole word in `text` (see `indexesOfName`); -1 when not. */
export function indexOfName(text: string, name: string, before = ''): number {
  return indexesOfName(text, name, before)[0] ?? -1
}

/**
 * The range of each place `name` is written inside the string value at `path`, whose text is `text`, in order:
 * quotes and escapes accounted for by the locator; `before` is what precedes the name there (`data.`). Falls back to
 * the whole value's range when the name is not written there as a word; [] without a locator. `outsideStrings`: a
 * name read as code (a variable, `data.key`) is not the same word inside a string literal (`tier == "tier"`).
 * @example nameRanges(locator, ['nodes', 'vip', 'when'], 'tier == "gold" || tier == "vip"', 'tier') // two ranges
 */
export function nameRanges(
  locator: SourceLocator | undefined,
  path: Path,
  text: string,
  name: string,
  before = '',
  outsideStrings = false,
): Range[] {
  return rangesAt(locator, path, text, name, indexesOfName(text, name, before, outsideStrings))
}

/**
 * The ranges of `name` written at each of `indexes` in the string value at `path` (see `nameRanges`); the whole
 * value's range when there are none.
 */
export function rangesAt(
  locator: SourceLocator | undefined,
  path: Path,
  text: string,
  name: string,
  indexes: readonly number[],
): Range[] {
  const whole = locator?.rangeOf(path)
  if (!locator || text === name) return whole ? [whole] : []
  const ranges: Range[] = []
  for (const index of indexes) {
    const start = locator.positionInString(path, index)
    const end = locator.positionInString(path, index + name.length)
    if (start && end) ranges.push({ start, end })
  }
  if (ranges.length > 0) return ranges
  return whole ? [whole] : []
}

/**
 * The range of the first place `name` is written inside the string value at `path` (see `nameRanges`).
 * @example nameRange(locator, ['nodes', 'vip', 'when'], 'stat("queue:sales", "ewt") > 30', 'sales')
 */
export function nameRange(
  locator: SourceLocator | undefined,
  path: Path,
  text: string,
  name: string,
  before = '',
): Range | undefined {
  return nameRanges(locator, path, text, name, before)[0]
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
