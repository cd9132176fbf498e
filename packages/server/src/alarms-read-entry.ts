// The `@routewright/server/alarms-read` entry: serve's reader of alarms.yaml text and its schema, with no Node
// module behind it, so the designer's browser code reads the file with serve's own function.
export { formatAlarmFigure } from './alarms/alarm-figure-format.ts'
export { ALARM_CODES, ALARMS_FILE, type AlarmsRead, readAlarms } from './alarms/alarm-read.ts'
export type { AlarmRule, AlarmsDocument } from './alarms/alarm-schema.ts'
