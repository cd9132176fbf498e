// The statistics windows' benches' traffic, in plain JavaScript so redis-windows.bench.ts and the uptime script run
// under bare Node (windows-growth.mjs) play the same load: AGENTS ready agents in one group, RATE interactions a
// second, each answered by the next agent and completed a second later.
import * as installed from '@routewright/strategy-runtime'

export const AGENTS = 3300
export const RATE = 1000
const support = { kind: 'group', id: 'support' }

/**
 * A simulated clock, a provider with every agent ready on it, `second()` playing one second of traffic. `runtime`:
 * another build's strategy-runtime module (an A/B script), by default this checkout's.
 */
export function windowsTraffic(runtime = installed) {
  const { createMemoryStatProvider, createSimulatedClock } = runtime
  const clock = createSimulatedClock(Date.UTC(2026, 10, 30, 9))
  const agents = Object.fromEntries(
    Array.from({ length: AGENTS }, (_, i) => [`a${i}`, { groups: ['support'] }]),
  )
  /** A provider on the traffic's clock with every agent ready and nothing else (what a takeover restores into). */
  function readyProvider() {
    const p = createMemoryStatProvider({
      clock,
      directory: { directory: 'bench', format: 1, groups: { support: {} }, agents },
    })
    for (let i = 0; i < AGENTS; i++)
      p.record({ type: 'agent-state', agent: `a${i}`, state: 'ready', at: clock.now() })
    return p
  }
  const stats = readyProvider()
  let n = 0
  function second() {
    for (let k = 0; k < RATE; k++) {
      clock.advance(1000 / RATE)
      const at = clock.now()
      const id = `i${n}`
      stats.record({ type: 'interaction-queued', interaction: id, targets: [support], media: 'voice', at })
      stats.record({
        type: 'interaction-routed',
        interaction: id,
        agent: `a${n % AGENTS}`,
        targets: [support],
        media: 'voice',
        at,
      })
      n++
      if (n > 1) {
        const before = n - 2
        stats.record({
          type: 'interaction-completed',
          interaction: `i${before}`,
          agent: `a${before % AGENTS}`,
          media: 'voice',
          at,
        })
      }
    }
  }
  return { clock, stats, second, readyProvider }
}
