// The statistics of a simulation: the memory provider fed with every router event when something reads a figure
// (an expression, a threshold, a statistic pick rule, the result's `provider` figures), else not fed at all.
import type { DirectoryDocument, PickRule } from '@routewright/strategy-dsl'
import type { CompiledStrategy } from '../engine/compile.ts'
import { createMemoryStatProvider, type MemoryStatProvider } from '../stats/memory-provider.ts'
import type { StatProvider } from '../stats/provider.ts'
import type { Clock } from '../time/clock.ts'

/** Pick rules that rank agents by a statistic of the provider. */
function ranksByStatistic(pick: PickRule | undefined): boolean {
  return pick !== undefined && pick !== 'longest-idle' && pick !== 'random' && pick !== 'round-robin'
}

/**
 * Whether routing with these strategies can read a statistic: a `stat()` in any expression of any node (skill and
 * threshold ones included), a target's threshold (its candidates' occupancy is read for `agent.occupancy`), or a
 * pick rule by statistic (`least-occupied`, `{ min }`, `{ max }`). Expressions that do not compile read nothing.
 * Takes the compiled strategies: simulate() gives the router the same ones.
 */
export function strategiesReadStatistics(compiled: Iterable<CompiledStrategy>): boolean {
  for (const strategy of compiled) {
    for (const node of strategy.nodes.values()) {
      for (const expression of node.expressions.values()) if (expression.statRefs.length > 0) return true
      const spec = node.node
      if (spec.type === 'target' && (spec.threshold !== undefined || ranksByStatistic(spec.pick))) return true
    }
  }
  return false
}

export interface SimulationStats {
  /** What the router is given: the memory provider when fed, else a provider that computes nothing. */
  provider: StatProvider
  /** The fed memory provider, to read the result's figures; undefined when unfed. */
  memory: MemoryStatProvider | undefined
}

/**
 * The provider of a simulation. Unfed, the router builds no statistics event and no figure is kept: nothing reads
 * one. It knows no agent status either, so the router starts from its own directory, as it does beside a fresh
 * memory provider. A read all the same (a way of reading statistics `strategiesReadStatistics` does not know) is
 * reported through `unexpected` and answered with 0, so such a gap shows in the result's problems instead of
 * silently routing on empty statistics.
 */
export function simulationStats(
  clock: Clock,
  directory: DirectoryDocument,
  fed: boolean,
  unexpected: (what: string) => void,
): SimulationStats {
  if (fed) {
    const memory = createMemoryStatProvider({ clock, directory })
    return { provider: memory, memory }
  }
  const provider: StatProvider = {
    name: 'memory',
    read(request) {
      unexpected(
        `statistic ${request.statistic} of ${request.subject.kind}:${request.subject.id} was read, but simulate() did not compute statistics for these strategies`,
      )
      return { value: 0, asOf: clock.now() }
    },
    agentStatus: () => undefined,
    subscribe: () => () => {},
  }
  return { provider, memory: undefined }
}
