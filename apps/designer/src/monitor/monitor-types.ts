// The serve API shapes the Monitor reads (contract K2), taken from @routewright/server's own types (type-only:
// nothing of the server reaches the browser bundle).
import type {
  AlarmClearReason,
  AlarmView,
  ControlEvent,
  MonitorLiveEvent,
  MonitorSnapshot,
  ServerEvent,
  StaleMark,
  WorkspaceDriftView,
} from '@routewright/server'

export type {
  AlarmClearReason,
  AlarmView,
  ControlEvent,
  MonitorLiveEvent,
  ServerEvent,
  StaleMark,
  WorkspaceDriftView,
}

/**
 * `GET /v1/monitor`: the snapshot plus the active alarms (and, with several processes, a workspace drift; with Redis
 * unreachable, the stale mark). `waitingTotal` is absent from a serve older than it.
 */
export type MonitorAnswer = Omit<MonitorSnapshot, 'waitingTotal'> & {
  waitingTotal?: number
  alarms: AlarmView[]
  workspaceDrift?: WorkspaceDriftView
  stale?: StaleMark
}
export type QueueFigures = MonitorSnapshot['queues'][number]
export type GroupFigures = MonitorSnapshot['groups'][number]
export type AgentRow = MonitorSnapshot['agents'][number]

/** An event of serve's stream with its id. */
export interface StreamItem {
  id: number
  event: ServerEvent | ControlEvent
}

/** How the Monitor's link to serve stands, as the view shows it. */
export type ConnectionState = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'failed'
