// The `@routewright/server/redis` entry: the Redis coordinator alone, which serve imports only when --redis is given.
export {
  createRedisCoordinator,
  type RedisCoordinator,
  type RedisCoordinatorOptions,
} from './core/redis-coordinator.ts'
