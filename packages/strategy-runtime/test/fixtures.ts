// Small directories and strategies for router tests, built as typed documents.
import type { DirectoryDocument, StrategyDocument } from '@routewright/strategy-dsl'
import {
  createRouter,
  createSeededRandom,
  createSimulatedClock,
  type RouterEvent,
  type RouterOptions,
} from '@routewright/strategy-runtime'
import { buildRouter } from '../src/api/router.ts'

export const T0 = Date.parse('2026-03-02T10:00:00Z') // a Monday

export function makeDirectory(overrides: Partial<DirectoryDocument> = {}): DirectoryDocument {
  return {
    directory: 'test',
    format: 1,
    groups: { sales: {}, support: {}, vip_team: {} },
    queues: { general: { groups: ['sales', 'support'] } },
    agents: {
      a1: { groups: ['sales'], skills: { english: 5, vip: 7 } },
      a2: { groups: ['sales'], skills: { english: 3 } },
      a3: { groups: ['support'], skills: { english: 4, spanish: 5 } },
      a4: { groups: ['vip_team'], skills: { vip: 9 }, capacity: { voice: 1, chat: 2 } },
    },
    calendars: {
      office: { timezone: 'Europe/Paris', hours: { 'mon-fri': '08:00-18:00' }, holidays: ['2026-12-25'] },
    },
    destinations: { overflow: { type: 'number', address: '+15550100' } },
    ...overrides,
  }
}

export function makeStrategy(
  nodes: StrategyDocument['nodes'],
  extra: Partial<StrategyDocument> = {},
): StrategyDocument {
  return { strategy: 'test', format: 1, start: Object.keys(nodes)[0] ?? 'start', nodes, ...extra }
}

/**
 * A router on a simulated clock that records its events. `unchecked` builds it without createRouter's validation,
 * to test the router's own defences against documents that would not validate (loops, dangling outputs).
 */
export function setup(
  strategies: StrategyDocument[],
  options: Partial<RouterOptions> & { directory?: DirectoryDocument; unchecked?: boolean } = {},
) {
  const clock = createSimulatedClock(T0)
  const events: RouterEvent[] = []
  const { unchecked, ...rest } = options
  const make = unchecked ? (o: RouterOptions) => buildRouter(o).router : createRouter
  const router = make({
    strategies,
    directory: options.directory ?? makeDirectory(),
    clock,
    random: createSeededRandom(7),
    onEvent: (e) => events.push(e),
    ...rest,
  })
  const of = <TType extends RouterEvent['type']>(type: TType, id?: string) =>
    events.filter(
      (e): e is Extract<RouterEvent, { type: TType }> =>
        e.type === type && (id === undefined || e.interaction === id),
    )
  const ready = (...agents: string[]) => {
    for (const agent of agents) router.agentEvent({ agent, state: 'ready' })
  }
  return { clock, events, router, of, ready }
}

/** A sales target waiting up to 10 minutes, then rejecting. */
export const salesTarget = makeStrategy({
  t: { type: 'target', targets: [{ group: 'sales' }], wait: '10m', next: { timeout: 'out' } },
  out: { type: 'end', outcome: 'reject' },
})

/** a1 alone ready; `x` reserved for it (`first`, its routed event), `y` waiting behind it. */
export function offeredWithOneBehind() {
  const h = setup([salesTarget])
  h.ready('a1')
  h.router.submit({ id: 'x', strategy: 'test' })
  h.clock.advance(1000)
  h.router.submit({ id: 'y', strategy: 'test' })
  const agent = (id: string) => h.router.snapshot().agents.find((a) => a.id === id)
  return { ...h, first: h.of('routed', 'x')[0]!, agent }
}
