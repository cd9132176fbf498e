// pure: an alarm figure in its unit, as the Monitor's tables show it and serve's alarm messages say it (one formatter,
// exported by `@routewright/server/alarms-read` so the designer's browser code shows what serve writes).
import type { AlarmFigure } from './alarm-schema.ts'

/**
 * Ratios in %, times in s, counts whole: a service level of 0.25 is "25%" (not "0.25" beside a table saying 25%),
 * an oldest wait of 125.04 "125 s". Null (nothing to measure): "–". No figure (an older serve's alarm): the number
 * as measured, two decimals at most.
 * @example formatAlarmFigure(0.8, 'service-level') // "80%"
 */
export function formatAlarmFigure(value: number | null, figure: AlarmFigure | undefined): string {
  if (value === null) return '–'
  switch (figure) {
    case 'service-level':
    case 'abandon-rate':
    case 'overflow-rate':
      return `${Math.round(value * 1000) / 10}%`
    case 'asa':
    case 'oldest-waiting':
    case 'provider-stale':
      return `${Math.round(value * 10) / 10} s`
    case 'waiting':
      return String(Math.round(value))
    default:
      // checked whole at compile time, yet no throw in a render: a newer serve may send a figure this build lacks
      figure satisfies undefined
      return String(Math.round(value * 100) / 100)
  }
}
