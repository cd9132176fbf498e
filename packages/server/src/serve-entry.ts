// The `@routewright/server/serve` entry: what `routewright serve` needs before it listens, without the package
// barrel's Redis coordinator (loaded only with --redis) and its other API, so a restart listens sooner.
export type { RoutingCoordinator } from './core/coordinator.ts'
export { MAX_COMMIT_LINGER_MS } from './core/redis-commit-pipeline.ts'
export { unknownEventTypes } from './http/event-filter.ts'
export { createJsonLogger, type Logger, type LogLevel } from './log.ts'
export { type RunningServer, ServeError, type ServeOptions, startServer, TOKEN_ENV } from './serve.ts'
export { webhookUrlProblem } from './webhooks.ts'
