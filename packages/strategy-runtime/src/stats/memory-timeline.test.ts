import { describe, expect, it } from 'vitest'
import { CumulativeSeries, PairSeries } from './memory-series.ts'
import { AgentTimeline } from './memory-timeline.ts'

describe('AgentTimeline', () => {
  it('answers every figure as separate series fed the same changes would, when changes are a second apart', () => {
    const timeline = new AgentTimeline(3_600_000)
    const loggedIn = new CumulativeSeries(3_600_000)
    const handling = new CumulativeSeries(3_600_000)
    const completions = new PairSeries(3_600_000)
    let rateL = 0
    let rateH = 0
    for (let k = 0; k < 120; k++) {
      const at = k * 5_000
      if (k % 3 === 0) {
        rateL = k % 2
        rateH = (k >> 1) % 3
        timeline.setRates(at, rateL, rateH)
        loggedIn.setRate(at, rateL)
        handling.setRate(at, rateH)
      } else {
        timeline.complete(at, k * 10)
        completions.add(at, 1, k * 10)
      }
    }
    for (const [from, to] of [
      [-1, 600_000],
      [12_345, 400_000],
      [250_000, 250_001],
      [595_000, 595_000],
    ] as const) {
      expect(timeline.loggedInMs(from, to)).toBe(loggedIn.between(from, to))
      expect(timeline.handlingMs(from, to)).toBe(handling.between(from, to))
      expect(timeline.completed(from, to)).toBe(completions.count(from, to))
      expect(timeline.handleMs(from, to)).toBe(completions.sum(from, to))
    }
    expect(timeline.completed(-1, 600_000)).toBe(80)
  })

  it('folds a completion and the handling that ends with it into one row, exact from then on', () => {
    const timeline = new AgentTimeline(3_600_000)
    timeline.setRates(0, 1, 1)
    timeline.complete(60_000, 60_000)
    timeline.setRates(60_000, 1, 0)
    timeline.setRates(60_400, 1, 1)
    expect(timeline.rowCount).toBe(2)
    expect(timeline.handlingMs(0, 120_000)).toBe(60_000 + 59_600)
    expect(timeline.loggedInMs(0, 120_000)).toBe(120_000)
    expect(timeline.completed(59_999, 60_000)).toBe(1)
    expect(timeline.handleMs(0, 120_000)).toBe(60_000)
  })

  it('keeps nothing for an agent that never logged in, and memory bounded by the horizon', () => {
    const timeline = new AgentTimeline(600_000, 1000)
    timeline.setRates(0, 0, 0)
    expect(timeline.rowCount).toBe(0)
    expect(timeline.loggedInMs(-1, 10)).toBe(0)
    const end = 2 * 3_600_000
    for (let t = 0; t < end; t += 100) timeline.complete(t, 5)
    expect(timeline.rowCount).toBeLessThanOrEqual(602)
    expect(Math.abs(timeline.completed(end - 300_000, end) - 3_000)).toBeLessThanOrEqual(10)
    expect(Math.abs(timeline.handleMs(end - 300_000, end) - 15_000)).toBeLessThanOrEqual(50)
  })
})
