import type { SimulationResult } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { chartData, formatHour, formatValue, rateAt } from './chart-data.ts'
import type { SimSettings } from './sim-form.ts'

function make(overrides: Partial<SimSettings> = {}): SimSettings {
  return {
    arrivalsPerHour: 60,
    ahtSeconds: 180,
    patienceSeconds: 120,
    durationHours: 2,
    warmupHours: 0,
    serviceLevelSeconds: 20,
    intervalMinutes: 60,
    seed: 1,
    media: 'voice',
    agents: ['a', 'b', 'c', 'd'],
    ...overrides,
  }
}

const interval = (start: number, offered: number, answered: number, abandoned: number) => ({
  start: start * 3_600_000,
  offered,
  answered,
  abandoned,
  serviceLevel: offered > 0 ? 0.8 : 1,
  asa: answered > 0 ? 12 : 0,
  occupancy: 0.5,
  averageWaiting: 0,
})

const result = (intervals: ReturnType<typeof interval>[]) => ({ intervals }) as unknown as SimulationResult

describe('chartData', () => {
  it('gives one line per version plus Erlang dashed, with gaps where an interval had no arrivals', () => {
    const runs = [
      { label: 'edited', strategy: 's', result: result([interval(0, 10, 8, 2), interval(1, 0, 0, 0)]) },
      { label: 'saved', strategy: 's', result: result([interval(0, 10, 5, 5), interval(1, 4, 4, 0)]) },
    ]
    const data = chartData(runs, make())
    expect(data.hours).toEqual([0, 1])
    const byId = Object.fromEntries(data.charts.map((c) => [c.id, c]))
    expect(byId['service-level']!.series.map((s) => [s.label, s.dashed])).toEqual([
      ['edited', false],
      ['saved', false],
      ['Erlang C', true],
    ])
    expect(byId['service-level']!.series[0]!.values).toEqual([0.8, null])
    expect(byId['abandon-rate']!.series[1]!.values).toEqual([0.5, 0])
    expect(byId['abandon-rate']!.series[2]!.label).toBe('Erlang A')
    expect(byId.asa!.series[0]!.values).toEqual([12, null])
    // Erlang C at 60 calls/h x 180 s = 3 Erlangs on 4 agents: the same figure every interval
    const erlang = byId['service-level']!.series[2]!.values
    expect(erlang[0]).toBeCloseTo(erlang[1]!, 12)
    expect(erlang[0]).toBeGreaterThan(0.5)
  })

  it('leaves Erlang A out without patience and follows a profile interval by interval', () => {
    const profile = {
      intervalMinutes: 60,
      arrivalsPerHour: Array.from({ length: 24 }, (_, h) => (h === 1 ? 60 : 0)),
    }
    const settings = make({ arrivalProfile: profile })
    delete settings.patienceSeconds
    delete settings.arrivalsPerHour
    expect(rateAt(settings, 0.5)).toBe(0)
    expect(rateAt(settings, 1.5)).toBe(60)
    expect(rateAt(settings, 25.5)).toBe(60)
    const data = chartData(
      [{ label: 'v', strategy: 's', result: result([interval(0, 0, 0, 0), interval(1, 5, 5, 0)]) }],
      settings,
    )
    const abandon = data.charts.find((c) => c.id === 'abandon-rate')!
    expect(abandon.series.map((s) => s.label)).toEqual(['v'])
    const sl = data.charts.find((c) => c.id === 'service-level')!
    expect(sl.series[1]!.values[0]).toBeNull()
    expect(sl.series[1]!.values[1]).toBeGreaterThan(0)
  })
})

describe('formatting', () => {
  it.each([
    [0, '00:00'],
    [9.5, '09:30'],
    [23.75, '23:45'],
    [24.25, 'd2 00:15'],
  ])('hour %d reads %s', (hour, text) => {
    expect(formatHour(hour)).toBe(text)
  })

  it('reads percentages, seconds and gaps', () => {
    expect(formatValue(0.8346, 'percent')).toBe('83.5%')
    expect(formatValue(12.34, 'seconds')).toBe('12.3 s')
    expect(formatValue(null, 'percent')).toBe('–')
    expect(formatValue(Number.POSITIVE_INFINITY, 'seconds')).toBe('–')
  })
})
