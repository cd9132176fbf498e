// pure: "did you mean" suggestions by edit distance, shared by every rule that names something unknown.
import type { NameFix } from '../diagnostics.ts'

/**
 * Edit distance counting insertions, deletions, substitutions and swaps of neighbours ("teir" -> "tier" is 1),
 * giving up (returning `limit + 1`) once every alignment exceeds `limit`.
 */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1
  let before = new Array<number>(b.length + 1).fill(0)
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i)
  let next = new Array<number>(b.length + 1).fill(0)
  for (let i = 1; i <= a.length; i++) {
    next[0] = i
    let rowMin = i
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let value = Math.min((prev[j] ?? 0) + 1, (next[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, (before[j - 2] ?? 0) + 1)
      }
      next[j] = value
      if (value < rowMin) rowMin = value
    }
    if (rowMin > limit) return limit + 1
    ;[before, prev, next] = [prev, next, before]
  }
  return prev[b.length] ?? 0
}

/**
 * The closest candidate within a third of the name's length (at least 1 edit), or `undefined`; failing that, a
 * candidate the name is a prefix of, from three characters on ("tim" for "timeout").
 */
export function closest(name: string, names: Iterable<string>): string | undefined {
  const candidates = [...names]
  const limit = Math.max(1, Math.floor(name.length / 3))
  const lower = name.toLowerCase()
  let best: string | undefined
  let bestDistance = limit + 1
  for (const candidate of candidates) {
    if (candidate === name) continue
    const other = candidate.toLowerCase()
    const distance = other === lower ? 0 : editDistance(lower, other, limit)
    if (distance < bestDistance) {
      best = candidate
      bestDistance = distance
    }
  }
  if (best === undefined && lower.length >= 3) {
    for (const candidate of candidates) {
      if (candidate !== name && candidate.toLowerCase().startsWith(lower)) return candidate
    }
  }
  return best
}

/** `' Did you mean "overflow"?'`, or an empty string when nothing is close. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  return nameHint(name, candidates).hint
}

/**
 * The hint for a message about an unknown name and, when a name is close, the fix an editor can offer: one lookup
 * for both. With `plural`, the hint lists the names there are when none is close (didYouMeanOrList).
 */
export function nameHint(
  written: string,
  candidates: Iterable<string>,
  plural?: string,
): { hint: string; fix?: NameFix } {
  const names = [...candidates]
  const meant = closest(written, names)
  if (meant !== undefined) return { hint: ` Did you mean "${meant}"?`, fix: { written, meant } }
  return { hint: plural === undefined ? '' : namesThereAre(names, plural) }
}

/** The most names a hint lists when none is close: a directory of hundreds would bury the message. */
const MAX_LISTED = 8

/**
 * `' Did you mean "support"?'`, else the names there are (`' Its calendars: paris, us_east.'`, at most
 * MAX_LISTED, then how many more; `' It has no calendars.'`), so a wrong name always says what to write instead.
 */
export function didYouMeanOrList(name: string, candidates: Iterable<string>, plural: string): string {
  return nameHint(name, candidates, plural).hint
}

function namesThereAre(names: string[], plural: string): string {
  if (names.length === 0) return ` It has no ${plural}.`
  const sorted = names.sort()
  const more = sorted.length - MAX_LISTED
  return ` Its ${plural}: ${sorted.slice(0, MAX_LISTED).join(', ')}${more > 0 ? ` and ${more} more` : ''}.`
}

/** `a, b or c` */
export function listOf(items: readonly string[], word = 'or'): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} ${word} ${items[items.length - 1]}`
}
