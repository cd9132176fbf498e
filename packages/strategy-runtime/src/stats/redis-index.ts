// Entry of `@routewright/strategy-runtime/redis`: the Redis back end, kept out of the main (browser) entry.

export {
  publishSnapshot,
  type RedisFeederClient,
  type RedisPublisherOptions,
  startRedisPublisher,
  writeAgentStatus,
  writeStatistics,
} from './redis-feeder.ts'
export { agentKey, changesChannel, statKey } from './redis-keys.ts'
export {
  createRedisStatProvider,
  type RedisStatClient,
  type RedisStatProvider,
  type RedisStatProviderOptions,
  type RedisStatSubscriber,
} from './redis-provider.ts'
