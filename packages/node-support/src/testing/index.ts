// @routewright/node-support/testing: the real servers tests and benches start (one helper per server), and the
// helpers they share. Not part of the main entry, so nothing in production imports them by accident.

export { collectOutput, stopChild } from './children.ts'
export { eventually } from './eventually.ts'
export { type FreezableProxy, startFreezableProxy } from './freezable-proxy.ts'
export {
  POOL_AGENTS,
  POOL_DAY,
  POOL_DAY_START,
  type PoolDay,
  poolDirectory,
  poolStrategy,
} from './pool-day.ts'
export {
  POSTGRES_BIN,
  type PostgresServer,
  type PostgresServerOptions,
  startPostgresServer,
} from './postgres-server.ts'
export { REDIS_SERVER, type RedisServer, type RedisServerOptions, startRedisServer } from './redis-server.ts'
export { type SilentServer, startSilentServer } from './silent-server.ts'
export {
  SUPPORT_DIRECTORY,
  type SupportStrategyOptions,
  supportStrategy,
} from './support-desk.ts'
export { testFolder } from './test-folder.ts'
