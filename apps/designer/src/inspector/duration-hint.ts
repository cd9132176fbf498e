// pure: why a typed duration is not one, and what to write instead ("60 sec" -> write "60s").
import { parseDuration } from '@routewright/strategy-dsl'

const WORDS: ReadonlyArray<readonly [RegExp, string]> = [
  [/(milliseconds?|millis?|msecs?)\b/g, 'ms'],
  [/(hours?|hrs?)\b/g, 'h'],
  [/(minutes?|mins?)\b/g, 'm'],
  [/(seconds?|secs?)\b/g, 's'],
]

/** Undefined when `text` is a duration; otherwise one sentence saying what is wrong and what would work. */
export function explainDuration(text: string): string | undefined {
  const trimmed = text.trim()
  if (trimmed === '' || parseDuration(trimmed) !== undefined) return undefined
  const units = 'units ms, s, m, h, written right after the number'
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    return `"${trimmed}" has no unit: write ${trimmed}s for seconds or ${trimmed}m for minutes (${units}).`
  }
  let guess = trimmed.toLowerCase()
  for (const [word, unit] of WORDS) guess = guess.replace(word, unit)
  guess = guess.replace(/\s+|,|and/g, '')
  if (parseDuration(guess) !== undefined) return `"${trimmed}" is not a duration: write ${guess} (${units}).`
  return `"${trimmed}" is not a duration: write a number and a unit, e.g. 30s, 1m30s, 2h or 250ms.`
}
