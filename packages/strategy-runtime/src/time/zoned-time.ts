// pure: wall-clock parts of an instant in an IANA time zone, from Intl alone so it runs in Node and browsers.
// Shared by schedules (business hours) and the statistics' since-midnight windows.

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

/** The formatter of a zone, made once; throws RangeError for a zone Intl does not know. */
export function zoneFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    })
    formatters.set(timeZone, f)
  }
  return f
}

export function zonedParts(ms: number, timeZone: string): ZonedParts {
  const out: Record<string, string> = {}
  for (const part of zoneFormatter(timeZone).formatToParts(ms)) out[part.type] = part.value
  return {
    year: Number(out.year ?? 1970),
    month: Number(out.month ?? 1),
    day: Number(out.day ?? 1),
    hour: Number(out.hour ?? 0),
    minute: Number(out.minute ?? 0),
    second: Number(out.second ?? 0),
    weekday: (out.weekday ?? 'Mon').slice(0, 3).toLowerCase(),
  }
}
