// CEL's matches() on RE2 (re2js, a pure-JS port): linear time in the input, whatever the pattern.
import { RE2JS } from 're2js'

/** Compiled patterns kept; the oldest is dropped first, so hostile data cannot grow the cache without end. */
export const MAX_CACHED_REGEXES = 500
/** Longer patterns are refused: compiling one is itself work a caller could make us do. */
export const MAX_PATTERN_LENGTH = 1_000

const cache = new Map<string, RE2JS | string>()

/** Why RE2 cannot run `pattern`, in words with a fix, or undefined when it can. */
export function regexProblem(pattern: string): string | undefined {
  const compiled = cachedRegex(pattern)
  return typeof compiled === 'string' ? compiled : undefined
}

/** Whether `input` contains a match of `pattern` (CEL semantics: unanchored, RE2 syntax); throws if RE2 cannot run it. */
export function regexMatches(input: string, pattern: string): boolean {
  const compiled = cachedRegex(pattern)
  if (typeof compiled === 'string') throw new Error(compiled)
  return compiled.matcher(input).find()
}

/** One match: UTF-16 offsets into the input and each capture group's text (undefined when the group took no part). */
export interface RegexMatch {
  start: number
  end: number
  groups: (string | undefined)[]
}

/**
 * The non-empty matches of `pattern` in `input`, left to right, at most `limit` (an empty match finds nothing to
 * show or replace); throws with `regexProblem`'s words when RE2 cannot run the pattern. Linear in the input.
 */
export function regexFindAll(input: string, pattern: string, limit: number): RegexMatch[] {
  const compiled = cachedRegex(pattern)
  if (typeof compiled === 'string') throw new Error(compiled)
  const matcher = compiled.matcher(input)
  const found: RegexMatch[] = []
  const groupCount = matcher.groupCount()
  while (found.length < limit && matcher.find()) {
    const start = matcher.start()
    const end = matcher.end()
    if (end === start) continue
    const groups: (string | undefined)[] = []
    for (let i = 1; i <= groupCount; i++) groups.push(matcher.group(i) ?? undefined)
    found.push({ start, end, groups })
  }
  return found
}

/** `text` as an RE2 pattern that matches it literally. */
export function quoteRegex(text: string): string {
  return RE2JS.quote(text)
}

function cachedRegex(pattern: string): RE2JS | string {
  const hit = cache.get(pattern)
  if (hit !== undefined) {
    // refresh: a Map iterates in insertion order, so re-inserting makes this the newest entry
    cache.delete(pattern)
    cache.set(pattern, hit)
    return hit
  }
  const result = compileOrExplain(pattern)
  if (cache.size >= MAX_CACHED_REGEXES) cache.delete(cache.keys().next().value as string)
  cache.set(pattern, result)
  return result
}

function compileOrExplain(pattern: string): RE2JS | string {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return `The pattern is ${pattern.length} characters long (at most ${MAX_PATTERN_LENGTH}); match a simpler pattern or test parts with contains()/startsWith().`
  }
  try {
    return RE2JS.compile(pattern)
  } catch (error) {
    return explain(pattern, error instanceof Error ? error.message : String(error))
  }
}

function explain(pattern: string, detail: string): string {
  if (/\\[1-9]|\\k</.test(pattern)) {
    return `The pattern uses a backreference (${/\\[1-9]|\\k<[^>]*>?/.exec(pattern)?.[0]}), which RE2 does not run because it can take exponential time; test the repeated part another way, e.g. compare two captured fields with ==.`
  }
  const look = /\(\?<?[=!]/.exec(pattern)?.[0]
  if (look !== undefined) {
    return `The pattern uses lookaround ("${look}"), which RE2 does not run; split the test with && and !, e.g. x.matches("^a") && !x.matches("b$").`
  }
  if (/[*+?}][+]/.test(pattern) || /\(\?>/.test(pattern)) {
    return 'The pattern uses a possessive quantifier or an atomic group, which RE2 does not have; a plain quantifier already runs in linear time on RE2.'
  }
  return `The pattern is not valid RE2 syntax (${detail.replace(/^error parsing regexp: /, '')}); RE2 takes Perl-style classes, groups and repetition, without backreferences or lookaround.`
}
