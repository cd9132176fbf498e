import { erlangA, erlangB, erlangC } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'

/** The textbook form with factorials: fine for small N, an independent check of the recurrence. */
function erlangCByFactorials(a: number, n: number): number {
  let sum = 0
  let term = 1
  for (let k = 0; k < n; k++) {
    if (k > 0) term *= a / k
    sum += term
  }
  const top = ((term * a) / n) * (n / (n - a))
  return top / (sum + top)
}

describe('erlangC', () => {
  it.each([
    [8, 10],
    [10, 11],
    [2.5, 3],
    [45, 50],
  ])('agrees with the factorial formula for A=%d, N=%d', (a, n) => {
    const result = erlangC({ arrivalRate: a / 180, aht: 180, agents: n })
    expect(result.probabilityOfWaiting).toBeCloseTo(erlangCByFactorials(a, n), 10)
  })

  it('gives the published figures for 10 agents at 8 Erlangs, AHT 180 s', () => {
    const result = erlangC({ arrivalRate: 8 / 180, aht: 180, agents: 10 })
    expect(result.offeredLoad).toBeCloseTo(8)
    expect(result.probabilityOfWaiting).toBeCloseTo(0.4092, 3)
    expect(result.asa).toBeCloseTo((0.4092 * 180) / 2, 0)
    expect(result.serviceLevel(20)).toBeCloseTo(1 - 0.4092 * Math.exp(-40 / 180), 3)
    expect(result.serviceLevel(0)).toBeCloseTo(1 - result.probabilityOfWaiting)
  })

  it('stays finite for large centres where factorials overflow', () => {
    const result = erlangC({ arrivalRate: 950 / 300, aht: 300, agents: 1000 })
    expect(result.probabilityOfWaiting).toBeGreaterThan(0)
    expect(result.probabilityOfWaiting).toBeLessThan(1)
    expect(Number.isFinite(result.asa)).toBe(true)
  })

  it('reports an overloaded group as unstable: everyone waits, nobody within T', () => {
    const result = erlangC({ arrivalRate: 12 / 180, aht: 180, agents: 10 })
    expect(result).toMatchObject({ stable: false, probabilityOfWaiting: 1, asa: Infinity })
    expect(result.serviceLevel(20)).toBe(0)
  })

  it.each([
    [{ arrivalRate: -1, aht: 180, agents: 10 }, /arrivalRate/],
    [{ arrivalRate: 1, aht: 0, agents: 10 }, /aht/],
    [{ arrivalRate: 1, aht: 180, agents: 2.5 }, /agents/],
  ])('rejects bad input %o', (input, message) => {
    expect(() => erlangC(input)).toThrow(message)
  })

  it('computes Erlang B by the stable recurrence', () => {
    expect(erlangB(1, 1)).toBeCloseTo(0.5)
    expect(erlangB(2, 2)).toBeCloseTo(0.4)
  })
})

describe('erlangA', () => {
  it('tends to Erlang C when callers never give up', () => {
    const a = erlangA({ arrivalRate: 8 / 180, aht: 180, agents: 10, patience: 1e9 })
    const c = erlangC({ arrivalRate: 8 / 180, aht: 180, agents: 10 })
    expect(a.probabilityOfWaiting).toBeCloseTo(c.probabilityOfWaiting, 4)
    expect(a.averageWait).toBeCloseTo(c.asa, 1)
    expect(a.probabilityOfAbandon).toBeLessThan(1e-5)
  })

  it('stays stable when overloaded: the excess abandons', () => {
    const result = erlangA({ arrivalRate: 12 / 180, aht: 180, agents: 10, patience: 60 })
    expect(result.probabilityOfWaiting).toBeGreaterThan(0.5)
    // served load cannot exceed the agents: at least 2 of 12 Erlangs must abandon
    expect(result.probabilityOfAbandon).toBeGreaterThan(2 / 12)
    expect(result.occupancy).toBeLessThanOrEqual(1)
    // Little's law on abandonment: P_ab = theta x E[Q] / lambda
    expect(result.probabilityOfAbandon).toBeCloseTo(result.averageWait / 60, 6)
  })

  it('stays finite at a load whose weights pass the largest double: 1,440 Erlangs on 10 patient agents', () => {
    // 60 calls/h of a day's handle time, callers as patient: before, the weights overflowed and every figure was NaN
    const result = erlangA({ arrivalRate: 60 / 3600, aht: 86_400, agents: 10, patience: 86_400 })
    // the 10 agents serve 10 of the 1,440 Erlangs offered; the rest abandon
    expect(result.probabilityOfAbandon).toBeCloseTo(1 - 10 / 1440, 3)
    expect(result.probabilityOfWaiting).toBeCloseTo(1, 6)
    expect(result.occupancy).toBeCloseTo(1, 3)
    expect(result.probabilityOfAbandon).toBeCloseTo(result.averageWait / 86_400, 6)
  })
})
