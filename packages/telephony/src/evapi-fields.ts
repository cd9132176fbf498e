// pure: the fields of Kamailio's evapi events (JSON built in kamailio.cfg), read without trusting their types.

/** A number, or a numeric string; undefined otherwise. */
export function num(value: unknown): number | undefined {
  const n =
    typeof value === 'number' ? value : typeof value === 'string' && value !== '' ? Number(value) : NaN
  return Number.isFinite(n) ? n : undefined
}

/** A string, or '' for anything else. */
export function str(value: unknown): string {
  return typeof value === 'string' ? value : ''
}
