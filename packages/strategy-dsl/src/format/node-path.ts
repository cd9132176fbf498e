// pure: a path of node ids (a run's, a loop's, a call chain's) shown on one readable line.

/** Longest repeating stretch looked for: loops in a strategy are short, and the scan stays linear in the path. */
const MAX_PERIOD = 32
/** Entries shown before the middle is left out (after the repeats are folded). */
const MAX_SHOWN = 24

/**
 * Joins `ids` with arrows, folding a stretch that repeats back to back into one `(a → b → c) ×40` and leaving
 * the middle of a path still too long out (`… 120 more …`), so a run over the step limit reads in one line.
 *
 * @example formatNodePath(['menu', 'count', 'menu', 'count', 'menu', 'count', 'end']) // '(menu → count) ×3 → end'
 */
export function formatNodePath(
  ids: readonly string[],
  options: { empty?: string; arrow?: string } = {},
): string {
  const arrow = options.arrow ?? ' → '
  if (ids.length === 0) return options.empty ?? '(none)'
  const parts = foldRepeats(ids, arrow)
  if (parts.length <= MAX_SHOWN) return parts.join(arrow)
  const half = MAX_SHOWN / 2
  const left = parts.length - 2 * half
  return [...parts.slice(0, half), `… ${left} more …`, ...parts.slice(-half)].join(arrow)
}

function foldRepeats(ids: readonly string[], arrow: string): string[] {
  const parts: string[] = []
  let i = 0
  while (i < ids.length) {
    const best = longestRepeat(ids, i)
    if (best === undefined) {
      parts.push(ids[i] as string)
      i += 1
      continue
    }
    const cycle = ids.slice(i, i + best.period)
    parts.push(best.period === 1 ? `${cycle[0]} ×${best.times}` : `(${cycle.join(arrow)}) ×${best.times}`)
    i += best.period * best.times
  }
  return parts
}

/** The period whose back-to-back repeats from `start` cover the most entries, when it repeats at least twice. */
function longestRepeat(ids: readonly string[], start: number): { period: number; times: number } | undefined {
  let best: { period: number; times: number } | undefined
  const maxPeriod = Math.min(MAX_PERIOD, Math.floor((ids.length - start) / 2))
  for (let period = 1; period <= maxPeriod; period++) {
    let times = 1
    while (sameRun(ids, start, start + times * period, period)) times += 1
    // a pair of a short stretch reads fine written out; fold from three repeats or a long stretch twice
    if (times < 2 || (times === 2 && period < 3)) continue
    if (best === undefined || period * times > best.period * best.times) best = { period, times }
  }
  return best
}

function sameRun(ids: readonly string[], from: number, at: number, period: number): boolean {
  if (at + period > ids.length) return false
  for (let k = 0; k < period; k++) if (ids[from + k] !== ids[at + k]) return false
  return true
}
