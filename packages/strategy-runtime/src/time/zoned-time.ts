// pure: wall-clock parts of an instant in an IANA time zone, and the zone's offset, from Intl alone so it runs in
// Node and browsers. Shared by schedules (business hours), the statistics' since-midnight windows and the history's
// reports in a time zone.

export interface ZonedParts {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
  /** `mon` ... `sun` */
  weekday: string
}

const formatters = new Map<string, Intl.DateTimeFormat>()
/** Zones whose formatter is kept: a caller's hostile list of names cannot grow the cache without bound. */
const KEPT_ZONES = 100

/** The formatter of a zone, made once; throws RangeError for a zone Intl does not know. */
export function zoneFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      // a year before 1 CE reads as `1 BC`: the era makes it astronomical (0, -1 ...)
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    })
    if (formatters.size < KEPT_ZONES) formatters.set(timeZone, f)
  }
  return f
}

export function zonedParts(ms: number, timeZone: string): ZonedParts {
  const out: Record<string, string> = {}
  for (const part of zoneFormatter(timeZone).formatToParts(ms)) out[part.type] = part.value
  const year = Number(out.year ?? 1970)
  return {
    year: out.era === 'BC' ? 1 - year : year,
    month: Number(out.month ?? 1),
    day: Number(out.day ?? 1),
    hour: Number(out.hour ?? 0),
    minute: Number(out.minute ?? 0),
    second: Number(out.second ?? 0),
    weekday: (out.weekday ?? 'Mon').slice(0, 3).toLowerCase(),
  }
}

/** The zone's offset from UTC at `ms`, in ms (positive east of Greenwich; local wall time = ms + offset). */
export function zoneOffsetAt(ms: number, timeZone: string): number {
  if (timeZone === 'UTC') return 0
  const second = Math.floor(ms / 1000) * 1000
  const p = zonedParts(second, timeZone)
  // setUTCFullYear, not Date.UTC, which reads years 0-99 as 1900-1999
  const wall = new Date(0)
  wall.setUTCFullYear(p.year, p.month - 1, p.day)
  wall.setUTCHours(p.hour, p.minute, p.second, 0)
  return wall.getTime() - second
}
