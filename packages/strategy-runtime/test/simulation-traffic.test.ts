// checkTraffic: a simulation whose contacts cannot reach an agent says why (RW490-RW493) instead of reporting every
// contact abandoned; simulate() returns the same findings with its figures.
import { POOL_DAY, poolDirectory, poolStrategy } from '@routewright/node-support/testing'
import type { DirectoryDocument, StrategyDocument } from '@routewright/strategy-dsl'
import { checkTraffic, simulate, type TrafficInput } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'

const twoGroups = {
  strategy: 'pool',
  format: 1,
  start: 'pick',
  nodes: {
    pick: { type: 'target', targets: [{ group: 'pool' }, { queue: 'late' }] },
  },
} as StrategyDocument
const directory: DirectoryDocument = {
  ...poolDirectory,
  groups: { pool: {}, nights: {} },
  queues: { late: { groups: ['nights'] } },
}

function make(overrides: Partial<TrafficInput> = {}): TrafficInput {
  return { strategy: 'pool', strategies: [poolStrategy], directory: poolDirectory, ...overrides }
}

describe('checkTraffic', () => {
  it('finds nothing when every contact can reach a logged-in agent who takes it', () => {
    expect(checkTraffic(make())).toEqual([])
  })

  it.each([
    ['RW490', 'error', make({ strategy: 'poll' }), ['strategy'], 'Did you mean "pool"?'],
    ['RW491', 'error', make({ media: 'vocie' }), ['interaction', 'media'], 'Did you mean "voice"?'],
    ['RW491', 'error', make({ media: 'fax' }), ['interaction', 'media'], 'Its media: voice.'],
    ['RW492', 'warning', make({ agents: [] }), ['interaction', 'media'], 'the directory has 10 who do'],
    [
      'RW493',
      'warning',
      make({ strategies: [twoGroups], directory }),
      ['nodes', 'pick', 'targets', 1, 'queue'],
      'targets queue "late"',
    ],
  ] as const)('[%s] %s: %o', (code, severity, input, path, words) => {
    const [finding, ...rest] = checkTraffic(input)
    expect(rest).toEqual([])
    expect(finding).toMatchObject({ code, severity, path })
    expect(finding?.message).toContain(words)
  })

  it('[RW491] names the fix of a misspelt media', () => {
    expect(checkTraffic(make({ media: 'vocie' }))[0]?.fix).toEqual({ written: 'vocie', meant: 'voice' })
  })

  it('is what simulate() returns with its figures', () => {
    const result = simulate({ ...POOL_DAY, durationHours: 2, agents: [] })
    expect(result.warnings.map((w) => w.code)).toEqual(['RW492'])
    expect(result.answered).toBe(0)
  })
})
