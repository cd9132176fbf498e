// A sales router in the test's thread whose events feed a records builder, its host calls recorded too: what the
// records tests route with, each giving only what it changes (the builder's bound, the router's limits, a provider).
import {
  createRecordsBuilder,
  type HistoryItem,
  type InteractionRecord,
  type RecordsBuilderOptions,
  recordHostCalls,
} from '@routewright/history'
import type { StrategyDocument } from '@routewright/strategy-dsl'
import {
  createRouter,
  createSimulatedClock,
  type RouterOptions,
  type SimulatedClock,
} from '@routewright/strategy-runtime'
import { SALES_START, salesDirectory, salesGroupsOf, salesStrategy } from './routers.ts'

export interface RecordedRouterOptions {
  builder?: Partial<RecordsBuilderOptions>
  router?: Partial<RouterOptions>
  /** The clock a statistics provider given in `router` reads too; default a new one at SALES_START. */
  clock?: SimulatedClock
  /** Default salesStrategy(). */
  strategy?: StrategyDocument
}

export function recordedSalesRouter(options: RecordedRouterOptions = {}) {
  const strategy = options.strategy ?? salesStrategy()
  const clock = options.clock ?? createSimulatedClock(SALES_START)
  const items: HistoryItem[] = []
  const builder = createRecordsBuilder({
    emit: (item) => items.push(item),
    router: 'r1',
    strategies: [strategy],
    groupsOf: salesGroupsOf,
    directory: options.router?.directory ?? salesDirectory,
    ...options.builder,
  })
  const inner = createRouter({
    strategies: [strategy],
    directory: salesDirectory,
    clock,
    ...options.router,
    onEvent: (event) => builder.onEvent(event, (id) => inner.trace(id)),
  })
  const router = recordHostCalls(inner, builder, clock)
  const records = () =>
    items.filter((i) => i.kind === 'interaction').map((i) => i.record as InteractionRecord)
  return { clock, items, builder, inner, router, records }
}
