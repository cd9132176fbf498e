// The `@routewright/server/alarms` entry: the alarms file's schema and reader alone, so `routewright validate`
// checks alarms.yaml with serve's own function without loading the server (HTTP, Redis, SSE).

export { formatAlarmFigure } from './alarms/alarm-figure-format.ts'
export {
  type AlarmRouting,
  type AlarmsLoad,
  type AlarmTargets,
  alarmsForWorkspace,
  alarmTargetsOf,
  checkAlarmRules,
  checkAlarmTargets,
  loadAlarms,
  parseAlarms,
} from './alarms/alarm-file.ts'
export { ALARM_CODES, ALARMS_FILE, type AlarmsRead, readAlarms } from './alarms/alarm-read.ts'
export {
  checkUnroutedAlarms,
  routedTargets,
  type UnroutedRule,
  unroutedAlarmRules,
} from './alarms/alarm-routed.ts'
export {
  ALARM_FIGURES,
  type AlarmFigure,
  type AlarmRule,
  type AlarmsDocument,
  alarmsDocumentSchema,
} from './alarms/alarm-schema.ts'
