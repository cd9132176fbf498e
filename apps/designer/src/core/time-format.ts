// pure: times and stretches of time as a supervisor reads them (the Monitor's notices, the Reports' tables)

/** A server time as a supervisor reads it, `10:42:05` (the browser's time zone unless one is given). */
export function clockTime(at: number, timeZone?: string): string {
  return new Date(at).toLocaleTimeString('en-GB', {
    hour12: false,
    ...(timeZone === undefined ? {} : { timeZone }),
  })
}

/** Seconds as a supervisor reads a stretch of time: `1:20:00`, `0:02:00`; `–` for an empty figure. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '–'
  const total = Math.round(seconds)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${Math.floor(total / 3600)}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`
}
