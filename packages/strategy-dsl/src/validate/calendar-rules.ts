// pure: checks of a calendar shared by inline schedule calendars and directory calendars.
import type { Severity } from '../diagnostics.ts'
import type { Path } from '../nodes/kind.ts'
import type { Calendar } from '../schema/calendar.ts'

export interface CalendarFinding {
  code: 'timezone' | 'hours' | 'holiday'
  severity: Severity
  message: string
  path: Path
}

const zoneCache = new Map<string, boolean>()

/** Whether Intl knows the IANA time zone (cached: constructing a formatter costs ~50 µs). */
export function isValidTimeZone(zone: string): boolean {
  let valid = zoneCache.get(zone)
  if (valid === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone })
      valid = zone.length > 0
    } catch {
      valid = false
    }
    if (zoneCache.size < 1000) zoneCache.set(zone, valid)
  }
  return valid
}

const SAMPLE_ZONES = [
  'Europe/London',
  'Europe/Paris',
  'America/New_York',
  'America/Los_Angeles',
  'Asia/Tokyo',
  'UTC',
]

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number)
  return (h ?? 0) * 60 + (m ?? 0)
}

function isRealDate(text: string): boolean {
  const [y, m, d] = text.split('-').map(Number)
  if (y === undefined || m === undefined || d === undefined) return false
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}

/** Finds an invalid zone, inverted or out-of-range opening hours, and impossible holiday dates. */
export function checkCalendar(calendar: Calendar, base: Path): CalendarFinding[] {
  const out: CalendarFinding[] = []
  if (!isValidTimeZone(calendar.timezone)) {
    out.push({
      code: 'timezone',
      severity: 'error',
      message: `"${calendar.timezone}" is not an IANA time zone; write one such as ${SAMPLE_ZONES.slice(0, 3).join(', ')}.`,
      path: [...base, 'timezone'],
    })
  }
  for (const [day, hours] of Object.entries(calendar.hours)) {
    if (hours === 'closed') continue
    const list = Array.isArray(hours) ? hours : [hours]
    list.forEach((interval, i) => {
      const [from = '', to = ''] = interval.split('-')
      const start = minutesOf(from)
      const end = minutesOf(to)
      const path = Array.isArray(hours) ? [...base, 'hours', day, i] : [...base, 'hours', day]
      if (start > 24 * 60 || end > 24 * 60) {
        out.push({
          code: 'hours',
          severity: 'error',
          message: `"${interval}" goes past 24:00; the latest time is 24:00.`,
          path,
        })
      } else if (start >= end) {
        out.push({
          code: 'hours',
          severity: 'error',
          message: `Opening hours "${interval}" end before they start; write the earlier time first (for a night shift, split it: "22:00-24:00" and "00:00-06:00" on the next day).`,
          path,
        })
      }
    })
  }
  calendar.holidays?.forEach((holiday, i) => {
    const date = typeof holiday === 'string' ? holiday : holiday.date
    if (!isRealDate(date)) {
      out.push({
        code: 'holiday',
        severity: 'error',
        message: `${date} is not a real date; check the month and day.`,
        path: typeof holiday === 'string' ? [...base, 'holidays', i] : [...base, 'holidays', i, 'date'],
      })
    }
  })
  return out
}
