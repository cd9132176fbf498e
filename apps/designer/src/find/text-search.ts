// pure: find and replace over the workspace's texts (no React, no I/O). Every search runs on RE2 (linear time
// whatever the pattern: a typed regex is caller data), capped in pattern length and in matches.
import {
  createFileLineIndex,
  lineTextAt,
  MAX_PATTERN_LENGTH,
  quoteRegex,
  regexFindAll,
  regexProblem,
} from '@routewright/strategy-dsl'

/** More matches than this and the search stops and says so: the list would not help, a narrower search would. */
export const MAX_MATCHES = 1_000

export interface SearchOptions {
  query: string
  matchCase: boolean
  wholeWord: boolean
  /** The query is an RE2 regular expression (else a literal text). */
  regex: boolean
}

export interface SearchText {
  path: string
  text: string
}

export interface TextMatch {
  path: string
  /** UTF-16 offsets into the text: `text.slice(start, end)` is the matched text. */
  start: number
  end: number
  /** 1-based, as editors show them. */
  line: number
  column: number
  /** Capture groups of a regex search, for `$1` in the replacement. */
  groups: readonly (string | undefined)[]
}

export type SearchResult =
  | { ok: true; matches: TextMatch[] /** more than MAX_MATCHES: the list stops there */; truncated: boolean }
  | { ok: false; problem: string }

const WORD = /\w/

/** The RE2 pattern a search runs: literal text quoted, whole word as \b where the query starts/ends a word. */
export function searchPattern(options: SearchOptions): string {
  let pattern = options.regex ? `(?:${options.query})` : quoteRegex(options.query)
  if (options.wholeWord) {
    // \b next to a non-word character would demand a word character beside it: only where the query has one
    if (options.regex || WORD.test(options.query.at(0) ?? '')) pattern = `\\b${pattern}`
    if (options.regex || WORD.test(options.query.at(-1) ?? '')) pattern = `${pattern}\\b`
  }
  return options.matchCase ? pattern : `(?i)${pattern}`
}

/** Why the search cannot run, in words with a fix, or undefined when it can. */
export function searchProblem(options: SearchOptions): string | undefined {
  if (options.query === '') return 'Type something to find.'
  if (options.query.length > MAX_PATTERN_LENGTH)
    return `The search is ${options.query.length} characters long (at most ${MAX_PATTERN_LENGTH}); search for a shorter part.`
  // RE2's reason about the pattern as typed, not about the wrapping added for the options
  return (options.regex ? regexProblem(options.query) : undefined) ?? regexProblem(searchPattern(options))
}

/** Every match in every text, in the order given, at most `limit` (then `truncated`). */
export function searchTexts(
  texts: readonly SearchText[],
  options: SearchOptions,
  limit = MAX_MATCHES,
): SearchResult {
  const problem = searchProblem(options)
  if (problem !== undefined) return { ok: false, problem }
  const pattern = searchPattern(options)
  const matches: TextMatch[] = []
  for (const { path, text } of texts) {
    // one more than the room left tells "more than limit" from "exactly limit"
    const found = regexFindAll(text, pattern, limit - matches.length + 1)
    if (found.length === 0) continue
    // the DSL's lines and columns, as the Problems panel and the editor count them (a lone CR, a byte order mark)
    const positionAt = createFileLineIndex(text)
    for (const match of found) {
      if (matches.length === limit) return { ok: true, matches, truncated: true }
      const { line, column } = positionAt(match.start)
      matches.push({ path, start: match.start, end: match.end, line, column, groups: match.groups })
    }
  }
  return { ok: true, matches, truncated: false }
}

/**
 * The line a match starts on, in three parts around the match (the rest of a multi-line match is cut), each
 * clipped to `room` characters with an ellipsis: a minified line of megabytes must not become one DOM text.
 * The line is the one the search placed the match on (the DSL's line index: a lone CR ends a line too).
 */
export function matchLine(
  text: string,
  match: Pick<TextMatch, 'start' | 'end' | 'line' | 'column'>,
  room = 80,
) {
  // the column counts from the line's start (after a byte order mark on line 1), so it gives the start offset
  const from = Math.max(0, Math.min(match.start, match.start - match.column + 1))
  const to = Math.max(match.start, from + (lineTextAt(text, match.line)?.length ?? 0))
  const end = Math.min(match.end, to)
  const before = text.slice(Math.max(from, match.start - room), match.start).trimStart()
  const matched = text.slice(match.start, Math.min(end, match.start + room))
  const after = text.slice(end, Math.min(to, end + room))
  return {
    before: match.start - room > from ? `…${before}` : before,
    match: end > match.start + room ? `${matched}…` : matched,
    after: to > end + room ? `${after}…` : after,
  }
}

/** `$1`..`$99` become the match's groups (an absent group gives ''), `$$` a dollar, `$&` the whole match. */
export function expandReplacement(
  replacement: string,
  matched: string,
  groups: readonly (string | undefined)[],
): string {
  const group = (n: number) => (n >= 1 && n <= groups.length ? (groups[n - 1] ?? '') : undefined)
  return replacement.replace(/\$(\$|&|\d\d?)/g, (whole, ref: string) => {
    if (ref === '$') return '$'
    if (ref === '&') return matched
    // `$12` with one group is `$1` followed by "2", as in JavaScript's own replace
    const two = ref.length === 2 ? group(Number(ref)) : undefined
    if (two !== undefined) return two
    const one = group(Number(ref[0]))
    return one === undefined ? whole : one + ref.slice(1)
  })
}

export interface TextEdit {
  start: number
  end: number
  text: string
}

/** Edits that replace `matches` of one text (sorted, non-overlapping: a search never returns overlaps). */
export function planReplacements(
  text: string,
  matches: readonly Pick<TextMatch, 'start' | 'end' | 'groups'>[],
  replacement: string,
  regex: boolean,
): TextEdit[] {
  const sorted = [...matches].sort((a, b) => a.start - b.start)
  const edits: TextEdit[] = []
  let last = -1
  for (const match of sorted) {
    if (match.start < last) continue
    const matched = text.slice(match.start, match.end)
    const replaced = regex ? expandReplacement(replacement, matched, match.groups) : replacement
    edits.push({ start: match.start, end: match.end, text: replaced })
    last = match.end
  }
  return edits
}

/** The text with `edits` applied (sorted, non-overlapping, as `planReplacements` gives them). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = ''
  let at = 0
  for (const edit of edits) {
    out += text.slice(at, edit.start) + edit.text
    at = edit.end
  }
  return out + text.slice(at)
}

/** Where each edit's new text sits in the edited text (offsets shift by the lengths before it). */
export function editedRanges(edits: readonly TextEdit[]): Array<{ start: number; end: number }> {
  let shift = 0
  return edits.map((edit) => {
    const start = edit.start + shift
    shift += edit.text.length - (edit.end - edit.start)
    return { start, end: start + edit.text.length }
  })
}
