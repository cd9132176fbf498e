// The directories and strategies the history tests and benches route with: a sales group with an overflow one
// (records of waits, escalation, reservations), and a pool of N agents behind a tag (whole simulated days).
// pure: documents only
import type { DirectoryDocument, StrategyDocument } from '@routewright/strategy-dsl'

/** Monday 2026-03-02 09:00 UTC: when the sales router's tests start their clock. */
export const SALES_START = Date.UTC(2026, 2, 2, 9)

/** Two sales agents and one overflow agent, one voice call each. */
export const salesDirectory: DirectoryDocument = {
  directory: 'test',
  format: 1,
  groups: { sales: {}, overflow: {} },
  agents: {
    a1: { groups: ['sales'], capacity: { voice: 1 } },
    a2: { groups: ['sales'], capacity: { voice: 1 } },
    o1: { groups: ['overflow'], capacity: { voice: 1 } },
  },
}

/** The groups of a sales directory agent, as the records builder asks for them. */
export function salesGroupsOf(agent: string): string[] {
  return salesDirectory.agents?.[agent]?.groups ?? []
}

/**
 * Attaches `Tier: gold` (and `extra` data), waits 60 s for sales with overflow added after 20 s, then ends on the
 * default route.
 */
export function salesStrategy(extra: Record<string, string> = {}): StrategyDocument {
  return {
    strategy: 'sales',
    format: 1,
    start: 'tag',
    nodes: {
      tag: { type: 'attach', set: { Tier: '"gold"', ...extra }, next: 'pick' },
      pick: {
        type: 'target',
        targets: [{ group: 'sales' }],
        wait: '60s',
        escalate: [{ after: '20s', add: [{ group: 'overflow' }] }],
        next: { timeout: 'bye' },
      },
      bye: { type: 'end', outcome: 'default-route' },
    },
  } as unknown as StrategyDocument
}

/** `agents` agents p0, p1, ... in group `pool`, one voice call each, and a strategy tagging then waiting `wait`. */
export function taggedPool(
  agents: number,
  wait: string,
): { directory: DirectoryDocument; strategy: StrategyDocument } {
  const directory: DirectoryDocument = {
    directory: 'pool',
    format: 1,
    groups: { pool: {} },
    agents: Object.fromEntries(
      Array.from({ length: agents }, (_, i) => [`p${i}`, { groups: ['pool'], capacity: { voice: 1 } }]),
    ),
  }
  const strategy = {
    strategy: 'pool',
    format: 1,
    start: 'tag',
    nodes: {
      tag: { type: 'attach', set: { Tier: '"gold"' }, next: 'pick' },
      pick: { type: 'target', targets: [{ group: 'pool' }], wait, next: { timeout: 'bye' } },
      bye: { type: 'end', outcome: 'default-route' },
    },
  } as unknown as StrategyDocument
  return { directory, strategy }
}
