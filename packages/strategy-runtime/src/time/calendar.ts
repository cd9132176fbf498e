// pure: business hours in a calendar's time zone, computed with Intl so it runs in Node and browsers alike.
import { type Calendar, DAY_NAMES, type DayName } from '@routewright/strategy-dsl'
import { zonedParts } from './zoned-time.ts'

export type ScheduleStatus = 'open' | 'closed' | 'holiday'

interface LocalTime {
  date: string // YYYY-MM-DD
  day: DayName
  minutes: number // since local midnight
}

/** The wall-clock date, weekday and minute of `ms` in `timeZone`. Throws RangeError for an unknown zone. */
export function localTime(ms: number, timeZone: string): LocalTime {
  const p = zonedParts(ms, timeZone)
  const pad = (n: number) => String(n).padStart(2, '0')
  return {
    date: `${p.year}-${pad(p.month)}-${pad(p.day)}`,
    day: p.weekday as DayName,
    minutes: p.hour * 60 + p.minute,
  }
}

function dayRange(key: string): DayName[] {
  const [from, to] = key.split('-') as [DayName, DayName | undefined]
  const a = DAY_NAMES.indexOf(from)
  const b = to === undefined ? a : DAY_NAMES.indexOf(to)
  const out: DayName[] = []
  // ranges may wrap around the week end: "fri-mon"
  for (let i = a; ; i = (i + 1) % 7) {
    out.push(DAY_NAMES[i]!)
    if (i === b || out.length === 7) break
  }
  return out
}

function intervals(hours: string | readonly string[]): Array<[number, number]> {
  if (hours === 'closed') return []
  const list = typeof hours === 'string' ? [hours] : hours
  return list.map((text) => {
    const [start = '00:00', end = '00:00'] = text.split('-')
    const toMin = (hm: string) => Number(hm.slice(0, 2)) * 60 + Number(hm.slice(3, 5))
    return [toMin(start), toMin(end)]
  })
}

/** Open, closed or holiday at `ms` for a calendar; later day keys override earlier ones. */
export function scheduleStatus(calendar: Calendar, ms: number): ScheduleStatus {
  const local = localTime(ms, calendar.timezone)
  for (const h of calendar.holidays ?? []) {
    if ((typeof h === 'string' ? h : h.date) === local.date) return 'holiday'
  }
  let today: string | readonly string[] = 'closed'
  for (const [key, hours] of Object.entries(calendar.hours)) {
    if (dayRange(key).includes(local.day)) today = hours
  }
  for (const [start, end] of intervals(today)) {
    if (local.minutes >= start && local.minutes < end) return 'open'
  }
  return 'closed'
}
