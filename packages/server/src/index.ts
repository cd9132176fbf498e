// The public API of @routewright/server. Anything not exported here is internal.

export { openApiDocument } from './api/openapi.ts'
export { type ApiContext, matchRoute, type ReloadOutcome, ROUTES, type Route } from './api/routes.ts'
export {
  agentStateBody,
  submitBody,
  treatmentBody,
} from './api/schemas.ts'
export type { DeployableWorkspace, RoutingCoordinator } from './core/coordinator.ts'
export { EventLog } from './core/event-log.ts'
export { createLocalCoordinator, type LocalCoordinatorOptions } from './core/local-coordinator.ts'
export type {
  CommandResult,
  ControlEvent,
  InteractionState,
  InteractionView,
  ServerEvent,
  StreamEvent,
  VersionInfo,
  WaitingView,
} from './core/types.ts'
export { type BodyResult, readJsonBody } from './http/body.ts'
export { createJsonLogger, type Logger, type LogLevel } from './log.ts'
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
  signature,
  type WebhookDeps,
  type WebhookOptions,
  type Webhooks,
} from './webhooks.ts'
