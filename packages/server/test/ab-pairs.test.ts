// The paired A/B bench's rounds (bench/ab-pairs.ts): a run that does not finish fails its pair, not the bench.
import { describe, expect, it } from 'vitest'
import { type PairFailure, pairsCounted, runPairs, type Side } from '../bench/ab-pairs.ts'

describe('runPairs', () => {
  it('leaves out a pair whose run threw, says why, and goes on with the other pairs', async () => {
    const started: string[] = []
    const heard: PairFailure[] = []
    const pairs = await runPairs(
      3,
      async (which: Side, round) => {
        started.push(`${round} ${which}`)
        if (round === 1 && which === 'this') throw new Error('only 900 of 1000 confirmed and completed')
        return round * 10 + (which === 'this' ? 1 : 0)
      },
      (failure) => heard.push(failure),
    )
    expect(pairs.finished).toEqual([
      { base: 0, this: 1 },
      { base: 20, this: 21 },
    ])
    const failure = { round: 1, which: 'this', why: 'only 900 of 1000 confirmed and completed' }
    expect(pairs.failed).toEqual([failure])
    expect(heard).toEqual([failure])
    // the order alternates; the failed pair's base run is not started after its first run threw
    expect(started).toEqual(['0 base', '0 this', '1 this', '2 base', '2 this'])
    expect(pairsCounted(pairs)).toBe('2 of 3 pairs, 1 failed')
  })

  it('fails, naming each run that did not finish, only when no pair finished', async () => {
    await expect(
      runPairs(2, async (which, round) => {
        if (which === 'base') throw new Error(`stalled in round ${round}`)
        return 1
      }),
    ).rejects.toThrow(
      'no pair of 2 finished: round 0 base: stalled in round 0; round 1 base: stalled in round 1',
    )
  })

  it('counts every pair when none failed', async () => {
    expect(pairsCounted(await runPairs(3, async () => 1))).toBe('3 pairs')
  })
})
