// simulate ends a treatment node's treatment on the simulated clock, as `test` and `run` do: a play after its
// duration (none: at once), a collect with no key pressed (its timeout branch), so the flow goes on to its route or
// target instead of holding every caller until the run's end (counted "other") or until they hang up (abandoned).
import { readFileSync } from 'node:fs'
import path from 'node:path'
import {
  type DirectoryDocument,
  parseDirectory,
  parseStrategy,
  type StrategyDocument,
} from '@routewright/strategy-dsl'
import { type SimulationOptions, simulate } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'

const examples = path.resolve(import.meta.dirname, '../../../examples')
const agents = Object.fromEntries(
  Array.from({ length: 10 }, (_, i) => [`p${i + 1}`, { groups: ['pool'], capacity: { voice: 1 } }]),
)
const directory = {
  directory: 'sim',
  format: 1,
  groups: { pool: {} },
  destinations: { voicemail: {} },
  agents,
} as unknown as DirectoryDocument

function strategy(nodes: Record<string, unknown>): StrategyDocument {
  return { strategy: 'flow', format: 1, start: 'first', nodes } as unknown as StrategyDocument
}

function run(doc: StrategyDocument, overrides: Partial<SimulationOptions> = {}) {
  return simulate({
    strategy: 'flow',
    strategies: [doc],
    directory,
    arrivalsPerHour: 60,
    ahtSeconds: 120,
    durationHours: 4,
    warmupHours: 0,
    countNodes: true,
    seed: 3,
    ...overrides,
  })
}

describe('simulate: treatment nodes', { timeout: 60_000 }, () => {
  it('routes after-hours callers of business-hours to voicemail, none abandoned (author review 1)', () => {
    const read = (name: string) => readFileSync(path.join(examples, name), 'utf8')
    const options = {
      strategy: 'business-hours',
      strategies: [parseStrategy(read('business-hours.strategy.yaml'))],
      directory: parseDirectory(read('contact-center.directory.yaml')),
      arrivalsPerHour: 30,
      ahtSeconds: 180,
      durationHours: 2,
      // a Saturday evening: New York and Paris both closed, the closed message then voicemail
      startAt: Date.parse('2026-03-07T20:00:00Z'),
      countNodes: true,
    }
    for (const patienceSeconds of [undefined, 120]) {
      const result = simulate({ ...options, ...(patienceSeconds ? { patienceSeconds } : {}) })
      expect(result.offered).toBeGreaterThan(20)
      expect([result.answered, result.abandoned, result.other]).toEqual([0, 0, result.offered])
      expect(result.nodeEntries?.['business-hours/voicemail']).toBeGreaterThanOrEqual(result.offered)
      expect(result.problems).toEqual([])
    }
  })

  it('answers callers after a play of 5 s before the target, the same for the same seed', () => {
    const doc = strategy({
      first: { type: 'treatment', play: 'prompts/welcome', duration: '5s', next: { done: 'pick' } },
      pick: { type: 'target', targets: [{ group: 'pool' }] },
    })
    const result = run(doc, { patienceSeconds: 600 })
    expect(result.offered).toBeGreaterThan(200)
    // a few hang up during the 5 s (patience 600 s on average: under 1 %), the rest reach an agent
    expect(result.answered).toBeGreaterThan(result.offered * 0.97)
    expect(result.answered + result.abandoned).toBe(result.offered)
    expect(result.other).toBe(0)
    expect(run(doc, { patienceSeconds: 600 })).toEqual(result)
  })

  it('hangs up some callers during a long play with short patience, and routes the rest', () => {
    const doc = strategy({
      first: { type: 'treatment', play: 'prompts/closed', duration: '30s', next: { done: 'away' } },
      away: { type: 'route', destination: 'voicemail' },
    })
    // patience 30 s on average against a 30 s play: about 1 - e^-1 = 63 % hang up in it
    const result = run(doc, { patienceSeconds: 30 })
    expect(result.abandoned + result.other).toBe(result.offered)
    expect(result.abandoned / result.offered).toBeGreaterThan(0.5)
    expect(result.abandoned / result.offered).toBeLessThan(0.75)
    // without a duration the play takes no time: nobody hangs up in it
    const instant = strategy({
      first: { type: 'treatment', play: 'prompts/closed', next: { done: 'away' } },
      away: { type: 'route', destination: 'voicemail' },
    })
    const none = run(instant, { patienceSeconds: 30 })
    expect([none.abandoned, none.other]).toEqual([0, none.offered])
  })

  it('takes a collect on to its timeout branch: a simulated caller presses no key', () => {
    const offer = (collect: Record<string, unknown>, next: Record<string, string>) =>
      strategy({
        first: { type: 'treatment', collect: { into: 'choice', max: 1, ...collect }, next },
        pick: { type: 'target', targets: [{ group: 'pool' }] },
        away: { type: 'route', destination: 'voicemail' },
      })
    const variables = { choice: { type: 'string', default: '' } }
    for (const [collect, next, branch] of [
      [{}, { done: 'away', timeout: 'pick' }, 'pick'],
      [{ timeout: '6s' }, { done: 'away', timeout: 'pick' }, 'pick'],
    ] as const) {
      const doc = { ...offer(collect, next), variables } as StrategyDocument
      const result = run(doc, { patienceSeconds: 600 })
      expect(result.offered).toBeGreaterThan(200)
      // a few hang up during the 6 s timeout, none elsewhere before the target
      expect((result.nodeEntries?.[`flow/${branch}`] ?? 0) + result.abandoned).toBe(result.offered)
      expect(result.nodeEntries?.['flow/away']).toBeUndefined()
      expect(result.answered).toBeGreaterThan(result.offered * 0.97)
    }
  })
})
