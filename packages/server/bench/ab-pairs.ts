// The paired A/B benchmarks' rounds: this build and the base run one after the other, the order alternating pair by
// pair, and a run that does not finish (a loaded machine's serve falling behind) fails its pair, not the bench.

export type Side = 'base' | 'this'

export interface PairFailure {
  round: number
  which: Side
  /** What the run threw. */
  why: string
}

export interface Pairs<F> {
  /** The pairs whose two runs finished, in round order. */
  finished: Array<Record<Side, F>>
  failed: PairFailure[]
}

/**
 * Runs `rounds` pairs of `run` (base first in even rounds, this build first in odd ones, so a load that grows
 * through the bench falls on both alike). A run that throws fails its pair: `onFailed` hears why, the pair's other
 * run is not started and the next round goes on. Throws, naming every failure, only when no pair finished.
 */
export async function runPairs<F>(
  rounds: number,
  run: (which: Side, round: number) => Promise<F>,
  onFailed: (failure: PairFailure) => void = () => {},
): Promise<Pairs<F>> {
  const finished: Array<Record<Side, F>> = []
  const failed: PairFailure[] = []
  for (let round = 0; round < rounds; round++) {
    const order: Side[] = round % 2 === 0 ? ['base', 'this'] : ['this', 'base']
    const pair: Partial<Record<Side, F>> = {}
    try {
      for (const which of order) pair[which] = await run(which, round)
      finished.push(pair as Record<Side, F>)
    } catch (error) {
      const which = order.find((side) => !(side in pair)) ?? order[0]!
      const failure = { round, which, why: (error instanceof Error ? error.message : String(error)).trim() }
      failed.push(failure)
      onFailed(failure)
    }
  }
  if (finished.length === 0)
    throw new Error(
      `no pair of ${rounds} finished: ${failed.map((f) => `round ${f.round} ${f.which}: ${f.why}`).join('; ')}`,
    )
  return { finished, failed }
}

/** "3 pairs", or "2 of 3 pairs, 1 failed": the figures' names say how many pairs their median is of. */
export function pairsCounted(pairs: Pairs<unknown>): string {
  const all = pairs.finished.length + pairs.failed.length
  return pairs.failed.length === 0
    ? `${all} pairs`
    : `${pairs.finished.length} of ${all} pairs, ${pairs.failed.length} failed`
}
