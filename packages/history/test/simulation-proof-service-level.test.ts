// The proof under abandons: a simulated busy morning recorded into a store gives, through the report, the
// simulation's service level on each basis (handled: answered + abandoned; offered: every arrival), not one figure
// for two definitions.

import { buildReport } from '@routewright/history'
import { POOL_DAY, POOL_DAY_START, poolDirectory } from '@routewright/node-support/testing'
import type { StrategyDocument } from '@routewright/strategy-dsl'
import type { SimulationOptions } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { LATER } from './agent-state-rows.ts'
import { recordedSimulation, STORE_KINDS } from './fixtures.ts'

const HOUR = 3_600_000
// the pool, where a caller waiting 30 s is sent to a partner: neither answered nor abandoned, so the bases differ;
// before it, a 15 s greeting (a host function answering late) where some callers hang up before any queueing, in
// neither side of the handled basis
const overflowing = {
  strategy: 'pool',
  format: 1,
  start: 'greet',
  nodes: {
    greet: {
      type: 'function',
      call: 'greet',
      timeout: '30s',
      next: { done: 'pick', error: 'pick', timeout: 'pick' },
    },
    pick: { type: 'target', targets: [{ group: 'pool' }], wait: '30s', next: { timeout: 'partner' } },
    partner: { type: 'route', destination: 'partner' },
  },
} as StrategyDocument
// 10 Erlangs offered to 10 agents, callers leaving after 60 s on average: some abandon, some are sent on
const options: SimulationOptions = {
  ...POOL_DAY,
  strategies: [overflowing],
  directory: {
    ...poolDirectory,
    destinations: { partner: { type: 'external', address: '+18005550199' } },
    functions: { greet: { description: 'Plays the greeting', args: [], returns: 'bool', timeout: '30s' } },
  },
  arrivalsPerHour: 200,
  durationHours: 7,
  patienceSeconds: 60,
  functions: { greet: { returns: true, after: '15s' } },
}

describe.each(STORE_KINDS)(
  'a simulated morning with abandons recorded in %s',
  { timeout: 120_000 },
  (_name, make) => {
    it('reports the simulation’s service level on the basis it is asked for', async () => {
      const { store, result } = await recordedSimulation(make, options)
      expect(result.abandoned).toBeGreaterThan(50)
      expect(result.other).toBeGreaterThan(20)
      // the two definitions are not the same figure on such a day
      expect(result.serviceLevelHandled - result.serviceLevel).toBeGreaterThan(0.01)

      const from = POOL_DAY_START + HOUR
      const measured = (serviceLevelBasis: 'handled' | 'offered') =>
        buildReport(store, {
          clock: LATER,
          from,
          to: from + 6 * HOUR,
          interval: 'day',
          by: 'strategy',
          serviceLevelBasis,
        })
      const handled = await measured('handled')
      expect(handled.serviceLevelBasis).toBe('handled')
      expect(handled.totals[0]).toMatchObject({
        offered: result.offered,
        answered: result.answered,
        abandoned: result.abandoned,
      })
      expect(handled.totals[0]?.serviceLevel).toBeCloseTo(result.serviceLevelHandled, 9)
      // the waits run from the first queueing on both sides: the greeting is no wait
      expect(handled.totals[0]?.asa).toBeCloseTo(result.asa, 6)
      const offered = await measured('offered')
      expect(offered.serviceLevelBasis).toBe('offered')
      expect(offered.totals[0]?.serviceLevel).toBeCloseTo(result.serviceLevel, 9)
    })
  },
)
