// A schedule's calendar: a directory calendar by name, or one written inline (time zone, weekly hours, holidays).
import { type Calendar, type DirectoryDocument, isValidTimeZone, type Path } from '@routewright/strategy-dsl'
import { useState } from 'react'
import {
  FieldError,
  ListControls,
  RemoveButton,
  Row,
  SelectField,
  Suggestions,
  TextField,
} from './fields.tsx'
import { directoryNames } from './form-types.ts'

const INTERVALS =
  /^(closed|([01]\d|2[0-4]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d(\s*,\s*([01]\d|2[0-4]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d)*)$/
const DAY_KEY = /^(mon|tue|wed|thu|fri|sat|sun)(-(mon|tue|wed|thu|fri|sat|sun))?$/
const DATE = /^\d{4}-\d{2}-\d{2}$/

type Hours = Calendar['hours'][string]

function hoursToText(hours: Hours): string {
  return Array.isArray(hours) ? hours.join(', ') : hours
}

function textToHours(text: string): Hours {
  const parts = text.split(',').map((p) => p.trim())
  return parts.length === 1 ? parts[0]! : parts
}

/** A field that writes only text `accept` takes, and says why otherwise. */
function CheckedText({
  name,
  label,
  value,
  placeholder,
  check,
  onChange,
}: {
  name: string
  label: string
  value: string
  placeholder?: string
  check: (text: string) => string | undefined
  onChange: (text: string) => void
}) {
  const [reason, setReason] = useState<string | undefined>()
  return (
    <div className="rw-expression">
      <TextField
        name={name}
        label={label}
        value={value}
        placeholder={placeholder}
        invalid={reason}
        onChange={(text) => {
          const problem = check(text.trim())
          setReason(problem)
          if (problem === undefined) onChange(text.trim())
        }}
      />
      <FieldError name={name} message={reason} />
    </div>
  )
}

export function CalendarEditor({
  calendar,
  set,
  directory,
}: {
  calendar: string | Calendar
  set: (path: Path, value: unknown) => void
  directory: DirectoryDocument | undefined
}) {
  const names = directoryNames(directory).calendar
  const inline = typeof calendar !== 'string'
  return (
    <div className="rw-list" data-testid="field-calendar-editor">
      <SelectField<'directory' | 'inline'>
        name="calendar-mode"
        label="Calendar source"
        value={inline ? 'inline' : 'directory'}
        options={[
          { value: 'directory', label: 'from the directory' },
          { value: 'inline', label: 'written here' },
        ]}
        onChange={(mode) => {
          if (mode === 'inline' && !inline)
            set(['calendar'], { timezone: 'Europe/London', hours: { 'mon-fri': '09:00-17:00' } })
          if (mode === 'directory' && inline) set(['calendar'], names[0] ?? 'business_hours')
        }}
      />
      {!inline ? (
        <>
          <Suggestions id="rw-calendars" values={names} />
          <TextField
            name="calendar"
            label="Calendar name"
            value={calendar}
            list="rw-calendars"
            onChange={(v) => v.trim() && set(['calendar'], v.trim())}
          />
        </>
      ) : (
        <>
          <Row label="Time zone">
            <CheckedText
              name="calendar-timezone"
              label="Time zone"
              value={calendar.timezone}
              placeholder="Europe/Paris"
              check={(t) =>
                isValidTimeZone(t) ? undefined : `"${t}" is not an IANA time zone; write e.g. Europe/Paris.`
              }
              onChange={(t) => set(['calendar', 'timezone'], t)}
            />
          </Row>
          {Object.entries(calendar.hours).map(([day, hours]) => (
            <div className="rw-list__item" key={day}>
              <CheckedText
                name={`calendar-day-${day}`}
                label={`Days ${day}`}
                value={day}
                check={(t) =>
                  !DAY_KEY.test(t)
                    ? `"${t}" is not a day or day range: write mon, or mon-fri.`
                    : t !== day && Object.hasOwn(calendar.hours, t)
                      ? `${t} is already listed.`
                      : undefined
                }
                onChange={(t) => {
                  if (t === day) return
                  const next = Object.fromEntries(
                    Object.entries(calendar.hours).map(([k, v]) => [k === day ? t : k, v]),
                  )
                  set(['calendar', 'hours'], next)
                }}
              />
              <CheckedText
                name={`calendar-hours-${day}`}
                label={`Opening hours on ${day}`}
                value={hoursToText(hours)}
                placeholder="08:00-18:00"
                check={(t) =>
                  INTERVALS.test(t)
                    ? undefined
                    : 'Write opening hours as 08:00-18:00 (several: 08:00-12:00, 13:00-17:00) or closed.'
                }
                onChange={(t) => set(['calendar', 'hours', day], textToHours(t))}
              />
              {Object.keys(calendar.hours).length > 1 && (
                <RemoveButton
                  label={`Remove ${day}`}
                  onClick={() => {
                    const { [day]: _gone, ...rest } = calendar.hours
                    set(['calendar', 'hours'], rest)
                  }}
                />
              )}
            </div>
          ))}
          <ListControls
            label="days"
            onAdd={() => {
              const free = ['sat', 'sun', 'mon', 'tue', 'wed', 'thu', 'fri'].find(
                (d) => !Object.hasOwn(calendar.hours, d),
              )
              if (free) set(['calendar', 'hours', free], 'closed')
            }}
          />
          <Row label="Holidays">
            <CheckedText
              name="calendar-holidays"
              label="Holidays"
              value={(calendar.holidays ?? []).map((h) => (typeof h === 'string' ? h : h.date)).join(', ')}
              placeholder="2026-12-25, 2027-01-01"
              check={(t) => {
                const bad = t
                  .split(',')
                  .map((d) => d.trim())
                  .find((d) => d !== '' && !DATE.test(d))
                return bad === undefined ? undefined : `"${bad}" is not a date: write YYYY-MM-DD.`
              }}
              onChange={(t) => {
                const dates = t
                  .split(',')
                  .map((d) => d.trim())
                  .filter((d) => d !== '')
                set(['calendar', 'holidays'], dates.length === 0 ? undefined : dates)
              }}
            />
          </Row>
        </>
      )}
    </div>
  )
}
