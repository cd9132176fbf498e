// Erlang over a day whose rate changes (erlangCOverProfile, erlangAOverProfile): interval by interval, weighted by
// calls, as workforce planning reads a day; and the profile text reader the CLI and the designer share.
import type { DirectoryDocument, StrategyDocument } from '@routewright/strategy-dsl'
import {
  erlangA,
  erlangAOverProfile,
  erlangC,
  erlangCOverProfile,
  meanProfileRate,
  readArrivalProfile,
  simulate,
} from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'

const flat = { intervalMinutes: 60, arrivalsPerHour: Array(24).fill(100) }
// half a day at 40 % of five agents' capacity, half at 87 %
const twoHalves = {
  intervalMinutes: 60,
  arrivalsPerHour: Array.from({ length: 24 }, (_, h) => (h < 12 ? 60 : 130)),
}
const span = { fromHours: 0, toHours: 72, ahtSeconds: 120, agents: 5 }

describe('Erlang over a profile', () => {
  it('is Erlang at the rate when the rate does not change', () => {
    const day = erlangCOverProfile({ ...span, profile: flat })
    const one = erlangC({ arrivalRate: 100 / 3600, aht: 120, agents: 5 })
    expect(day.stable).toBe(true)
    for (const key of ['offeredLoad', 'occupancy', 'probabilityOfWaiting', 'asa'] as const)
      expect(day[key]).toBeCloseTo(one[key], 10)
    expect(day.serviceLevel(20)).toBeCloseTo(one.serviceLevel(20), 10)
    const a = erlangAOverProfile({ ...span, profile: flat, patienceSeconds: 60 })
    const oneA = erlangA({ arrivalRate: 100 / 3600, aht: 120, agents: 5, patience: 60 })
    for (const key of [
      'offeredLoad',
      'occupancy',
      'probabilityOfWaiting',
      'probabilityOfAbandon',
      'averageWait',
    ] as const)
      expect(a[key]).toBeCloseTo(oneA[key], 10)
  })

  it('says a day with a peak over the staff has no steady state, where the mean rate looks fine', () => {
    const peak = {
      intervalMinutes: 60,
      arrivalsPerHour: Array.from({ length: 24 }, (_, h) => (h === 10 ? 200 : 20)),
    }
    const mean = meanProfileRate(peak, 0, 24)
    expect(erlangC({ arrivalRate: mean / 3600, aht: 120, agents: 5 }).stable).toBe(true)
    const day = erlangCOverProfile({ ...span, toHours: 24, profile: peak })
    expect(day.stable).toBe(false)
    expect(day.asa).toBe(Infinity)
    // the peak's 200 calls of 660 count as waiting and late; the quiet hours' calls nearly never wait
    expect(day.serviceLevel(20)).toBeLessThan(1 - 200 / 660 + 0.01)
    expect(day.probabilityOfWaiting).toBeGreaterThan(200 / 660)
    expect(day.offeredLoad).toBeCloseTo((mean * 120) / 3600, 10)
  })

  it('agrees with a simulated day far better than Erlang at the mean rate does', () => {
    const agents = Object.fromEntries(
      Array.from({ length: 5 }, (_, i) => [`p${i + 1}`, { groups: ['pool'], capacity: { voice: 1 } }]),
    )
    const directory: DirectoryDocument = { directory: 'sim', format: 1, groups: { pool: {} }, agents }
    const strategy = {
      strategy: 'pool',
      format: 1,
      start: 'pick',
      nodes: { pick: { type: 'target', targets: [{ group: 'pool' }] } },
    } as unknown as StrategyDocument
    const day = erlangCOverProfile({ ...span, profile: twoHalves })
    const mean = erlangC({ arrivalRate: meanProfileRate(twoHalves, 0, 72) / 3600, aht: 120, agents: 5 })
    for (const seed of [1, 2]) {
      const run = simulate({
        strategy: 'pool',
        strategies: [strategy],
        directory,
        ahtSeconds: 120,
        durationHours: 72,
        warmupHours: 0,
        seed,
        arrivalProfile: twoHalves,
        serviceLevelSeconds: 20,
      })
      expect(Math.abs(run.probabilityOfWaiting - day.probabilityOfWaiting)).toBeLessThan(0.06)
      expect(Math.abs(run.serviceLevel - day.serviceLevel(20))).toBeLessThan(0.06)
      // the mean rate's figures are off by about 0.2 on both
      expect(Math.abs(run.probabilityOfWaiting - mean.probabilityOfWaiting)).toBeGreaterThan(0.15)
      expect(Math.abs(run.serviceLevel - mean.serviceLevel(20))).toBeGreaterThan(0.15)
    }
  })
})

describe('readArrivalProfile', () => {
  it('takes the interval from the count of rates, or the one given', () => {
    expect(readArrivalProfile(Array(24).fill('5').join('\n'))).toEqual({
      intervalMinutes: 60,
      arrivalsPerHour: Array(24).fill(5),
    })
    expect(readArrivalProfile(Array(48).fill('1.5').join(', '))).toMatchObject({ intervalMinutes: 30 })
    expect(readArrivalProfile(Array(96).fill('2').join(';'))).toMatchObject({ intervalMinutes: 15 })
    expect(readArrivalProfile(Array(48).fill('2').join(' '), 30)).toMatchObject({ intervalMinutes: 30 })
  })

  it('says what is wrong with the text', () => {
    expect(readArrivalProfile('1 2 3')).toBe(
      'The profile needs 24, 48 or 96 rates (one per hour, half hour or quarter hour of the day from its start); it has 3.',
    )
    expect(readArrivalProfile(Array(24).fill('1').join(' '), 30)).toBe(
      'The profile needs 48 rates, one per 30 minutes of the day from its start; it has 24.',
    )
    expect(readArrivalProfile(`${'1 '.repeat(23)}-4`)).toBe('Rate 24 ("-4") is not a number >= 0.')
    expect(readArrivalProfile(`${'1 '.repeat(23)}Infinity`)).toBe(
      'Rate 24 ("Infinity") is not a number >= 0.',
    )
    expect(readArrivalProfile('0 '.repeat(24))).toBe('The profile has no arrivals at all.')
  })
})
