// An agent ready for voice only, with no agent-wide state (docs/figures.md "State times per media"): the router
// routes her, so the memory provider and the report both count her logged in (Genesys: logged in on any media), and
// the report, run at the router's now, counts her open ready period up to now as the provider does.
import { expect, it } from 'vitest'
import { eachReport, salesRouterWithProvider } from './report-vs-live.ts'
import { salesStrategy } from './routers.ts'

const MIN = 60_000

it('counts an agent logged in on one media only as logged in, in the report as live', async () => {
  const { clock, items, router, read } = salesRouterWithProvider(salesStrategy())
  router.agentEvent({ agent: 'a1', state: 'ready', media: 'voice' })
  clock.advance(5 * MIN)
  router.submit({ id: 'x1', strategy: 'sales' })
  router.confirmReservation('x1')
  clock.advance(10 * MIN)
  router.complete('x1')
  // still ready for voice at the report's now, half way through the hour
  clock.advance(15 * MIN)

  expect(read('sales', 'AgentsLoggedIn')).toBe(1)
  const live = read('a1', 'Occupancy', 'agent')
  expect(live).toBeCloseTo(10 / 30)
  expect(read('sales', 'Occupancy')).toBeCloseTo(10 / 30)

  await eachReport(
    items,
    ['agent', 'group'],
    (report, at, by) => {
      const row = report.totals.find((r) => r.key === (by === 'agent' ? 'a1' : 'group:sales'))
      expect(row?.loggedInTime, at).toBe(30 * 60)
      // the host reported no busy state: busy while she handled x1 all the same (docs/figures.md "Busy")
      expect(row?.readyTime, at).toBe(20 * 60)
      expect(row?.busyTime, at).toBe(10 * 60)
      expect(row?.occupancy, at).toBeCloseTo(live)
    },
    clock,
  )
})
