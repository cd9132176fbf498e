// The public API of @routewright/server. Anything not exported here is internal.

export { type AlarmEngine, createAlarmEngine } from './alarms/alarm-engine.ts'
export { routedTargets, unroutedAlarmRules } from './alarms/alarm-routed.ts'
// the alarms file's schema and reader, as `@routewright/server/alarms` gives them alone
export * from './alarms-entry.ts'
export { CAPABILITIES, CAPABILITY_NAMES, type Capability } from './api/capabilities.ts'
export { type DispositionRefusal, MAX_DISPOSITION_CHARS, refuseDisposition } from './api/disposition.ts'
export { alarmList, alarmView, monitorLiveEvent, monitorView } from './api/monitor-schemas.ts'
export { openApiDocument } from './api/openapi.ts'
export { type ApiContext, matchRoute, type ReloadOutcome, ROUTES, type Route } from './api/routes.ts'
export {
  agentStateBody,
  MAX_TRANSFER_TO_CHARS,
  submitBody,
  treatmentBody,
} from './api/schemas.ts'
export type {
  CompleteHow,
  CoordinatorStatus,
  DeployableWorkspace,
  RejectHow,
  RoutingCoordinator,
} from './core/coordinator.ts'
export { EventLog } from './core/event-log.ts'
export { agentIdMatcher, MAX_PAGE, MAX_SEARCH_CHARS } from './core/list-page.ts'
export {
  createLocalCoordinator,
  type LocalCoordinator,
  type LocalCoordinatorOptions,
} from './core/local-coordinator.ts'
export { DEFAULT_COMMIT_LINGER_MS, MAX_COMMIT_LINGER_MS } from './core/redis-commit-pipeline.ts'
export {
  createRedisCoordinator,
  type RedisCoordinator,
  type RedisCoordinatorOptions,
} from './core/redis-coordinator.ts'
export { CoordinatorUnavailable } from './core/redis-link.ts'
export type { SharedStatProvider } from './core/shared-stats.ts'
export type {
  AgentStateBy,
  AgentStateEvent,
  AgentView,
  AlarmClearReason,
  AlarmView,
  CapabilitiesChangedEvent,
  CommandResult,
  ControlEvent,
  InteractionState,
  InteractionView,
  MonitorLiveEvent,
  ServerEvent,
  StaleMark,
  StreamEvent,
  VersionDeployedEvent,
  VersionInfo,
  WaitingView,
  WorkspaceDriftEvent,
  WorkspaceDriftView,
} from './core/types.ts'
export { type BodyResult, readJsonBody } from './http/body.ts'
export { STREAM_EVENT_TYPES, unknownEventTypes } from './http/event-filter.ts'
export { createJsonLogger, type Logger, type LogLevel } from './log.ts'
export type { HistoryOptions, LiveService } from './monitor/live-service.ts'
export {
  agentBucket,
  DEFAULT_MONITOR,
  type MonitorSettings,
  type MonitorSnapshot,
  monitorSnapshot,
} from './monitor/monitor.ts'
export {
  isLoopback,
  type RunningServer,
  ServeError,
  type ServeOptions,
  startServer,
  TOKEN_ENV,
} from './serve.ts'
export {
  createWebhooks,
  MAX_ANSWER_BYTES,
  signature,
  type WebhookDeps,
  type WebhookOptions,
  type Webhooks,
  webhookUrlProblem,
} from './webhooks.ts'
