// pure: duration text <-> milliseconds; the canonical form is the shortest unit sequence ("90s" -> "1m30s").

const UNIT_MS = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 } as const
const DURATION_RE = /^(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+(?:\.\d+)?)s)?(?:(\d+)ms)?$/

/** The longest duration a file holds: past it milliseconds are no longer exact (about 285,000 years). */
const MAX_DURATION_MS = Number.MAX_SAFE_INTEGER

/**
 * Parses `"1m30s"`, `"45s"`, `"250ms"`, `"2h"` or a number of seconds; returns milliseconds or `undefined` (also
 * past MAX_DURATION_MS, which formatDuration could not write back as a duration).
 */
export function parseDuration(input: string | number): number | undefined {
  const ms = durationMs(input)
  return ms !== undefined && ms <= MAX_DURATION_MS ? ms : undefined
}

/** Whether `input` is written as a duration but is too long to be one (`parseDuration` refuses it). */
export function isDurationTooLong(input: unknown): boolean {
  if (typeof input !== 'string' && typeof input !== 'number') return false
  const ms = durationMs(input)
  return ms !== undefined && ms > MAX_DURATION_MS
}

function durationMs(input: string | number): number | undefined {
  if (typeof input === 'number') {
    return Number.isFinite(input) && input >= 0 ? Math.round(input * 1000) : undefined
  }
  const text = input.trim()
  if (text === '' || text.length > 32) return undefined
  const match = DURATION_RE.exec(text)
  if (!match || match[0] === '') return undefined
  const [, h, m, s, ms] = match
  return (
    Number(h ?? 0) * UNIT_MS.h +
    Number(m ?? 0) * UNIT_MS.m +
    Math.round(Number(s ?? 0) * UNIT_MS.s) +
    Number(ms ?? 0)
  )
}

/** Writes milliseconds in canonical form: `90000` -> `"1m30s"`, `0` -> `"0s"`. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s'
  let rest = Math.round(ms)
  let out = ''
  for (const unit of ['h', 'm', 's'] as const) {
    const size = UNIT_MS[unit]
    const count = Math.floor(rest / size)
    if (count > 0) out += `${count}${unit}`
    rest -= count * size
  }
  if (rest > 0) out += `${rest}ms`
  return out
}
