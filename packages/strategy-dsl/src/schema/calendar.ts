import { z } from 'zod'

export const DAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const
export type DayName = (typeof DAY_NAMES)[number]

const dayKeyRe = /^(mon|tue|wed|thu|fri|sat|sun)(-(mon|tue|wed|thu|fri|sat|sun))?$/
const intervalRe = /^([01]\d|2[0-4]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/

/** Opening times of a day: `"08:00-18:00"`, several intervals, or `closed`. */
export const dayHoursSchema = z.union([
  z.literal('closed'),
  z.string().regex(intervalRe, 'Write opening hours as "HH:MM-HH:MM", e.g. "08:00-18:00"'),
  z.array(z.string().regex(intervalRe, 'Write opening hours as "HH:MM-HH:MM", e.g. "08:00-18:00"')).max(24),
])

/**
 * Weekly opening hours keyed by day or day range; later keys override earlier ones.
 * @example { mon-fri: "08:00-18:00", sat: "09:00-13:00" }
 */
export const weeklyHoursSchema = z.record(
  z.string().regex(dayKeyRe, 'Use a day ("mon") or a day range ("mon-fri")'),
  dayHoursSchema,
)

/**
 * A holiday: a date (local to the calendar's time zone), optionally named, optionally with reduced hours.
 * @example { date: 2026-12-25, name: Christmas Day }
 */
export const holidaySchema = z.union([
  z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Write a date as YYYY-MM-DD'),
  z
    .object({
      date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Write a date as YYYY-MM-DD'),
      name: z.string().max(200).optional(),
    })
    .strict(),
])

/**
 * Business hours in an IANA time zone, with holidays.
 * @example
 * timezone: America/New_York
 * hours: { mon-fri: "08:00-20:00", sat: "09:00-13:00" }
 * holidays: [2026-12-25, { date: 2027-01-01, name: New Year }]
 */
export const calendarSchema = z
  .object({
    title: z.string().max(200).optional(),
    /** IANA time zone name, e.g. `Europe/Paris`. */
    timezone: z.string().min(1).max(64),
    hours: weeklyHoursSchema,
    holidays: z.array(holidaySchema).max(1000).optional(),
  })
  .strict()
export type Calendar = z.infer<typeof calendarSchema>
