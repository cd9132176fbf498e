// pure: a time zone's UTC offset at an instant and wall times as instants, through Intl (full ICU in Node 20).
import { zoneOffsetAt } from '@routewright/strategy-runtime'

/** The zone's offset from UTC at `at`, ms (local wall time = at + offset): the runtime's, one copy. */
export function offsetAt(zone: string, at: number): number {
  return zoneOffsetAt(at, zone)
}

/**
 * The instant the zone's clock reads `wall` (wall time as if UTC, ms). A wall time the clock repeats (autumn) is
 * its first instant; one it skips (spring) is read with the offset before the change, so it lands after the gap:
 * Temporal's `compatible` disambiguation, which Java's ZonedDateTime and ICU also follow.
 */
export function instantOf(zone: string, wall: number): number {
  if (zone === 'UTC') return wall
  const before = wall - offsetAt(zone, wall - 86_400_000)
  const after = wall - offsetAt(zone, wall + 86_400_000)
  const fits = [before, after].filter((at) => at + offsetAt(zone, at) === wall).sort((a, b) => a - b)
  return fits[0] ?? before
}

/** `2026-10-25T01:00+01:00` (seconds when not 0): the wall time with its offset, so a repeated hour is told apart. */
export function localIso(zone: string, at: number): string {
  const offset = offsetAt(zone, at)
  const wall = new Date(at + offset)
    .toISOString()
    .replace(/\.000Z$/, '')
    .replace(/:00$/, '')
  const minutes = Math.abs(Math.round(offset / 60_000))
  const sign = offset < 0 ? '-' : '+'
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0')
  const mm = String(minutes % 60).padStart(2, '0')
  return `${wall}${sign}${hh}:${mm}`
}

/** How often `offsetChanges` samples a zone's offset at most: tzdata's changes are months apart, never hours. */
export const OFFSET_SAMPLE_MS = 6 * 3_600_000

/**
 * Each instant in (from, to] where the zone's offset changes: sampled every `step` and, where two samples differ,
 * bisected on both halves, so several changes between two samples are all found. A change and its return both
 * inside one step are not seen: callers pass a step no longer than their interval (`zonedSpan`).
 */
export function offsetChanges(
  zone: string,
  from: number,
  to: number,
  step = OFFSET_SAMPLE_MS,
  offsetOf: (at: number) => number = (at) => offsetAt(zone, at),
): number[] {
  if (zone === 'UTC') return []
  const changes: number[] = []
  let a = from
  let oa = offsetOf(a)
  while (a < to) {
    const b = Math.min(a + Math.max(step, 1000), to)
    const ob = offsetOf(b)
    changesIn(offsetOf, a, oa, b, ob, changes)
    a = b
    oa = ob
  }
  return changes
}

/** Pushes the changes of (lo, hi] in order; offsets change on a whole second, so bisection stops at one. */
function changesIn(
  offsetOf: (at: number) => number,
  lo: number,
  olo: number,
  hi: number,
  ohi: number,
  out: number[],
): void {
  if (olo === ohi) return
  const mid = Math.floor((lo + hi) / 2000) * 1000
  if (hi - lo <= 1000 || mid <= lo) {
    out.push(hi)
    return
  }
  const omid = offsetOf(mid)
  changesIn(offsetOf, lo, olo, mid, omid, out)
  changesIn(offsetOf, mid, omid, hi, ohi, out)
}
